"""GET /api/v1/fees/quote: the schedule's price for the learner's county, or an admin's county."""

import pytest

from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db


def test_a_learner_outside_relief_counties_is_quoted_the_standard_rate(cast, api):
    res = api(cast.learner_yanta).get("fees/quote", year=2020, mode="online", hours=12)
    assert res.status_code == 200
    assert res.json() == {"year": 2020, "mode": "online", "hours": 12, "rate": "4.00", "relief": False,
                          "amount": "48.00"}


def test_a_learner_in_a_relief_county_is_quoted_the_relief_rate(cast, api):
    body = api(cast.learner_baishui).get("fees/quote", year=2020, mode="in_person", hours=8).json()
    assert body == {"year": 2020, "mode": "in_person", "hours": 8, "rate": "3.00", "relief": True,
                    "amount": "24.00"}


@pytest.mark.parametrize(("county", "relief", "rate"), [
    ("610527", True, "2.00"),    # 白水县
    ("610928", True, "2.00"),    # 旬阳县, the former code of 旬阳市
    ("610981", True, "2.00"),    # 旬阳市
    ("610113", False, "4.00"),   # 雁塔区
])
def test_an_administrator_may_quote_for_a_county(cast, api, county, relief, rate):
    body = api(cast.admin_xian).get("fees/quote", year=2020, mode="online", hours=10, county=county).json()
    assert body["relief"] is relief and body["rate"] == rate


def test_an_unknown_county_is_422(cast, api):
    res = api(cast.province_admin).get("fees/quote", year=2020, mode="online", hours=10, county="999999")
    assert res.status_code == 422 and res.json()["code"] == "unknown_county"


def test_a_learner_may_not_quote_for_another_county(cast, api):
    res = api(cast.learner_yanta).get("fees/quote", year=2020, mode="online", hours=10, county="610527")
    assert res.status_code == 403 and res.json()["code"] == "county_not_allowed"


def test_an_unknown_year_is_404(cast, api):
    res = api(cast.learner_yanta).get("fees/quote", year=1999, mode="online", hours=10)
    assert res.status_code == 404 and res.json()["code"] == "plan_not_found"


def test_an_unknown_mode_is_422(cast, api):
    res = api(cast.learner_yanta).get("fees/quote", year=2020, mode="by_post", hours=10)
    assert res.status_code == 422 and res.json()["code"] == "unknown_mode"
    assert "online" in res.json()["message"]


@pytest.mark.parametrize("hours", ["0", "-3", "abc"])
def test_hours_must_be_a_positive_whole_number(cast, api, hours):
    res = api(cast.learner_yanta).get("fees/quote", year=2020, mode="online", hours=hours)
    assert res.status_code == 422


def test_a_signed_out_caller_gets_no_quote(api):
    assert api().get("fees/quote", year=2020, mode="online", hours=10).status_code == 401


def test_a_made_up_year_is_quoted_by_its_own_numbers(cast, api):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "year": 2031, "fee_in_person_standard": "9.25", "fee_in_person_relief": "0.75",
        "relief_counties": ["610113"]})
    plan_publish(actor=cast.province_admin, plan=draft)
    yanta = api(cast.learner_yanta).get("fees/quote", year=2031, mode="in_person", hours=4).json()
    baishui = api(cast.learner_baishui).get("fees/quote", year=2031, mode="in_person", hours=4).json()
    assert (yanta["relief"], yanta["amount"]) == (True, "3.00")
    assert (baishui["relief"], baishui["amount"]) == (False, "37.00")
