"""Business events become notices, after the commit, for the right people; text messages only
where the learner must act; a failing gateway or a failing notice never breaks the action."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest

from jxjy.billing.models import Order
from jxjy.billing.tests.conftest import enrol
from jxjy.catalog.models import Category, Course, CourseApplication
from jxjy.catalog.tests.conftest import payload
from jxjy.core import clock
from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
from jxjy.credits.services import credit_record
from jxjy.credits.tests.conftest import file_claim
from jxjy.learning.selectors import rules_for_year
from jxjy.notices import events
from jxjy.notices.models import Notice, SandboxSms, SmsMessage
from jxjy.notices.sms import SandboxGateway
from jxjy.plans.selectors import current_year
from jxjy.service.tests.conftest import file_complaint

from .conftest import notices_of

pytestmark = pytest.mark.django_db
Kind = Notice.Kind


def test_nothing_is_told_before_the_commit(cast, api):
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    api(cast.employer_yanta).post(f"claims/{claim_id}/reject", {"reason": "材料不全"})
    assert not Notice.objects.exists() and not SmsMessage.objects.exists()


def test_a_payment_tells_the_learner(cast, api, committed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    course = Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL, title="软件工程项目管理实务",
                                   hours=12, status=Course.Status.PUBLISHED)
    body = enrol(api, cast.learner_yanta, course)
    with committed():
        assert api(cast.learner_yanta).post(f"orders/{body['order']['id']}/sandbox-pay").status_code == 200
    order = Order.objects.get(pk=body["order"]["id"])
    [notice] = notices_of(cast.learner_yanta, Kind.PAYMENT_RECEIVED)
    assert order.number in notice.body and f"{order.amount:.2f}" in notice.body
    assert notice.link == f"/billing/orders/{order.pk}/" and notice.title.startswith("已收到付款")
    assert not SmsMessage.objects.exists()  # nothing to act on: in-app only


def test_an_approved_claim_tells_the_learner_in_app(cast, api, committed):
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    with committed():
        assert api(cast.employer_yanta).post(f"claims/{claim_id}/approve", {"hours": "10"}).status_code == 200
    [notice] = notices_of(cast.learner_yanta, Kind.CLAIM_APPROVED)
    assert "10" in notice.body and notice.link == f"/claims/{claim_id}/"
    assert not notices_of(cast.employer_yanta)
    assert not SmsMessage.objects.filter(purpose="claim_rejected").exists()


def test_a_rejected_claim_tells_the_learner_also_by_text(cast, api, committed):
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    with committed():
        assert api(cast.employer_yanta).post(f"claims/{claim_id}/reject", {"reason": "材料不全"}).status_code == 200
    [notice] = notices_of(cast.learner_yanta, Kind.CLAIM_REJECTED)
    assert "材料不全" in notice.body
    [text] = SandboxSms.objects.all()
    assert text.phone == cast.learner_yanta.learner.phone and text.text.startswith("【陕西继续教育】")
    assert "材料不全" not in text.text  # the reason is read on the platform


def test_the_action_succeeds_when_the_gateway_raises(cast, api, committed, monkeypatch, caplog):
    def broken(self, **kwargs):
        raise ConnectionError("carrier down 13900000002")

    monkeypatch.setattr(SandboxGateway, "send", broken)
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    with caplog.at_level(logging.INFO), committed():
        res = api(cast.employer_yanta).post(f"claims/{claim_id}/reject", {"reason": "材料不全"})
    assert res.status_code == 200 and res.json()["status"] == "REJECTED"
    assert EquivalentHoursClaim.objects.get(pk=claim_id).status == EquivalentHoursClaim.Status.REJECTED
    assert notices_of(cast.learner_yanta, Kind.CLAIM_REJECTED)
    assert SmsMessage.objects.get().status == SmsMessage.Status.FAILED
    assert cast.learner_yanta.learner.phone not in caplog.text


def test_the_action_succeeds_when_notifying_fails_altogether(cast, api, committed, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("李雁塔 13900000002")

    monkeypatch.setattr(events, "notify", broken)
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    with caplog.at_level(logging.INFO), committed():
        res = api(cast.employer_yanta).post(f"claims/{claim_id}/approve", {})
    assert res.status_code == 200 and res.json()["status"] == "APPROVED"
    assert CreditEntry.objects.filter(source=CreditEntry.Source.EQUIVALENT).exists()
    assert "RuntimeError" in caplog.text and "李雁塔" not in caplog.text and "13900000002" not in caplog.text


def test_complaints_tell_the_authority_the_complainant_and_the_base(cast, api, committed):
    with committed():
        res = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk)
    cid = res.json()["id"]
    [filed] = notices_of(cast.admin_weinan, Kind.COMPLAINT_FILED)
    assert filed.link == f"/complaints/{cid}/"
    assert not notices_of(cast.admin_xian) and not notices_of(cast.province_admin)
    assert not notices_of(cast.base_weinan)  # the base reads a complaint only once accepted
    with committed():
        api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    assert notices_of(cast.learner_baishui, Kind.COMPLAINT_ACCEPTED)
    [base_notice] = notices_of(cast.base_weinan, Kind.COMPLAINT_ACCEPTED)
    assert "张白水" not in base_notice.title + base_notice.body  # never the complainant's name
    assert not notices_of(cast.base_provincial)
    with committed():
        api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "责令退费"})
    assert notices_of(cast.learner_baishui, Kind.COMPLAINT_RESOLVED)
    assert notices_of(cast.base_weinan, Kind.COMPLAINT_RESOLVED)


def test_a_complaint_against_a_provincial_base_goes_to_the_province(cast, api, committed):
    with committed():
        file_complaint(api, cast.learner_yanta, base=cast.provincial_base.pk)
    assert notices_of(cast.province_admin, Kind.COMPLAINT_FILED) and not notices_of(cast.admin_xian)


def test_course_applications_tell_the_queue_and_then_the_base(cast, api, ready, committed):
    application = ready(cast.base_weinan, payload(title="基层护理质量管理", specialty="WS-HL", level="JUNIOR"))
    with committed():
        assert api(cast.base_weinan).post(f"course-applications/{application.pk}/submit").status_code == 200
    assert notices_of(cast.admin_weinan, Kind.APPLICATION_WAITING)
    assert not notices_of(cast.base_weinan)  # its own submission is no news to it
    with committed():
        api(cast.admin_weinan).post(f"course-applications/{application.pk}/review", {"decision": "approve"})
    assert "报送省" in notices_of(cast.base_weinan, Kind.APPLICATION_DECIDED)[0].title
    assert notices_of(cast.province_admin, Kind.APPLICATION_WAITING)
    with committed():
        api(cast.province_admin).post(f"course-applications/{application.pk}/review",
                                      {"decision": "reject", "opinion": "课件质量不达标"})
    assert CourseApplication.objects.get(pk=application.pk).status == CourseApplication.Status.REJECTED
    titles = [n.title for n in notices_of(cast.base_weinan, Kind.APPLICATION_DECIDED)]
    assert len(titles) == 2 and any("未通过" in t for t in titles)
    assert not notices_of(cast.base_provincial)


def test_credited_hours_and_a_complete_year_tell_the_learner(cast, committed):
    year = current_year()
    rules = rules_for_year(year)
    with committed():
        credit_record(learner=cast.learner_yanta.learner, year=year, category="PUBLIC",
                      hours=Decimal(rules.hours_public), source=CreditEntry.Source.ONLINE_COURSE,
                      reference="enrolment:9001", note="弘扬延安精神、坚定理想信念")
    [credited] = notices_of(cast.learner_yanta, Kind.HOURS_CREDITED)
    assert "弘扬延安精神" in credited.title and str(year) in credited.body
    assert not notices_of(cast.learner_yanta, Kind.CERTIFICATE_AVAILABLE)
    with committed():
        credit_record(learner=cast.learner_yanta.learner, year=year, category="PROFESSIONAL",
                      hours=Decimal(rules.hours_total - rules.hours_public), source=CreditEntry.Source.ONLINE_COURSE,
                      reference="enrolment:9002", note="软件工程项目管理实务")
    [available] = notices_of(cast.learner_yanta, Kind.CERTIFICATE_AVAILABLE)
    assert available.link == "/certificates/mine/"
    assert SmsMessage.objects.filter(purpose="certificate_available").count() == 1
    # A later credit in the same year tells of the hours, not of the certificate again.
    with committed():
        credit_record(learner=cast.learner_yanta.learner, year=year, category="PROFESSIONAL", hours=Decimal(8),
                      source=CreditEntry.Source.ONLINE_COURSE, reference="enrolment:9003", note="又一门课")
    assert len(notices_of(cast.learner_yanta, Kind.CERTIFICATE_AVAILABLE)) == 1
    assert len(notices_of(cast.learner_yanta, Kind.HOURS_CREDITED)) == 3


def test_a_review_round_tells_every_base(cast, api, committed):
    deadline = (clock.today() + dt.timedelta(days=30)).isoformat()
    with committed():
        res = api(cast.province_admin).post("review-rounds", {"start_year": 2019, "self_deadline": deadline})
    assert res.status_code == 201, res.content
    for user in (cast.base_provincial, cast.base_weinan):
        [notice] = notices_of(user, Kind.REVIEW_ROUND_OPENED)
        assert deadline in notice.body and notice.link == "/reviews/mine/"
    assert not notices_of(cast.learner_yanta)
