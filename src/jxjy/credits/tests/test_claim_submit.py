"""Filing an equivalent-hours claim: the plan's types and caps, every problem at once in Chinese,
evidence checked on the way in and served only to those who may see the claim."""

import re

import pytest

from jxjy.core.models import AuditEntry
from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
from jxjy.learning.testing import publish_year

from .conftest import JPG, PDF, PNG, evidence, file_claim

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def reasons(res, field):
    return [e["reason"] for e in res.json()["detail"]["errors"] if e["field"] == field]


def test_a_learner_files_a_claim_and_sees_it_pending(cast, api):
    res = file_claim(api, cast.learner_yanta)
    assert res.status_code == 201, res.content
    body = res.json()
    assert {"id", "year", "claim_type", "type_name", "category", "title", "started_on", "ended_on", "hours_claimed",
            "hours_approved", "status", "evidence", "review_note"} <= set(body)
    assert (body["year"], body["claim_type"], body["category"], body["hours_claimed"], body["status"]) == (
        2020, "PAPER", "PROFESSIONAL", 12, "PENDING")
    assert body["type_name"] == "在公开出版刊物发表专业论文" and body["hours_approved"] is None
    assert body["evidence"]["name"] == "paper.pdf" and body["evidence"]["url"].endswith(f"/claims/{body['id']}/evidence")
    listed = api(cast.learner_yanta).get("me/claims").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api(cast.learner_yanta).get(f"me/claims/{body['id']}").json()["status"] == "PENDING"
    audit = AuditEntry.objects.get(action="claim.submit")
    assert audit.actor_id == cast.learner_yanta.pk and audit.object_id == str(body["id"])
    assert not CreditEntry.objects.exists()  # nothing counts before the employer approves


def test_every_problem_is_listed_at_once_in_chinese(cast, api):
    res = file_claim(api, cast.learner_yanta, upload=evidence("virus.exe", b"MZ\x90\x00"), claim_type="",
                     title=" ", started_on="2020-06-10", ended_on="2020-06-01", hours="abc")
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "claim_invalid"
    fields = {e["field"] for e in body["detail"]["errors"]}
    assert fields == {"claim_type", "title", "ended_on", "hours", "evidence"}
    assert all(CJK.search(e["reason"]) for e in body["detail"]["errors"])
    # The message names every problem too, for callers that show only the message.
    assert all(e["reason"] in body["message"] for e in body["detail"]["errors"])
    assert "请选择活动类型" in body["message"] and "PDF、JPG 或 PNG" in body["message"]
    assert not EquivalentHoursClaim.objects.exists()


def test_a_claim_above_the_types_per_claim_cap_is_refused(cast, api):
    res = file_claim(api, cast.learner_yanta, hours="16.5")
    assert res.status_code == 422
    assert reasons(res, "hours") == ["“在公开出版刊物发表专业论文”每次申请最多 16 学时"]


def test_pending_claims_count_toward_the_types_yearly_cap(cast, api):
    for title in ("论文一", "论文二"):
        assert file_claim(api, cast.learner_yanta, title=title, hours="16").status_code == 201
    res = file_claim(api, cast.learner_yanta, title="论文三", hours="1")
    assert res.status_code == 422
    assert reasons(res, "hours") == ["“在公开出版刊物发表专业论文”2020年度最多计 32 学时，尚余 0 学时"]


def test_the_overall_yearly_cap_spans_every_type(cast, api):
    assert file_claim(api, cast.learner_yanta, claim_type="DEGREE", title="工程硕士在职学习",
                      hours="50").status_code == 201
    res = file_claim(api, cast.learner_yanta, claim_type="CONFERENCE", title="全国软件工程大会", hours="8")
    assert res.status_code == 422
    assert reasons(res, "hours") == ["同等学时2020年度合计最多计 56 学时，尚余 6 学时"]
    assert file_claim(api, cast.learner_yanta, claim_type="CONFERENCE", title="全国软件工程大会",
                      hours="6").status_code == 201


def test_a_withdrawn_claim_frees_its_hours(cast, api):
    first = file_claim(api, cast.learner_yanta, claim_type="DEGREE", hours="56").json()
    assert file_claim(api, cast.learner_yanta, claim_type="CONFERENCE", hours="1").status_code == 422
    api(cast.learner_yanta).post(f"me/claims/{first['id']}/withdraw")
    assert file_claim(api, cast.learner_yanta, claim_type="CONFERENCE", hours="1").status_code == 201


def test_the_type_and_year_must_be_in_a_published_plan(cast, api):
    res = file_claim(api, cast.learner_yanta, claim_type="HOBBY")
    assert res.status_code == 422 and reasons(res, "claim_type") == ["2020年度计划中没有这一活动类型"]
    res = file_claim(api, cast.learner_yanta, year="2031", ended_on="2031-01-01")
    assert res.status_code == 422 and reasons(res, "year")


def test_a_year_whose_plan_has_no_claim_types_takes_no_claims(cast, api):
    publish_year(cast.province_admin, {"equivalent_claims": {}}, year=2019)
    res = file_claim(api, cast.learner_yanta, year="2019", started_on="2019-03-01", ended_on="2019-03-02")
    assert res.status_code == 422
    assert reasons(res, "year") == ["2019年度计划不受理同等学时认证申请"]


def test_the_caps_follow_the_published_plan_data(cast, api):
    publish_year(cast.province_admin, {"equivalent_claims": {"yearly_cap": 10, "types": [
        {"code": "PAPER", "name": "发表论文", "category": "PROFESSIONAL", "max_hours_per_claim": 4,
         "yearly_cap": 8}]}})
    res = file_claim(api, cast.learner_yanta, hours="5")
    assert res.status_code == 422 and reasons(res, "hours") == ["“发表论文”每次申请最多 4 学时"]
    body = file_claim(api, cast.learner_yanta, hours="4").json()
    assert body["type_name"] == "发表论文" and body["hours_claimed"] == 4
    assert file_claim(api, cast.learner_yanta, claim_type="DEGREE").status_code == 422


def test_the_activity_must_have_ended_within_the_year_claimed(cast, api):
    res = file_claim(api, cast.learner_yanta, started_on="2020-12-20", ended_on="2021-01-05")
    assert res.status_code == 422
    assert reasons(res, "ended_on") == ["活动须在所申请的年度(2020年)内结束"]


def test_evidence_must_be_a_real_pdf_jpg_or_png_under_the_size_cap(cast, api, monkeypatch):
    res = file_claim(api, cast.learner_yanta, upload=False)
    assert res.status_code == 422 and reasons(res, "evidence") == ["请上传证明材料(PDF、JPG 或 PNG)"]
    res = file_claim(api, cast.learner_yanta, upload=evidence("fake.pdf", PNG))
    assert res.status_code == 422 and reasons(res, "evidence") == ["证明材料不是真正的 PDF 文件"]
    monkeypatch.setattr("jxjy.credits.services.EVIDENCE_MAX_BYTES", len(PDF) - 1)
    res = file_claim(api, cast.learner_yanta, upload=evidence("big.pdf", PDF))
    assert res.status_code == 422 and reasons(res, "evidence")
    monkeypatch.undo()
    assert file_claim(api, cast.learner_yanta, title="甲", hours="1", upload=evidence("scan.png", PNG)).status_code == 201
    assert file_claim(api, cast.learner_yanta, title="乙", hours="1", upload=evidence("photo.JPG", JPG)).status_code == 201
    assert EquivalentHoursClaim.objects.count() == 2


def test_the_evidence_is_served_only_to_those_who_may_see_the_claim(cast, api):
    claim = file_claim(api, cast.learner_yanta).json()
    path = f"claims/{claim['id']}/evidence"
    for user in (cast.learner_yanta, cast.employer_yanta, cast.admin_xian, cast.province_admin):
        res = api(user).get(path)
        assert res.status_code == 200, user
        assert b"".join(res.streaming_content) == PDF
    for user in (cast.learner_baishui, cast.employer_baishui, cast.admin_weinan, cast.base_provincial):
        assert api(user).get(path).status_code == 404, user
    assert api().get(path).status_code == 401
    stored = EquivalentHoursClaim.objects.get().evidence.name
    assert stored.startswith("claims/evidence/") and stored.endswith(".pdf") and "paper" not in stored


def test_only_learners_file_claims(cast, api):
    assert file_claim(api, cast.employer_yanta).status_code == 403
    assert api(cast.employer_yanta).get("me/claims").status_code == 403
    assert not EquivalentHoursClaim.objects.exists()


def test_the_claim_types_of_a_year_with_what_a_learner_has_left(cast, api):
    body = api(cast.employer_yanta).get("claim-types", year=2020).json()
    assert body["year"] == 2020 and body["yearly_cap"] == 56 and "used" not in body
    paper = next(t for t in body["types"] if t["code"] == "PAPER")
    assert paper == {"code": "PAPER", "name": "在公开出版刊物发表专业论文", "category": "PROFESSIONAL",
                     "max_hours_per_claim": 16, "yearly_cap": 32}
    assert {t["category"] for t in body["types"]} == {"PUBLIC", "PROFESSIONAL"}
    file_claim(api, cast.learner_yanta, claim_type="DEGREE", hours="50")
    body = api(cast.learner_yanta).get("claim-types").json()
    assert body["used"] == 50
    paper = next(t for t in body["types"] if t["code"] == "PAPER")
    assert (paper["used"], paper["available"]) == (0, 6)
    assert api(cast.learner_yanta).get("claim-types", year=1999).status_code == 404
