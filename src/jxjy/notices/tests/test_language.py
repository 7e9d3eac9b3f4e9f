"""A notice is worded when read, in the reader's language: the inbox page, the dashboard panel and
the API follow the language the user chose (/i18n/setlang/); rows written before (stored words)
and free-form ones still read as written; text messages are Chinese whatever the language of the
request that caused them."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.utils.translation import override

from jxjy.credits.tests.conftest import file_claim
from jxjy.notices.models import Notice, SandboxSms
from jxjy.notices.services import Outgoing, notify

from .conftest import notices_of

pytestmark = pytest.mark.django_db
Kind = Notice.Kind


def rejected_claim(api, cast, committed, *, language: str = "zh-hans") -> int:
    claim_id = file_claim(api, cast.learner_yanta).json()["id"]
    employer = api(cast.employer_yanta)
    employer.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with committed():
        assert employer.post(f"claims/{claim_id}/reject", {"reason": "材料不全"}).status_code == 200
    return claim_id


def test_the_notice_stores_its_kind_and_figures_not_words(cast, api, committed):
    claim_id = rejected_claim(api, cast, committed)
    [notice] = notices_of(cast.learner_yanta, Kind.CLAIM_REJECTED)
    assert notice.stored_title == "" and notice.stored_body == ""
    assert notice.params["claim"] == claim_id and notice.params["reason"] == "材料不全"
    assert not any(cast.learner_yanta.learner.phone in str(v) or cast.learner_yanta.learner.id_number in str(v)
                   for v in notice.params.values())


def test_switching_the_language_changes_the_inbox_page(cast, client):
    notify(recipients=[cast.learner_yanta], message=Outgoing(
        kind=Kind.CERTIFICATE_AVAILABLE, params={"year": 2020}, link="/certificates/mine/"))
    client.force_login(cast.learner_yanta)
    page = client.get("/notices/").content.decode()
    assert "您的2020年度继续教育证书可以打印了" in page and "Your 2020 certificate is available" not in page
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/notices/"}).status_code == 302
    page = client.get("/notices/").content.decode()
    assert "Your 2020 certificate is available" in page and "You have met both minimums of 2020" in page
    assert "证书可以打印了" not in page
    panel = client.get("/dashboard/").content.decode()
    assert "Your 2020 certificate is available" in panel


def test_the_api_answers_in_the_requests_language(cast, api, committed):
    rejected_claim(api, cast, committed)
    me = api(cast.learner_yanta)
    [item] = me.get("me/notices").json()["items"]
    assert item["title"].startswith("同等学时认证未通过") and item["body"] == "单位审核意见：材料不全"
    assert item["kind_display"] == "同等学时认证未通过"
    me.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [item] = me.get("me/notices").json()["items"]
    assert item["title"].startswith("Equivalent-hours claim rejected: ")
    assert item["body"] == "Your employer's reason: 材料不全"  # the employer's words stay as written
    assert item["kind_display"] == "Equivalent-hours claim rejected"
    assert set(item) == {"id", "kind", "kind_display", "title", "body", "link", "created_at", "read_at", "read"}
    read = me.post(f"me/notices/{item['id']}/read").json()
    assert read["title"] == item["title"] and read["read"] is True


def test_choice_codes_are_worded_in_the_readers_language(cast):
    notify(recipients=[cast.learner_yanta], message=Outgoing(
        kind=Kind.COMPLAINT_RESOLVED, params={"complaint": 1, "to": "complainant", "base": "渭南市基地",
                                              "outcome": "UPHELD"}))
    notify(recipients=[cast.learner_yanta], message=Outgoing(
        kind=Kind.HOURS_CREDITED, params={"entry": 1, "hours": "1", "title": "弘扬延安精神", "year": 2020,
                                          "category": "PUBLIC"}))
    resolved, credited = Notice.objects.order_by("pk")
    with override("en"):
        assert resolved.body == "Your complaint about 渭南市基地: Upheld. Read the result on the platform."
        assert credited.title == "1 hour credited: 弘扬延安精神"  # singular in English
    with override("zh-hans"):
        assert "投诉：" in resolved.body and "成立" in resolved.body
        assert credited.title == "已认证1学时：弘扬延安精神"


def test_a_legacy_row_still_reads_its_stored_words(cast, api):
    # A row written before wording at read time: kind, words, no parameters (migration 0003).
    legacy = Notice.objects.create(recipient=cast.learner_yanta, kind=Kind.CLAIM_REJECTED,
                                   stored_title="同等学时认证未通过：旧的申请", stored_body="单位审核意见：旧的理由",
                                   created_at="2020-06-01T09:00:00+08:00")
    me = api(cast.learner_yanta)
    me.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [item] = me.get("me/notices").json()["items"]
    assert item["id"] == legacy.pk and item["title"] == "同等学时认证未通过：旧的申请"
    assert item["body"] == "单位审核意见：旧的理由"


def test_a_free_form_notice_reads_as_written(cast, client):
    notify(recipients=[cast.learner_yanta], message=Outgoing(kind=Kind.OTHER, title="系统维护通知", body="今晚停机"))
    client.force_login(cast.learner_yanta)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/notices/").content.decode()
    assert "系统维护通知" in page and "今晚停机" in page


def test_parameters_that_no_longer_fit_fall_back_and_log_no_data(cast, caplog):
    notice = Notice.objects.create(recipient=cast.learner_yanta, kind=Kind.PAYMENT_RECEIVED,
                                   params={"description": "李雁塔的订单"}, stored_title="",
                                   created_at="2020-06-01T09:00:00+08:00")
    with caplog.at_level(logging.WARNING), override("en"):
        assert notice.title == "Payment received" and notice.body == ""
    assert "KeyError" in caplog.text and "李雁塔" not in caplog.text


def test_texts_are_chinese_whatever_the_language_of_the_request(cast, api, committed):
    rejected_claim(api, cast, committed, language="en")
    [text] = SandboxSms.objects.all()
    assert text.text.startswith("【陕西继续教育】您") and "同等学时认证申请未获单位审核通过" in text.text
    assert "employer" not in text.text
    me = api(cast.learner_yanta)
    me.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert me.get("me/notices").json()["items"][0]["title"].startswith("Equivalent-hours claim rejected")
