from decimal import Decimal

import pytest

from jxjy.plans.models import AnnualPlan
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db


def test_the_2020_plan_ships_published_with_the_notice_numbers(api):
    res = api().get("plans/2020")
    assert res.status_code == 200
    body = res.json()
    assert body["year"] == 2020
    assert body["hours"] == {"total": 80, "public": 24, "professional": 56, "patriotic_min": 4}
    assert [s["hours"] for s in body["public_subjects"]] == [24, 24]
    assert body["fees"]["online"] == {"standard": "4.00", "relief": "2.00"}
    assert body["fees"]["in_person"] == {"standard": "5.00", "relief": "3.00"}
    assert len(body["relief_counties"]) == 29
    xunyang = next(c for c in body["relief_counties"] if c["name"] == "旬阳市")
    assert xunyang["code"] == "610981" and "610928" in xunyang["former_codes"]
    assert body["exam"]["single"] == 30 and body["exam"]["pass_mark"] == 60


def test_unknown_year_is_404_with_the_error_shape(api):
    res = api().get("plans/1999")
    assert res.status_code == 404
    body = res.json()
    assert body["code"] == "plan_not_found"
    assert "计划" in body["message"]
    assert "detail" in body


def test_a_made_up_year_with_other_numbers_is_served_as_published(cast, api):
    plan_2020 = published_plan(2020)
    draft = plan_draft_from(actor=cast.province_admin, plan=plan_2020, changes={
        "year": 2031, "hours_total": 90, "hours_public": 30, "hours_professional": 50,
        "fee_online_standard": "6.50", "fee_online_relief": "1.50", "exam_single": 20, "exam_pass_mark": 70,
        "public_subjects": [{"name": "数字陕西", "hours": 30}], "relief_counties": ["610113"]})
    plan_publish(actor=cast.province_admin, plan=draft)
    body = api().get("plans/2031").json()
    assert body["hours"]["total"] == 90 and body["hours"]["public"] == 30
    assert body["fees"]["online"] == {"standard": "6.50", "relief": "1.50"}
    assert body["exam"]["single"] == 20 and body["exam"]["pass_mark"] == 70
    assert body["relief_counties"] == [{"code": "610113", "name": "雁塔区", "former_codes": []}]
    assert api().get("plans/current").json()["year"] == 2031


def test_a_published_plan_cannot_be_edited_in_place(cast):
    plan = published_plan(2020)
    plan.hours_total = 10
    with pytest.raises(Exception) as info:
        plan.save()
    assert getattr(info.value, "code", "") == "plan_published_immutable"
    assert AnnualPlan.objects.get(pk=plan.pk).hours_total == 80


def test_publishing_a_new_version_supersedes_the_old_one(cast, api):
    old = published_plan(2020)
    draft = plan_draft_from(actor=cast.province_admin, plan=old, changes={"fee_online_standard": "3.50"})
    plan_publish(actor=cast.province_admin, plan=draft)
    old.refresh_from_db()
    assert old.status == AnnualPlan.Status.SUPERSEDED
    assert api().get("plans/2020").json()["fees"]["online"]["standard"] == "3.50"
    assert published_plan(2020).fee_online_standard == Decimal("3.50")


def test_only_the_province_may_draft_a_plan(cast, api):
    res = api(cast.admin_xian).post("plan-drafts", {"from_year": 2020, "changes": {"year": 2032}})
    assert res.status_code == 403
    assert not AnnualPlan.objects.filter(year=2032).exists()
    res = api(cast.province_admin).post("plan-drafts", {"from_year": 2020, "changes": {"year": 2032}})
    assert res.status_code == 201, res.content
    assert res.json()["status"] == "DRAFT"
