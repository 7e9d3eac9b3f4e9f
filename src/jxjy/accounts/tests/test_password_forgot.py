"""Forgot password by text message: the ID number (or username) and the phone on record get a
code to that phone; the code sets a new password once (sessions and tokens end, the lockout
lifts, audited). The answers never tell whether an ID number is registered; staff are not reset
this way; requests are limited per address."""

import datetime as dt
import re

import pytest

from jxjy.accounts.models import ApiToken, LoginFailure, User
from jxjy.accounts.validators import make_id_number
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.notices.models import SandboxSms, SmsMessage

from .conftest import sandbox_code, signed_in

pytestmark = pytest.mark.django_db
PHONE = "13900000002"  # learner_yanta's
NEW = "Neu#pass2021x"


@pytest.fixture
def at(settings):
    settings.JXJY_FROZEN_NOW = "2020-12-01T09:00:00+08:00"
    return lambda iso: setattr(settings, "JXJY_FROZEN_NOW", iso)


def _ask(api, login, phone=PHONE):
    return api().post("password/forgot/code", {"login": login, "phone": phone})


def _reset(api, login, code, phone=PHONE, password=NEW):
    return api().post("password/forgot/reset", {"login": login, "phone": phone, "code": code, "password": password,
                                                "password2": password})


def test_the_code_resets_the_password_and_ends_every_other_way_in(cast, api, committed, at):
    id_number = cast.learner_yanta.learner.id_number
    session, token = signed_in("learner_yanta"), api(cast.learner_yanta)
    LoginFailure.objects.create(user=cast.learner_yanta, at=dt.datetime(2020, 12, 1, tzinfo=dt.UTC))
    User.objects.filter(pk=cast.learner_yanta.pk).update(locked_until=dt.datetime(2020, 12, 1, 2, tzinfo=dt.UTC))
    with committed():
        assert _ask(api, id_number).status_code == 202
    code = sandbox_code(PHONE)
    assert code
    res = _reset(api, id_number, code)
    assert res.status_code == 200, res.content
    user = User.objects.get(pk=cast.learner_yanta.pk)
    assert user.check_password(NEW) and user.locked_until is None
    assert not LoginFailure.objects.filter(user=user).exists() and not ApiToken.objects.filter(user=user).exists()
    assert session.get("/account/").status_code == 302 and token.get("me").status_code == 401
    entry = AuditEntry.objects.get(action="password.reset.sms")
    assert entry.actor_name == "learner_yanta" and entry.after["api_tokens_revoked"] == 1
    # One use.
    assert _reset(api, id_number, code, password="Other#pass2021").json()["code"] == "code_invalid"


def test_the_username_works_as_well(cast, api, committed, at):
    with committed():
        _ask(api, "learner_yanta")
    assert _reset(api, "learner_yanta", sandbox_code(PHONE)).status_code == 200


def test_no_enumeration_registered_or_not_the_answers_are_the_same(cast, api, committed, at):
    registered = cast.learner_yanta.learner.id_number
    unknown = make_id_number("610113", "19700101", "777")
    with committed():
        a = _ask(api, registered, "13900000002")
    with committed():
        b = _ask(api, unknown, "13900000003")
    with committed():
        c = _ask(api, registered, "13900000004")  # registered, but not the phone on record
    assert a.status_code == b.status_code == c.status_code == 202
    assert a.json() == b.json() == c.json()
    assert SandboxSms.objects.filter(phone="13900000003").count() == 0
    assert SandboxSms.objects.filter(phone="13900000004").count() == 0
    # Asking again at once: the same wait either way.
    again_a, again_b = _ask(api, registered, "13900000002"), _ask(api, unknown, "13900000003")
    assert again_a.status_code == again_b.status_code == 429
    assert again_a.json() == again_b.json()
    # A wrong code for the registered pair and any code for the unknown one: the same refusal.
    wrong = f"{(int(sandbox_code('13900000002')) + 1) % 1000000:06d}"
    ra, rb = _reset(api, registered, wrong, phone="13900000002"), _reset(api, unknown, wrong, phone="13900000003")
    assert ra.status_code == rb.status_code == 422 and ra.json() == rb.json()


def test_the_page_answers_alike_and_moves_on_to_the_code(cast, committed, at):
    from django.test import Client

    pages = []
    for login, phone in ((cast.learner_yanta.learner.id_number, PHONE),
                         (make_id_number("610113", "19700101", "777"), "13900000005")):
        client = Client()
        with committed():
            res = client.post("/password/forgot/", {"login": login, "phone": phone}, follow=True)
        assert res.redirect_chain[-1][0] == "/password/forgot/reset/"
        pages.append(re.sub(r'value="[^"]{64}"|"X-CSRFToken": "[^"]+"', "", res.content.decode()))
    assert pages[0] == pages[1]


def test_the_reset_page_sets_the_password(cast, committed, at):
    from django.test import Client

    client = Client()
    with committed():
        client.post("/password/forgot/", {"login": "learner_yanta", "phone": PHONE})
    res = client.post("/password/forgot/reset/", {"code": sandbox_code(PHONE), "password": NEW, "password2": NEW})
    assert res.status_code == 302 and res.url == "/login/"
    assert User.objects.get(pk=cast.learner_yanta.pk).check_password(NEW)


def test_the_reset_page_needs_a_request_first(cast):
    from django.test import Client

    res = Client().get("/password/forgot/reset/")
    assert res.status_code == 302 and res.url == "/password/forgot/"


def test_an_expired_code_is_refused(cast, api, committed, at):
    with committed():
        _ask(api, "learner_yanta")
    code = sandbox_code(PHONE)
    at("2020-12-01T09:05:01+08:00")
    assert _reset(api, "learner_yanta", code).json()["code"] == "code_invalid"
    assert User.objects.get(pk=cast.learner_yanta.pk).check_password(PASSWORD)


def test_a_weak_password_is_refused_without_spending_the_code(cast, api, committed, at):
    with committed():
        _ask(api, "learner_yanta")
    code = sandbox_code(PHONE)
    res = _reset(api, "learner_yanta", code, password="12345678")
    assert res.status_code == 422 and res.json()["detail"]["errors"][0]["field"] == "password"
    assert _reset(api, "learner_yanta", code).status_code == 200


def test_staff_accounts_are_not_reset_by_text(cast, api, committed, at):
    with committed():
        res = _ask(api, "employer_yanta", "13900000006")
    assert res.status_code == 202  # the same answer as anyone's
    assert SmsMessage.objects.count() == 0


def test_another_learners_phone_does_not_open_an_account(cast, api, committed, at):
    # learner_baishui's phone with learner_yanta's ID number: no code to anyone.
    with committed():
        _ask(api, cast.learner_yanta.learner.id_number, "13800000001")
    assert SmsMessage.objects.count() == 0


def test_requests_are_limited_per_address(cast, api, settings, at):
    settings.JXJY_PASSWORD_FORGOT_PER_WINDOW = 3
    codes = [_ask(api, "nobody", f"1370000000{i}").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]
    res = _ask(api, "nobody", "13700000009")
    assert res.json()["code"] == "rate_limited" and res.json()["detail"]["retry_after"] > 0


def test_malformed_input_is_refused_in_the_error_shape(cast, api):
    res = _ask(api, "", "123")
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["detail"]["errors"]} == {"login", "phone"}


def test_the_login_page_links_both_recoveries(cast):
    from django.test import Client

    html = Client().get("/login/").content.decode()
    assert 'id="forgot-by-sms"' in html and "/password/forgot/" in html
