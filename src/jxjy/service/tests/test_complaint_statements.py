"""The base complained about answers: once the authority accepts a complaint, the base sees it
(masked, without the complainant) and writes one or more statements, which the authority in
charge and the complainant read in the complaint's timeline; the authority still decides, and a
resolved complaint takes no more replies. Another base sees and writes nothing."""

from __future__ import annotations

from jxjy.core.models import AuditEntry
from jxjy.service.models import Complaint, ComplaintStatement

from .conftest import evidence, file_complaint

FIRST = "经核查，资料费系代收教材费用，已全额退还学员。"
SECOND = "补充说明：已为该学员补开电子发票。"


def _accepted(api, cast, **changes):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk, **changes).json()["id"]
    assert api(cast.admin_weinan).post(f"complaints/{cid}/accept").status_code == 200
    return cid


def test_the_base_sees_a_complaint_only_once_accepted_and_masked(cast, api):
    cid = file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk, upload=evidence(),
                         description="张白水 13800000001 另收资料费").json()["id"]
    assert api(cast.base_weinan).get(f"complaints/{cid}").status_code == 404
    assert api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": FIRST}).status_code == 404
    api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    listed = api(cast.base_weinan).get("complaints", status="ACCEPTED").json()
    assert [i["id"] for i in listed["items"]] == [cid]
    item = listed["items"][0]
    assert "complainant" not in item and "evidence" not in item and "notes" not in item
    assert "13800000001" not in item["description"] and "138****0001" in item["description"]
    assert item["may_reply"] is True and item["statements"] == []
    assert api(cast.base_weinan).get(f"complaints/{cid}/evidence").status_code == 404


def test_the_base_replies_more_than_once_and_the_authority_and_complainant_read_it(cast, api):
    cid = _accepted(api, cast)
    first = api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": FIRST})
    assert first.status_code == 201, first.content
    assert [s["text"] for s in first.json()["statements"]] == [FIRST]
    second = api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": SECOND})
    assert [s["text"] for s in second.json()["statements"]] == [FIRST, SECOND]

    authority = api(cast.admin_weinan).get(f"complaints/{cid}").json()
    assert [s["text"] for s in authority["statements"]] == [FIRST, SECOND]
    assert authority["statements"][0]["author"] == str(cast.base_weinan)
    assert authority["may_reply"] is False
    mine = api(cast.learner_baishui).get(f"me/complaints/{cid}").json()
    assert [s["text"] for s in mine["statements"]] == [FIRST, SECOND]
    assert "author" not in mine["statements"][0]  # the complainant reads the base's words, not its staff
    assert api(cast.province_admin).get(f"complaints/{cid}").json()["statements"][1]["text"] == SECOND


def test_a_statement_does_not_decide_the_complaint(cast, api):
    cid = _accepted(api, cast)
    api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": FIRST})
    assert Complaint.objects.get(pk=cid).status == Complaint.Status.ACCEPTED
    done = api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "责令退还资料费"})
    assert done.status_code == 200 and done.json()["outcome"] == "UPHELD"
    assert [s["text"] for s in done.json()["statements"]] == [FIRST]


def test_a_resolved_complaint_refuses_replies_in_chinese(cast, api):
    cid = _accepted(api, cast)
    api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "NOT_UPHELD", "result": "收费符合标准"})
    r = api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": FIRST})
    assert r.status_code == 409
    assert r.json()["code"] == "complaint_closed" and "已办结" in r.json()["message"]
    assert api(cast.base_weinan).get(f"complaints/{cid}").json()["may_reply"] is False
    assert not ComplaintStatement.objects.exists()


def test_another_base_can_neither_see_nor_reply(cast, api):
    cid = _accepted(api, cast)
    assert api(cast.base_provincial).get(f"complaints/{cid}").status_code == 404
    assert api(cast.base_provincial).get("complaints").json()["count"] == 0
    r = api(cast.base_provincial).post(f"complaints/{cid}/statement", {"text": FIRST})
    assert r.status_code == 404 and r.json()["code"] == "complaint_not_found"
    assert not ComplaintStatement.objects.exists()


def test_only_the_base_writes_statements(cast, api):
    cid = _accepted(api, cast)
    for user in (cast.admin_weinan, cast.province_admin, cast.learner_baishui):
        r = api(user).post(f"complaints/{cid}/statement", {"text": FIRST})
        assert r.status_code == 403 and r.json()["code"] == "complaint_not_your_base", user
        assert "仅被投诉的继续教育基地" in r.json()["message"]
    assert api(cast.learner_yanta).post(f"complaints/{cid}/statement", {"text": FIRST}).status_code == 404
    assert not ComplaintStatement.objects.exists()


def test_an_empty_statement_is_refused(cast, api):
    cid = _accepted(api, cast)
    r = api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": "  "})
    assert r.status_code == 422 and r.json()["detail"]["errors"][0]["field"] == "text"


def test_personal_data_in_a_statement_is_masked_and_not_audited(cast, api):
    cid = _accepted(api, cast)
    text = "已电话联系学员 13800000001 说明情况"
    api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": text})
    for user, path in ((cast.admin_weinan, f"complaints/{cid}"), (cast.learner_baishui, f"me/complaints/{cid}")):
        shown = api(user).get(path).json()["statements"][0]["text"]
        assert "13800000001" not in shown and "138****0001" in shown
    entry = AuditEntry.objects.get(action="complaint.statement")
    assert entry.actor == cast.base_weinan and "13800000001" not in str(entry.after)


def test_the_base_replies_on_the_page_and_the_timeline_shows_it(cast, api, client):
    cid = _accepted(api, cast)
    client.force_login(cast.base_weinan)
    queue = client.get("/complaints/").content.decode()
    assert f'data-complaint="{cid}"' in queue and "张白水" not in queue
    page = client.get(f"/complaints/{cid}/").content.decode()
    assert 'id="statement-form"' in page and "张白水" not in page
    r = client.post(f"/complaints/{cid}/statement/", {"text": FIRST}, headers={"HX-Request": "true"})
    card = r.content.decode()
    assert r.status_code == 200 and "情况说明已提交主管部门" in card
    assert 'data-event="statement"' in card and FIRST in card
    for user in (cast.admin_weinan, cast.learner_baishui):
        client.force_login(user)
        page = client.get(f"/complaints/{cid}/").content.decode()
        assert FIRST in page and "基地情况说明" in page and 'id="statement-form"' not in page
    client.force_login(cast.base_provincial)
    assert client.get(f"/complaints/{cid}/").status_code == 404
    assert client.post(f"/complaints/{cid}/statement/", {"text": SECOND}).status_code == 404
    assert ComplaintStatement.objects.count() == 1


def test_the_page_says_in_chinese_that_a_resolved_complaint_takes_no_reply(cast, api, client):
    cid = _accepted(api, cast)
    api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "责令退还资料费"})
    client.force_login(cast.base_weinan)
    page = client.get(f"/complaints/{cid}/").content.decode()
    assert 'id="statement-form"' not in page and "责令退还资料费" in page
    r = client.post(f"/complaints/{cid}/statement/", {"text": FIRST}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "该投诉已办结，不能再提交情况说明" in r.content.decode()
    assert not ComplaintStatement.objects.exists()


def test_the_base_dashboard_counts_complaints_awaiting_its_statement(cast, api, client):
    cid = _accepted(api, cast)
    file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk)  # not accepted: not the base's yet
    client.force_login(cast.base_weinan)
    page = client.get("/dashboard/").content.decode()
    assert 'id="base-open-complaints">1<' in page and "其中 1 件尚未提交情况说明" in page
    api(cast.base_weinan).post(f"complaints/{cid}/statement", {"text": FIRST})
    page = client.get("/dashboard/").content.decode()
    assert 'id="base-open-complaints">1<' in page and "其中 0 件尚未提交情况说明" in page
    client.force_login(cast.base_provincial)
    assert 'id="base-open-complaints">0<' in client.get("/dashboard/").content.decode()
