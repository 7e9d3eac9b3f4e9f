"""A learner cancels the account: refused with reasons while something is open; afterwards nobody
signs in as them, their name, ID number and phone are nowhere in the database (the invoice issued
to them excepted: an accounting record, kept unaltered), and what the law keeps (the ledger,
orders, payments, invoices, certificates) is still there; certificate verification shows no name."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.test import Client

from jxjy.accounts.models import ApiToken, Learner, User
from jxjy.accounts.rules import ANONYMISED_NAME
from jxjy.billing.models import Invoice, Order, Payment
from jxjy.certificates.models import Certificate
from jxjy.conftest import PASSWORD
from jxjy.core import clock
from jxjy.core.models import AuditEntry
from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
from jxjy.portals.models import ExternalIdentity
from jxjy.service.models import Complaint

from .conftest import everything_of, signed_in

pytestmark = pytest.mark.django_db

# The invoice issued to the learner is an accounting record (会计档案): kept 30 years as issued.
KEPT_AS_ISSUED = {("billing.Invoice", "buyer_name")}


def text_columns_holding(value: str) -> set[tuple[str, str]]:
    """Every (model, column) of every table whose text holds `value` (JSON as text too, in both
    its escaped and its plain spelling)."""
    spellings = {value, json.dumps(value)[1:-1]}
    found = set()
    for model in apps.get_models():
        if model._meta.label == "portals.SandboxPerson":  # the stand-in portal's own people, not ours
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField):
                continue
            qs = model._base_manager.annotate(_text=Cast(field.attname, models.TextField()))
            for spelling in spellings:
                if qs.filter(_text__contains=spelling).exists():
                    found.add((model._meta.label, field.name))
    return found


def test_cancelling_anonymises_and_keeps_what_the_law_keeps(cast, api):
    made = everything_of(cast.learner_yanta, "YANTA")
    user = cast.learner_yanta
    learner = user.learner
    name, id_number, phone, username = learner.name, learner.id_number, learner.phone, user.username
    ledger = CreditEntry.objects.filter(learner=learner).count()
    client = signed_in("learner_yanta")
    token = api(user)  # an API token as well
    assert token.get("me").status_code == 200
    assert text_columns_holding(name)  # the scan finds what is there

    page = client.get("/account/cancel/").content.decode()
    assert 'id="cancel-form"' in page
    response = client.post("/account/cancel/", {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]

    for value in (name, id_number, phone):
        assert text_columns_holding(value) <= KEPT_AS_ISSUED, value
    assert not text_columns_holding(username)
    row = Learner.objects.get(pk=learner.pk)
    assert row.name == ANONYMISED_NAME and row.phone == "" and row.id_number != id_number and len(row.id_number) == 18
    account = User.objects.get(pk=user.pk)
    assert not account.is_active and not account.has_usable_password() and account.cancelled_at
    # Kept: the ledger, order, payment, invoice, certificate.
    assert CreditEntry.objects.filter(learner=learner).count() == ledger
    assert Order.objects.filter(number="ORDYANTA", learner=learner).exists()
    assert Payment.objects.filter(order__number="ORDYANTA").exists()
    assert Invoice.objects.get(number="INVYANTA").buyer_name == name
    assert Certificate.objects.filter(learner=learner).count() == 1
    # Every way in is gone.
    assert not ApiToken.objects.filter(user_id=user.pk).exists()
    assert not ExternalIdentity.objects.filter(user_id=user.pk).exists()
    assert token.get("me").status_code == 401
    assert client.get("/account/").status_code == 302
    for login in (username, id_number):
        assert Client().post("/login/", {"login": login, "password": PASSWORD}).status_code == 200
    assert api().post("auth/token", {"username": id_number, "password": PASSWORD}).status_code == 401
    # The username is free again.
    assert not User.objects.filter(username=username).exists()
    # Audited, without personal data.
    entry = AuditEntry.objects.get(action="account.cancel")
    assert entry.object_id == str(user.pk) and entry.after["portal_identities"] == 1
    # The certificate's public verification names nobody.
    code = made["certificate"].code
    verified = Client().get(f"/api/v1/certificates/verify/{code}")
    assert verified.status_code == 200
    assert verified.json()["certificate"]["name"] == ANONYMISED_NAME
    text = verified.content.decode("unicode_escape") + Client().get(f"/certificates/verify/?code={code}").content.decode()
    assert name not in text and id_number[-4:] + "" not in verified.json()["certificate"]["id_number"]
    assert ANONYMISED_NAME in Client().get(f"/certificates/verify/?code={code}").content.decode()


def test_another_learners_data_is_untouched(cast, api):
    everything_of(cast.learner_yanta, "YANTA")
    other = cast.learner_baishui.learner
    before = (other.name, other.id_number, other.phone)
    assert api(cast.learner_yanta).post("me/cancel", {"password": PASSWORD}).status_code == 200
    other.refresh_from_db()
    assert (other.name, other.id_number, other.phone) == before
    assert cast.learner_baishui.is_active


@pytest.mark.parametrize("opened, code", [
    ("unpaid_order", "unpaid_orders"), ("uninvoiced_order", "uninvoiced_orders"),
    ("pending_claim", "pending_claims"), ("open_complaint", "open_complaints"), ("exam", "exams_in_progress")])
def test_cancelling_is_refused_while_something_is_open(cast, api, opened, code):
    made = everything_of(cast.learner_yanta, "YANTA")
    learner = cast.learner_yanta.learner
    now = clock.now()
    if opened == "unpaid_order":
        Order.objects.filter(pk=made["order"].pk).update(status=Order.Status.PENDING)
    elif opened == "uninvoiced_order":
        Invoice.objects.filter(order=made["order"]).update(status=Invoice.Status.PENDING, number=None)
    elif opened == "pending_claim":
        EquivalentHoursClaim.objects.filter(learner=learner).update(status=EquivalentHoursClaim.Status.PENDING)
    elif opened == "open_complaint":
        Complaint.objects.filter(complainant=learner).update(status=Complaint.Status.ACCEPTED)
    else:
        from jxjy.exams.models import ExamAttempt

        ExamAttempt.objects.filter(enrolment__learner=learner).update(
            status=ExamAttempt.Status.OPEN, submitted_at=None, deadline=now + dt.timedelta(minutes=30))
    res = api(cast.learner_yanta).post("me/cancel", {"password": PASSWORD})
    assert res.status_code == 409 and res.json()["code"] == "cancellation_refused"
    reasons = res.json()["detail"]["reasons"]
    assert [r["code"] for r in reasons] == [code] and reasons[0]["count"] == 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reasons[0]["message"])  # a Chinese reason
    assert api(cast.learner_yanta).get("me/cancel").json() == {"may_cancel": False, "reasons": reasons}
    page = signed_in("learner_yanta").get("/account/cancel/").content.decode()
    assert 'id="cancel-blockers"' in page and 'id="cancel-form"' not in page
    assert User.objects.get(pk=cast.learner_yanta.pk).is_active
    assert Learner.objects.get(pk=learner.pk).name != ANONYMISED_NAME


def test_a_wrong_password_cancels_nothing(cast, api):
    res = api(cast.learner_yanta).post("me/cancel", {"password": "wrong-password"})
    assert res.status_code == 422 and res.json()["code"] == "current_password_wrong"
    assert User.objects.get(pk=cast.learner_yanta.pk).is_active


def test_staff_accounts_are_not_cancelled_this_way(cast, api):
    res = api(cast.employer_yanta).post("me/cancel", {"password": PASSWORD})
    assert res.status_code == 403 and res.json()["code"] == "cancel_staff_account"
    assert User.objects.get(pk=cast.employer_yanta.pk).is_active


def test_a_later_ledger_change_reissues_the_certificate_without_a_name(cast, api):
    from jxjy.certificates.services import certificate_verify
    from jxjy.credits.services import credit_record

    made = everything_of(cast.learner_yanta, "YANTA")
    name = cast.learner_yanta.learner.name
    assert api(cast.learner_yanta).post("me/cancel", {"password": PASSWORD}).status_code == 200
    learner = Learner.objects.get(pk=cast.learner_yanta.learner.pk)
    credit_record(learner=learner, year=made["certificate"].year, category="PROFESSIONAL", hours=Decimal("1"),
                  source=CreditEntry.Source.IN_PERSON, reference="session:1", note="late")
    certificate_verify(code=made["certificate"].code)
    newest = Certificate.objects.filter(learner=learner).order_by("-version").first()
    assert newest.snapshot["name"] == ANONYMISED_NAME and name not in json.dumps(newest.snapshot, ensure_ascii=False)
