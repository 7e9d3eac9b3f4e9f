"""Complaints: a learner files against a base or a course; the authority in charge of the base
accepts, investigates and resolves; the base reads them from acceptance on, without the complainant
(its statements: test_complaint_statements.py)."""

from __future__ import annotations

from jxjy.core.models import AuditEntry
from jxjy.service.models import Complaint

from .conftest import PDF, evidence, file_complaint, make_course


def _resolve(api, user, cid, outcome="UPHELD"):
    api(user).post(f"complaints/{cid}/accept")
    api(user).post(f"complaints/{cid}/note", {"text": "已约谈基地负责人"})
    return api(user).post(f"complaints/{cid}/resolve", {"outcome": outcome, "result": "责令退还资料费"})


def test_a_complaint_against_a_city_base_goes_to_its_city(cast, api):
    r = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["authority"] == "渭南市" and body["status"] == "SUBMITTED" and body["days_open"] == 0
    assert body["base"]["name"] == cast.weinan_base.name
    queue = api(cast.admin_weinan).get("complaints", status="SUBMITTED").json()
    assert [i["id"] for i in queue["items"]] == [body["id"]]
    assert queue["items"][0]["complainant"]["id_number"] == cast.learner_baishui.learner.masked_id_number
    assert queue["items"][0]["complainant"]["phone"] == "138****0001"


def test_a_complaint_about_a_course_of_a_provincial_base_goes_to_the_province(cast, api):
    course = make_course(cast.provincial_base, title="软件工程")
    r = file_complaint(api, cast.learner_yanta, course=course.pk, reason="FAKE_HOURS")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["authority"] is None and body["course"]["title"] == "软件工程"
    assert body["base"]["id"] == cast.provincial_base.pk
    # The base's city bureau (西安) is not in charge of a provincial base.
    assert api(cast.admin_xian).get(f"complaints/{body['id']}").status_code == 404
    assert api(cast.province_admin).get(f"complaints/{body['id']}").json()["may_handle"] is True


def test_the_authority_accepts_investigates_and_resolves_and_the_complainant_sees_progress(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    accepted = api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "ACCEPTED"
    assert api(cast.learner_baishui).get(f"me/complaints/{cid}").json()["status"] == "ACCEPTED"
    note = api(cast.admin_weinan).post(f"complaints/{cid}/note", {"text": "已约谈基地负责人"})
    assert note.status_code == 201 and note.json()["notes"][0]["text"] == "已约谈基地负责人"
    done = api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "责令退还资料费"})
    assert done.status_code == 200, done.content
    mine = api(cast.learner_baishui).get(f"me/complaints/{cid}").json()
    assert mine["status"] == "RESOLVED" and mine["outcome"] == "UPHELD" and mine["result"] == "责令退还资料费"
    assert "notes" not in mine  # investigation notes stay with the authority


def test_the_order_of_steps_is_enforced(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    early = api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "x"})
    assert early.status_code == 409 and early.json()["code"] == "complaint_not_accepted"
    api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    again = api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    assert again.status_code == 409
    bad = api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "MAYBE", "result": ""})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["detail"]["errors"]} == {"outcome", "result"}


def test_nobody_outside_scope_sees_a_complaint(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    for user in (cast.admin_xian, cast.learner_yanta, cast.employer_baishui, cast.base_provincial,
                 cast.base_weinan):
        assert api(user).get(f"complaints/{cid}").status_code == 404, user
    assert api(cast.admin_xian).post(f"complaints/{cid}/accept").status_code == 404
    assert api(cast.learner_yanta).get(f"me/complaints/{cid}").status_code == 404
    assert api().get(f"complaints/{cid}").status_code == 401


def test_the_province_reads_a_city_complaint_but_does_not_handle_it(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    detail = api(cast.province_admin).get(f"complaints/{cid}").json()
    assert detail["may_handle"] is False
    r = api(cast.province_admin).post(f"complaints/{cid}/accept")
    assert r.status_code == 403 and r.json()["code"] == "complaint_not_yours"


def test_the_base_sees_no_submitted_complaint_and_never_the_complainant(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk, upload=evidence(),
                         description="张白水 13800000001 另收资料费").json()["id"]
    assert api(cast.base_weinan).get("complaints").json()["count"] == 0
    _resolve(api, cast.admin_weinan, cid)
    listed = api(cast.base_weinan).get("complaints").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert "complainant" not in item and "evidence" not in item and "notes" not in item
    assert "13800000001" not in item["description"]
    assert item["result"] == "责令退还资料费"
    assert api(cast.base_weinan).get(f"complaints/{cid}/evidence").status_code == 404
    assert api(cast.base_provincial).get(f"complaints/{cid}").status_code == 404


def test_evidence_is_served_only_after_access_checks(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk, upload=evidence()).json()["id"]
    own = api(cast.learner_baishui).get(f"complaints/{cid}/evidence")
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert api(cast.admin_weinan).get(f"complaints/{cid}/evidence").status_code == 200
    assert api(cast.admin_xian).get(f"complaints/{cid}/evidence").status_code == 404
    assert api(cast.learner_yanta).get(f"complaints/{cid}/evidence").status_code == 404


def test_a_fake_evidence_file_is_refused(cast, api):
    r = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk, upload=evidence("x.pdf", b"MZ\x90"))
    assert r.status_code == 422
    assert r.json()["detail"]["errors"][0]["field"] == "evidence"
    assert not Complaint.objects.exists()


def test_a_complaint_needs_a_target_reason_and_description(cast, api):
    r = api(cast.learner_baishui).post("me/complaints", {"reason": "NOPE"}, files={})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["detail"]["errors"]} == {"reason", "description", "base"}


def test_only_learners_file_complaints(cast, api):
    r = file_complaint(api, cast.employer_yanta, base=cast.weinan_base.pk)
    assert r.status_code == 403


def test_a_course_in_production_cannot_be_complained_about(cast, api):
    draft = make_course(cast.weinan_base, status="DRAFT")
    r = file_complaint(api, cast.learner_baishui, course=draft.pk)
    assert r.status_code == 422 and r.json()["detail"]["errors"][0]["field"] == "course"


def test_the_queue_flags_complaints_past_15_working_days(cast, api, settings):
    settings.JXJY_FROZEN_NOW = "2020-09-01T10:00:00+08:00"
    old = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    settings.JXJY_FROZEN_NOW = "2020-09-10T10:00:00+08:00"
    new = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    settings.JXJY_FROZEN_NOW = "2020-09-23T10:00:00+08:00"
    items = {i["id"]: i for i in api(cast.admin_weinan).get("complaints").json()["items"]}
    # Tue 1 Sep + 15 working days is Tue 22 Sep; Thu 10 Sep's count takes the working Sunday 27 Sep.
    assert items[old]["due_on"] == "2020-09-22" and items[old]["overdue"] is True
    assert items[old]["days_open"] == 22 and items[old]["working_days_open"] == 16
    assert items[new]["due_on"] == "2020-09-30" and items[new]["overdue"] is False
    assert items[new]["due_note"] == ""
    assert [i["id"] for i in api(cast.admin_weinan).get("complaints", overdue=True).json()["items"]] == [old]
    settings.JXJY_FROZEN_NOW = "2020-09-22T23:30:00+08:00"
    assert api(cast.admin_weinan).get(f"complaints/{old}").json()["overdue"] is False
    assert api(cast.admin_weinan).get("complaints", overdue=True).json()["count"] == 0


def test_every_step_is_audited_without_the_text(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk,
                         description="电话13800000001").json()["id"]
    _resolve(api, cast.admin_weinan, cid)
    entries = AuditEntry.objects.filter(object_type="service.Complaint", object_id=str(cid)).order_by("id")
    assert list(entries.values_list("action", flat=True)) == [
        "complaint.file", "complaint.accept", "complaint.note", "complaint.resolve"]
    assert all("13800000001" not in str(e.after) for e in entries)
    assert entries.last().after["outcome"] == "UPHELD"


def test_complaint_pages_for_each_role(cast, api, client):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]
    client.force_login(cast.admin_weinan)
    queue = client.get("/complaints/").content.decode()
    assert f'data-complaint="{cid}"' in queue
    assert client.post(f"/complaints/{cid}/accept/").status_code == 302
    r = client.post(f"/complaints/{cid}/resolve/", {"outcome": "NOT_UPHELD", "result": "经核查收费符合标准"},
                    headers={"HX-Request": "true"})
    assert r.status_code == 200 and "经核查收费符合标准" in r.content.decode() and "不成立" in r.content.decode()
    client.force_login(cast.learner_baishui)
    page = client.get(f"/complaints/{cid}/").content.decode()
    assert "经核查收费符合标准" in page and "已办结" in page
    client.force_login(cast.admin_xian)
    assert client.get(f"/complaints/{cid}/").status_code == 404
    client.force_login(cast.base_weinan)
    page = client.get(f"/complaints/{cid}/").content.decode()
    assert "张白水" not in page and "经核查收费符合标准" in page


def test_a_learner_files_through_the_page(cast, client):
    client.force_login(cast.learner_baishui)
    assert client.get("/complaints/new/").status_code == 200
    r = client.post("/complaints/new/", {"base": cast.weinan_base.pk, "reason": "POOR_TEACHING",
                                         "description": "老师照本宣科"})
    assert r.status_code == 302
    assert Complaint.objects.get().city.code == "610500"
    bad = client.post("/complaints/new/", {"reason": "", "description": ""})
    assert bad.status_code == 422 and "请选择" in bad.content.decode()
