"""A learner turns off text messages of the kinds that send them (the in-app notice still comes);
verification codes always go. The API and the inbox page's section set it; only learners have it."""

from __future__ import annotations

import datetime as dt

import pytest

from jxjy.credits.tests.conftest import file_claim
from jxjy.notices import reminders
from jxjy.notices.codes import code_send
from jxjy.notices.models import Notice, SmsMessage, SmsOptOut
from jxjy.plans.selectors import current_year

from .conftest import notices_of

pytestmark = pytest.mark.django_db
Kind = Notice.Kind
ALL_ON = {"CLAIM_REJECTED": True, "CERTIFICATE_AVAILABLE": True, "HOURS_REMINDER": True}


def test_every_kind_is_on_until_turned_off(cast, api):
    body = api(cast.learner_yanta).get("me/notice-preferences").json()
    assert body["sms"] == ALL_ON and body["codes"] is True
    assert [k["label"] for k in body["kinds"]] == ["同等学时认证未通过", "证书可打印", "学时未完成提醒"]


def test_a_learner_turns_one_kind_off_and_on_again(cast, api):
    me = api(cast.learner_yanta)
    res = me.put("me/notice-preferences", {"sms": {"HOURS_REMINDER": False}})
    assert res.status_code == 200 and res.json()["sms"] == {**ALL_ON, "HOURS_REMINDER": False}
    assert me.get("me/notice-preferences").json()["sms"]["HOURS_REMINDER"] is False
    assert api(cast.learner_baishui).get("me/notice-preferences").json()["sms"] == ALL_ON  # only mine
    assert me.put("me/notice-preferences", {"sms": {"HOURS_REMINDER": True}}).json()["sms"] == ALL_ON
    assert not SmsOptOut.objects.exists()


def test_kinds_that_send_no_texts_cannot_be_set(cast, api):
    me = api(cast.learner_yanta)
    for sms in ({"PAYMENT_RECEIVED": False}, {"CODE": False}, {"HOURS_REMINDER": "no"}):
        res = me.put("me/notice-preferences", {"sms": sms})
        assert res.status_code == 422 and res.json()["code"] == "notice_kind_invalid", sms
    assert not SmsOptOut.objects.exists()


def test_only_learners_have_text_message_preferences(cast, api):
    for user in (cast.province_admin, cast.employer_yanta, cast.base_provincial):
        assert api(user).get("me/notice-preferences").status_code == 403
        res = api(user).put("me/notice-preferences", {"sms": {"HOURS_REMINDER": False}})
        assert res.status_code == 403 and res.json()["code"] == "notice_preferences_denied"
    assert api().get("me/notice-preferences").status_code == 401
    assert not SmsOptOut.objects.exists()


def test_the_inbox_page_section_saves_the_ticked_boxes(cast, client):
    client.force_login(cast.learner_yanta)
    page = client.get("/notices/").content.decode()
    assert 'id="preferences-form"' in page and 'value="HOURS_REMINDER"' in page and "验证码总是以短信发送" in page
    res = client.post("/notices/preferences/", {"sms": ["CLAIM_REJECTED"]})
    assert res.status_code == 302 and res["Location"] == "/notices/#preferences"
    assert set(SmsOptOut.objects.filter(user=cast.learner_yanta).values_list("kind", flat=True)) == {
        "CERTIFICATE_AVAILABLE", "HOURS_REMINDER"}
    page = client.get("/notices/").content.decode()
    assert 'value="CLAIM_REJECTED" id="sms-CLAIM_REJECTED" checked' in page
    assert 'value="HOURS_REMINDER" id="sms-HOURS_REMINDER">' in page
    client.force_login(cast.employer_yanta)
    assert 'id="preferences-form"' not in client.get("/notices/").content.decode()
    assert client.post("/notices/preferences/", {}).status_code == 403


def test_a_turned_off_kind_sends_no_text_but_the_notice_still_comes(cast, api, committed):
    api(cast.learner_yanta).put("me/notice-preferences", {"sms": {"CLAIM_REJECTED": False}})
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    with committed():
        api(cast.employer_yanta).post(f"claims/{claim_id}/reject", {"reason": "材料不全"})
    assert notices_of(cast.learner_yanta, Kind.CLAIM_REJECTED)
    assert not SmsMessage.objects.exists()


def test_the_year_end_reminder_respects_it_per_learner(cast, api, settings, committed):
    year = current_year()
    settings.JXJY_FROZEN_NOW = f"{year}-12-01T09:00:00+08:00"
    api(cast.learner_yanta).put("me/notice-preferences", {"sms": {"HOURS_REMINDER": False}})
    with committed():
        summary = reminders.hours_reminders_send(year=year, today=dt.date(year, 12, 1))
    assert summary.reminded == 2 and summary.texts == 1
    assert notices_of(cast.learner_yanta, Kind.HOURS_REMINDER) and notices_of(cast.learner_baishui, Kind.HOURS_REMINDER)
    assert list(SmsMessage.objects.values_list("phone", flat=True)) == [cast.learner_baishui.learner.phone]


def test_verification_codes_are_sent_even_with_every_kind_off(cast, api, committed):
    me = api(cast.learner_yanta)
    me.put("me/notice-preferences", {"sms": {kind: False for kind in ALL_ON}})
    assert SmsOptOut.objects.filter(user=cast.learner_yanta).count() == 3
    phone = cast.learner_yanta.learner.phone
    with committed():
        code_send(phone=phone, purpose="password_reset")
    [text] = SmsMessage.objects.all()
    assert text.phone == phone and text.purpose == "code:password_reset" and "验证码" in text.text
