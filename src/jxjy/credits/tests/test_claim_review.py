"""Reviewing equivalent-hours claims: only the learner's own employer decides; approval credits the
ledger at once, revoking reverses it with a new entry; every step is audited."""

from decimal import Decimal

import pytest

from jxjy.core.errors import PermissionDenied
from jxjy.core.models import AuditEntry
from jxjy.credits import services
from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
from jxjy.learning.testing import publish_year

from .conftest import file_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(cast, api):
    res = file_claim(api, cast.learner_yanta)
    assert res.status_code == 201, res.content
    return res.json()


def professional(api, user):
    return api(user).get("me/hours", year=2020).json()["professional"]


def test_the_employer_approves_and_the_hours_count_at_once(cast, api, claim):
    queue = api(cast.employer_yanta).get("claims", status="PENDING").json()
    assert queue["count"] == 1
    item = queue["items"][0]
    assert item["id"] == claim["id"] and item["learner"]["name"] == "李雁塔"
    assert "*" in item["learner"]["id_number"]  # masked
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {})
    assert res.status_code == 200, res.content
    body = res.json()
    assert (body["status"], body["hours_approved"], body["reviewer"]) == ("APPROVED", 12, "雁塔软件公司人事部")
    hours = api(cast.learner_yanta).get("me/hours", year=2020).json()
    assert hours["professional"] == 12 and hours["public"] == 0
    entry = hours["entries"][0]
    assert (entry["source"], entry["hours"], entry["title"]) == ("EQUIVALENT", 12, "软件缺陷预测方法研究")
    stored = CreditEntry.objects.get()
    assert stored.reference == f"claim:{claim['id']}" and stored.created_by_id == cast.employer_yanta.pk
    assert body["credit_entry"] == stored.pk
    audit = AuditEntry.objects.get(action="claim.approve")
    assert audit.actor_id == cast.employer_yanta.pk and audit.before["status"] == "PENDING"
    assert audit.after["status"] == "APPROVED"
    assert api(cast.employer_yanta).get("claims", status="PENDING").json()["count"] == 0


def test_a_public_type_credits_public_hours(cast, api):
    res = file_claim(api, cast.learner_yanta, claim_type="TRAINER_PUBLIC", title="讲授《弘扬延安精神》", hours="24")
    api(cast.employer_yanta).post(f"claims/{res.json()['id']}/approve", {})
    hours = api(cast.learner_yanta).get("me/hours", year=2020).json()
    assert (hours["public"], hours["professional"]) == (24, 0)


def test_the_employer_may_approve_fewer_hours_but_not_more(cast, api, claim):
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {"hours": 20})
    assert res.status_code == 422
    assert res.json()["detail"]["errors"] == [{"field": "hours", "reason": "最多可认定所申请的 12 学时"}]
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {"hours": "8", "note": "仅认定第一部分"})
    assert res.status_code == 200 and res.json()["hours_approved"] == 8
    assert res.json()["review_note"] == "仅认定第一部分"
    assert professional(api, cast.learner_yanta) == 8


def test_approval_checks_the_caps_again_against_approved_claims(cast, api):
    first = file_claim(api, cast.learner_yanta, title="论文一", hours="12").json()
    second = file_claim(api, cast.learner_yanta, title="论文二", hours="12").json()
    # The province lowers the cap meanwhile: the plan in force when deciding applies.
    publish_year(cast.province_admin, {"equivalent_claims": {"types": [
        {"code": "PAPER", "name": "发表论文", "category": "PROFESSIONAL", "max_hours_per_claim": 16,
         "yearly_cap": 16}]}})
    assert api(cast.employer_yanta).post(f"claims/{first['id']}/approve", {}).status_code == 200
    res = api(cast.employer_yanta).post(f"claims/{second['id']}/approve", {})
    assert res.status_code == 422
    assert res.json()["detail"]["errors"][0]["reason"] == "“发表论文”2020年度最多计 16 学时，尚余 4 学时"
    assert api(cast.employer_yanta).post(f"claims/{second['id']}/approve", {"hours": 4}).status_code == 200
    assert professional(api, cast.learner_yanta) == 16


def test_another_employer_gets_404_and_nobody_else_may_decide(cast, api, claim):
    path = f"claims/{claim['id']}"
    for action, payload in (("approve", {}), ("reject", {"reason": "x"}), ("revoke", {"reason": "x"})):
        assert api(cast.employer_baishui).post(f"{path}/{action}", payload).status_code == 404
    assert api(cast.employer_baishui).get(path).status_code == 404
    for user in (cast.province_admin, cast.admin_xian, cast.learner_yanta):
        res = api(user).post(f"{path}/approve", {})
        assert res.status_code == 403 and res.json()["code"] == "claim_employer_only", user
        assert api(user).post(f"{path}/reject", {"reason": "x"}).status_code == 403
    assert api(cast.learner_baishui).post(f"{path}/approve", {}).status_code == 404
    assert EquivalentHoursClaim.objects.get().status == "PENDING"
    assert not CreditEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["claim.approve", "claim.reject"]).exists()


def test_each_employer_queue_holds_only_its_own_people(cast, api, claim):
    other = file_claim(api, cast.learner_baishui, title="护理质量改进研究").json()
    assert [c["id"] for c in api(cast.employer_yanta).get("claims", status="PENDING").json()["items"]] == [claim["id"]]
    assert [c["id"] for c in api(cast.employer_baishui).get("claims").json()["items"]] == [other["id"]]
    assert api(cast.admin_weinan).get("claims").json()["count"] == 1
    assert api(cast.province_admin).get("claims").json()["count"] == 2
    assert api(cast.learner_yanta).get("claims").status_code == 403
    assert api(cast.base_provincial).get("claims").status_code == 403


def test_rejecting_needs_a_reason_the_learner_then_sees(cast, api, claim):
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/reject", {"reason": "  "})
    assert res.status_code == 422 and res.json()["message"] == "请填写驳回理由"
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/reject", {"reason": "论文未在公开出版刊物发表"})
    assert res.status_code == 200 and res.json()["status"] == "REJECTED"
    mine = api(cast.learner_yanta).get(f"me/claims/{claim['id']}").json()
    assert (mine["status"], mine["review_note"]) == ("REJECTED", "论文未在公开出版刊物发表")
    assert not CreditEntry.objects.exists()
    assert AuditEntry.objects.get(action="claim.reject").actor_id == cast.employer_yanta.pk


def test_a_decided_claim_cannot_be_decided_again(cast, api, claim):
    api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {})
    for action, payload in (("approve", {}), ("reject", {"reason": "x"})):
        res = api(cast.employer_yanta).post(f"claims/{claim['id']}/{action}", payload)
        assert res.status_code == 409 and res.json()["code"] == "claim_not_pending"
    assert api(cast.learner_yanta).post(f"me/claims/{claim['id']}/withdraw").status_code == 409
    assert CreditEntry.objects.count() == 1


def test_a_learner_withdraws_a_pending_claim_of_their_own(cast, api, claim):
    assert api(cast.learner_baishui).post(f"me/claims/{claim['id']}/withdraw").status_code == 404
    assert api(cast.employer_yanta).post(f"me/claims/{claim['id']}/withdraw").status_code == 404
    with pytest.raises(PermissionDenied):
        services.claim_withdraw(actor=cast.employer_yanta, claim=EquivalentHoursClaim.objects.get())
    res = api(cast.learner_yanta).post(f"me/claims/{claim['id']}/withdraw")
    assert res.status_code == 200 and res.json()["status"] == "WITHDRAWN"
    assert AuditEntry.objects.get(action="claim.withdraw").actor_id == cast.learner_yanta.pk
    assert api(cast.learner_yanta).post(f"me/claims/{claim['id']}/withdraw").status_code == 409
    assert api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {}).status_code == 409
    assert api(cast.employer_yanta).get("claims", status="PENDING").json()["count"] == 0


def test_revoking_an_approved_claim_adds_a_reversing_entry(cast, api, claim):
    api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {})
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/revoke", {"reason": "论文被撤稿"})
    assert res.status_code == 200, res.content
    assert (res.json()["status"], res.json()["revoke_reason"]) == ("REVOKED", "论文被撤稿")
    original, reversal = CreditEntry.objects.order_by("id")
    assert original.hours == Decimal(12) and reversal.hours == Decimal(-12)
    assert reversal.reverses_id == original.pk and reversal.created_by_id == cast.employer_yanta.pk
    assert professional(api, cast.learner_yanta) == 0
    audit = AuditEntry.objects.get(action="claim.revoke")
    assert audit.after["reversal"]["id"] == reversal.pk
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/revoke", {"reason": "再次"})
    assert res.status_code == 409 and CreditEntry.objects.count() == 2


def test_the_province_may_revoke_a_city_may_not(cast, api, claim):
    api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {})
    assert api(cast.admin_xian).post(f"claims/{claim['id']}/revoke", {"reason": "x"}).status_code == 403
    assert api(cast.employer_baishui).post(f"claims/{claim['id']}/revoke", {"reason": "x"}).status_code == 404
    res = api(cast.province_admin).post(f"claims/{claim['id']}/revoke", {"reason": "  "})
    assert res.status_code == 422 and res.json()["message"] == "请填写撤销理由"
    res = api(cast.province_admin).post(f"claims/{claim['id']}/revoke", {"reason": "抽查发现材料不实"})
    assert res.status_code == 200 and professional(api, cast.learner_yanta) == 0


def test_only_an_approved_claim_can_be_revoked(cast, api, claim):
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/revoke", {"reason": "x"})
    assert res.status_code == 409 and res.json()["code"] == "claim_not_approved"


def test_a_credit_already_corrected_is_not_reversed_twice(cast, api, claim):
    api(cast.employer_yanta).post(f"claims/{claim['id']}/approve", {})
    entry = CreditEntry.objects.get()
    api(cast.province_admin).post(f"credit-entries/{entry.pk}/reversal", {"reason": "重复认定"})
    res = api(cast.employer_yanta).post(f"claims/{claim['id']}/revoke", {"reason": "材料不实"})
    assert res.status_code == 200 and res.json()["status"] == "REVOKED"
    assert CreditEntry.objects.count() == 2 and professional(api, cast.learner_yanta) == 0
