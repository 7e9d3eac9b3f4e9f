"""Consultations: any signed-in user asks; the province or the asker's city bureau answers; the
asker reads the answer and closes; public answers appear in the FAQ."""

from __future__ import annotations

from jxjy.core.models import AuditEntry
from jxjy.service.models import Consultation

QUESTION = {"title": "公需课能否选两个科目", "question": "两个科目都学了，学时能都算吗？我的电话13900000002"}


def ask(api, user, **changes):
    return api(user).post("me/consultations", {**QUESTION, **changes})


def test_a_learner_asks_and_it_goes_to_the_city_of_the_employer(cast, notice, api):
    r = ask(api, cast.learner_yanta, article=notice.pk)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "OPEN" and body["authority"] == "西安市" and body["article"] == notice.pk
    assert Consultation.objects.get(pk=body["id"]).city.code == "610100"
    mine = api(cast.learner_yanta).get("me/consultations").json()
    assert mine["count"] == 1 and mine["items"][0]["id"] == body["id"]


def test_the_city_bureau_answers_and_the_asker_reads_it(cast, api):
    cid = ask(api, cast.learner_yanta).json()["id"]
    queue = api(cast.admin_xian).get("consultations", status="OPEN").json()
    assert [i["id"] for i in queue["items"]] == [cid]
    assert queue["items"][0]["asker"]["id_number"] == cast.learner_yanta.learner.masked_id_number
    r = api(cast.admin_xian).post(f"consultations/{cid}/answer", {"answer": "任选一个科目即可。", "public": False})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "ANSWERED"
    mine = api(cast.learner_yanta).get(f"me/consultations/{cid}").json()
    assert mine["answer"] == "任选一个科目即可。" and mine["answered_by"] == "西安市人社局管理员"
    closed = api(cast.learner_yanta).post(f"me/consultations/{cid}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "CLOSED"


def test_the_province_answers_any_consultation(cast, api):
    cid = ask(api, cast.learner_baishui).json()["id"]
    r = api(cast.province_admin).post(f"consultations/{cid}/answer", {"answer": "可以。"})
    assert r.status_code == 200


def test_another_city_cannot_see_or_answer(cast, api):
    cid = ask(api, cast.learner_yanta).json()["id"]
    assert api(cast.admin_weinan).get("consultations").json()["count"] == 0
    assert api(cast.admin_weinan).get(f"consultations/{cid}").status_code == 404
    r = api(cast.admin_weinan).post(f"consultations/{cid}/answer", {"answer": "x"})
    assert r.status_code == 404


def test_another_learner_cannot_see_the_question(cast, api):
    cid = ask(api, cast.learner_yanta).json()["id"]
    assert api(cast.learner_baishui).get(f"me/consultations/{cid}").status_code == 404
    assert api(cast.learner_baishui).get(f"consultations/{cid}").status_code == 404
    assert api(cast.employer_yanta).get(f"consultations/{cid}").status_code == 404


def test_a_learner_has_no_queue(cast, api):
    r = api(cast.learner_yanta).get("consultations")
    assert r.status_code == 403 and r.json()["code"] == "service_authority_only"


def test_answering_twice_conflicts_and_closing_before_an_answer_conflicts(cast, api):
    cid = ask(api, cast.learner_yanta).json()["id"]
    early = api(cast.learner_yanta).post(f"me/consultations/{cid}/close")
    assert early.status_code == 409 and early.json()["code"] == "consultation_not_answered"
    api(cast.admin_xian).post(f"consultations/{cid}/answer", {"answer": "好"})
    again = api(cast.province_admin).post(f"consultations/{cid}/answer", {"answer": "再答"})
    assert again.status_code == 409 and again.json()["code"] == "consultation_not_open"


def test_a_question_needs_a_title_and_text(cast, api):
    r = api(cast.learner_yanta).post("me/consultations", {"title": "", "question": ""})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["detail"]["errors"]} == {"title", "question"}
    assert "必填" in r.json()["message"]


def test_a_base_admin_of_a_city_base_asks_its_city_and_a_city_admin_asks_the_province(cast, api):
    assert ask(api, cast.base_weinan).json()["authority"] == "渭南市"
    assert ask(api, cast.base_provincial).json()["authority"] is None
    own = ask(api, cast.admin_xian).json()
    assert own["authority"] is None
    # The city bureau does not answer its own question.
    assert api(cast.admin_xian).post(f"consultations/{own['id']}/answer", {"answer": "x"}).status_code == 403
    assert api(cast.province_admin).post(f"consultations/{own['id']}/answer", {"answer": "x"}).status_code == 200


def test_public_answers_appear_in_the_faq_without_the_asker_and_masked(cast, api, client):
    public = ask(api, cast.learner_yanta).json()["id"]
    private = ask(api, cast.learner_yanta, title="私下问题").json()["id"]
    api(cast.admin_xian).post(f"consultations/{public}/answer", {"answer": "任选一个。", "public": True})
    api(cast.admin_xian).post(f"consultations/{private}/answer", {"answer": "不公开。", "public": False})
    faq = api().get("faq").json()
    assert [i["id"] for i in faq["items"]] == [public]
    assert "asker" not in faq["items"][0]
    assert "13900000002" not in faq["items"][0]["question"] and "139****0002" in faq["items"][0]["question"]
    page = client.get("/policy/faq/").content.decode()
    assert "任选一个。" in page and "不公开。" not in page and "李雁塔" not in page


def test_every_step_is_audited(cast, api):
    cid = ask(api, cast.learner_yanta).json()["id"]
    api(cast.admin_xian).post(f"consultations/{cid}/answer", {"answer": "好", "public": True})
    api(cast.learner_yanta).post(f"me/consultations/{cid}/close")
    actions = list(AuditEntry.objects.filter(object_type="service.Consultation", object_id=str(cid))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["consultation.ask", "consultation.answer", "consultation.close"]
    answer = AuditEntry.objects.get(action="consultation.answer")
    assert answer.before["status"] == "OPEN" and answer.after["status"] == "ANSWERED"
    assert "13900000002" not in str(answer.after)


def test_consultation_pages_for_asker_and_authority(cast, api, client):
    cid = ask(api, cast.learner_yanta).json()["id"]
    client.force_login(cast.admin_xian)
    assert "公需课能否选两个科目" in client.get("/consultations/queue/").content.decode()
    r = client.post(f"/consultations/{cid}/answer/", {"answer": "任选一个即可", "public": "on"})
    assert r.status_code == 302
    client.force_login(cast.learner_yanta)
    page = client.get(f"/consultations/{cid}/").content.decode()
    assert "任选一个即可" in page and "已答复" in page
    client.force_login(cast.admin_weinan)
    assert client.get(f"/consultations/{cid}/").status_code == 404
