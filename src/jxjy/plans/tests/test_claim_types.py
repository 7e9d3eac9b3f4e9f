"""Equivalent-hours claim types are plan data: shipped for 2020, carried into new versions,
checked whether they come through the services or the admin's form."""

import pytest
from django.core.exceptions import ValidationError

from jxjy.core.errors import ValidationFailed
from jxjy.plans.models import AnnualPlan
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db

GOOD = {"yearly_cap": 20, "types": [{"code": "PAPER", "name": "发表论文", "category": "PROFESSIONAL",
                                     "max_hours_per_claim": 8, "yearly_cap": 16}]}


def test_the_2020_plan_ships_claim_types_with_their_caps(api):
    body = api().get("plans/2020").json()["equivalent_claims"]
    assert body["yearly_cap"] == 56
    codes = {t["code"] for t in body["types"]}
    assert {"DEGREE", "PAPER", "RESEARCH", "TRAINER_PROFESSIONAL", "TRAINER_PUBLIC", "CONFERENCE"} <= codes
    for t in body["types"]:
        assert t["name"] and t["category"] in ("PUBLIC", "PROFESSIONAL")
        assert 0 < t["max_hours_per_claim"] <= t["yearly_cap"]
    paper = published_plan(2020).rules().equivalent.type("PAPER")
    assert (paper.category, paper.max_hours_per_claim, paper.yearly_cap) == ("PROFESSIONAL", 16, 32)


def test_a_new_version_carries_the_claim_types_or_takes_changed_ones(cast):
    plan = published_plan(2020)
    copy = plan_draft_from(actor=cast.province_admin, plan=plan)
    assert copy.equivalent_claims == plan.equivalent_claims
    changed = plan_publish(actor=cast.province_admin, plan=plan_draft_from(
        actor=cast.province_admin, plan=plan, changes={"equivalent_claims": GOOD}))
    rules = published_plan(2020).rules().equivalent
    assert changed.equivalent_claims == GOOD
    assert [t.code for t in rules.types] == ["PAPER"] and rules.yearly_cap == 20


def test_a_year_without_claim_types_takes_none(cast):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020),
                            changes={"year": 2031, "equivalent_claims": {}})
    assert draft.rules().equivalent.types == () and draft.rules().equivalent.yearly_cap is None


def test_wrong_claim_type_data_is_refused_with_every_problem(cast):
    bad = {"yearly_cap": -1, "types": [
        {"code": "bad code", "name": "", "category": "OTHER", "max_hours_per_claim": 0, "yearly_cap": 8},
        {"code": "PAPER", "name": "论文", "category": "PROFESSIONAL", "max_hours_per_claim": 20, "yearly_cap": 8},
        {"code": "PAPER", "name": "论文", "category": "PROFESSIONAL", "max_hours_per_claim": 4, "yearly_cap": 8}]}
    with pytest.raises(ValidationFailed) as info:
        plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={"equivalent_claims": bad})
    reasons = [e["reason"] for e in info.value.detail["errors"] if e["field"] == "equivalent_claims"]
    assert len(reasons) == 7, reasons
    assert AnnualPlan.objects.filter(year=2020).count() == 1


def test_the_admin_form_checks_and_normalises_claim_types(cast):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020))
    draft.equivalent_claims = {"types": [{"code": "X", "name": "某活动", "category": "PUBLIC",
                                          "max_hours_per_claim": "4.5", "yearly_cap": "9"}]}
    draft.clean()
    assert draft.equivalent_claims == {"types": [{"code": "X", "name": "某活动", "category": "PUBLIC",
                                                  "max_hours_per_claim": 4.5, "yearly_cap": 9}]}
    draft.equivalent_claims = {"types": [{"code": "X", "category": "PUBLIC"}]}
    with pytest.raises(ValidationError) as info:
        draft.clean()
    assert len(info.value.message_dict["equivalent_claims"]) == 3
