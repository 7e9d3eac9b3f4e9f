"""A learner changes the phone on record with a code texted to the new phone (notices' codes):
wrong, expired or used codes are refused; the profile shows it masked; it is audited masked."""

import datetime as dt

import pytest

from jxjy.accounts.models import Learner
from jxjy.core.models import AuditEntry

from .conftest import sandbox_code, signed_in

pytestmark = pytest.mark.django_db
NEW_PHONE = "13712349876"


@pytest.fixture
def at(settings):
    settings.JXJY_FROZEN_NOW = "2020-12-01T09:00:00+08:00"
    return lambda iso: setattr(settings, "JXJY_FROZEN_NOW", iso)


def test_the_phone_changes_with_the_code_sent_to_the_new_phone(cast, api, committed, at):
    client = api(cast.learner_yanta)
    with committed():
        assert client.post("me/phone/code", {"phone": NEW_PHONE}).status_code == 202
    code = sandbox_code(NEW_PHONE)
    assert code and sandbox_code("13900000002") is None  # the old phone got nothing
    res = client.post("me/phone", {"phone": NEW_PHONE, "code": code})
    assert res.status_code == 200, res.content
    assert res.json()["phone"] == "137****9876"
    assert Learner.objects.get(user=cast.learner_yanta).phone == NEW_PHONE
    entry = AuditEntry.objects.get(action="learner.phone_change")
    assert entry.before == {"phone": "139****0002"} and entry.after == {"phone": "137****9876"}
    assert NEW_PHONE not in str(entry.after)


def test_a_wrong_code_and_a_used_code_are_refused(cast, api, committed, at):
    client = api(cast.learner_yanta)
    with committed():
        client.post("me/phone/code", {"phone": NEW_PHONE})
    code = sandbox_code(NEW_PHONE)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    res = client.post("me/phone", {"phone": NEW_PHONE, "code": wrong})
    assert res.status_code == 422 and res.json()["code"] == "code_invalid"
    assert client.post("me/phone", {"phone": NEW_PHONE, "code": code}).status_code == 200
    # Single use: another learner cannot replay it for the same phone.
    other = api(cast.learner_baishui)
    assert other.post("me/phone", {"phone": NEW_PHONE, "code": code}).json()["code"] == "code_invalid"
    assert Learner.objects.get(user=cast.learner_baishui).phone == "13800000001"


def test_an_expired_code_is_refused(cast, api, committed, at):
    client = api(cast.learner_yanta)
    with committed():
        client.post("me/phone/code", {"phone": NEW_PHONE})
    code = sandbox_code(NEW_PHONE)
    at((dt.datetime.fromisoformat("2020-12-01T09:05:01+08:00")).isoformat())
    assert client.post("me/phone", {"phone": NEW_PHONE, "code": code}).json()["code"] == "code_invalid"
    assert Learner.objects.get(user=cast.learner_yanta).phone == "13900000002"


def test_a_code_for_one_phone_does_not_change_to_another(cast, api, committed, at):
    client = api(cast.learner_yanta)
    with committed():
        client.post("me/phone/code", {"phone": NEW_PHONE})
    code = sandbox_code(NEW_PHONE)
    assert client.post("me/phone", {"phone": "13712340000", "code": code}).json()["code"] == "code_invalid"


def test_the_same_phone_a_malformed_phone_and_a_quick_resend_are_refused(cast, api, committed, at):
    client = api(cast.learner_yanta)
    assert client.post("me/phone/code", {"phone": "13900000002"}).json()["code"] == "phone_unchanged"
    assert client.post("me/phone/code", {"phone": "12345"}).json()["code"] == "phone_invalid"
    with committed():
        assert client.post("me/phone/code", {"phone": NEW_PHONE}).status_code == 202
    res = client.post("me/phone/code", {"phone": NEW_PHONE})
    assert res.status_code == 429 and res.json()["code"] == "code_resend_too_soon"


def test_staff_have_no_phone_to_change(cast, api):
    res = api(cast.employer_yanta).post("me/phone/code", {"phone": NEW_PHONE})
    assert res.status_code == 403 and res.json()["code"] == "learners_only"


def test_the_account_page_shows_identity_masked(cast):
    client = signed_in("learner_yanta")
    learner = cast.learner_yanta.learner
    html = client.get("/account/").content.decode()
    assert learner.masked_id_number in html and "139****0002" in html
    assert learner.id_number not in html and "13900000002" not in html
    assert "我的账户" in html


def test_the_phone_page_sends_the_code_by_htmx_and_changes_the_phone(cast, committed, at):
    client = signed_in("learner_yanta")
    with committed():
        res = client.post("/account/phone/", {"phone": NEW_PHONE, "action": "send"}, headers={"HX-Request": "true"})
    assert res.status_code == 200 and "验证码已发送" in res.content.decode()
    res = client.post("/account/phone/", {"phone": NEW_PHONE, "code": sandbox_code(NEW_PHONE), "action": "change"})
    assert res.status_code == 302
    assert Learner.objects.get(user=cast.learner_yanta).phone == NEW_PHONE
