"""Each statistics API against a small known data set, with the scope rules."""

from decimal import Decimal

import pytest

from jxjy.accounts.validators import make_id_number

pytestmark = pytest.mark.django_db


def statuses(body):
    return {s["status"]: s["learners"] for s in body["statuses"]}


def test_completion_counts_learners_by_status_for_the_province(cast, api, ledger):
    res = api(cast.province_admin).get("stats/completion", year=2020)
    assert res.status_code == 200, res.content
    body = res.json()
    assert statuses(body) == {"complete": 1, "public_short": 1, "professional_short": 1, "nothing": 2}
    assert body["learners"] == 5 and body["unconfirmed"] == 1 and body["city"] is None
    assert body["required"] == {"total": 80, "public": 24, "professional": 56}
    assert [s["label"] for s in body["statuses"]] == ["已达标", "公需课学时不足", "专业课学时不足", "尚无学时"]


def test_completion_in_another_year_counts_that_year_only(cast, api, ledger):
    body = api(cast.province_admin).get("stats/completion", year=2019).json()
    # 白水's 40 professional hours of 2019 alone: the public minimum is not met.
    assert statuses(body) == {"complete": 0, "public_short": 1, "professional_short": 0, "nothing": 4}


def test_the_province_may_narrow_to_one_city(cast, api, ledger):
    body = api(cast.province_admin).get("stats/completion", year=2020, city="610500").json()
    assert statuses(body) == {"complete": 1, "public_short": 0, "professional_short": 0, "nothing": 1}
    assert body["city"] == {"code": "610500", "name": "渭南市"}


def test_a_city_admin_gets_its_own_city_only(cast, api, ledger):
    body = api(cast.admin_xian).get("stats/completion", year=2020).json()
    assert statuses(body) == {"complete": 0, "public_short": 1, "professional_short": 1, "nothing": 1}
    assert body["city"]["code"] == "610100"
    assert api(cast.admin_xian).get("stats/hours", year=2020).json()["total"] == 36


def test_a_city_admin_cannot_ask_for_another_city(cast, api, ledger):
    for path in ("stats/completion", "stats/hours", "stats/revenue", "stats/courses"):
        res = api(cast.admin_xian).get(path, year=2020, city="610500")
        assert res.status_code == 404, path
        assert res.json()["code"] == "city_not_found" and res.json()["message"] == "未找到该城市"


def test_learners_bases_and_employers_are_refused(cast, api, ledger):
    for user in (cast.learner_yanta, cast.base_provincial, cast.employer_yanta):
        for path in ("stats/completion", "stats/hours", "stats/revenue", "stats/courses"):
            res = api(user).get(path, year=2020)
            assert res.status_code == 403, (user, path)
            assert res.json()["code"] == "stats_forbidden"
    assert api().get("stats/completion").status_code == 401


def test_an_unknown_city_or_an_impossible_year_is_refused(cast, api, ledger):
    assert api(cast.province_admin).get("stats/completion", city="999999").status_code == 404
    res = api(cast.province_admin).get("stats/hours", year=99999)
    assert res.status_code == 422 and res.json()["code"] == "year_invalid"


def test_hours_by_category_and_source(cast, api, ledger):
    body = api(cast.province_admin).get("stats/hours", year=2020).json()
    got = {(i["category"], i["source"]): (i["hours"], i["entries"]) for i in body["items"] if i["entries"]}
    assert got == {("PUBLIC", "IN_PERSON"): (48, 2), ("PUBLIC", "EQUIVALENT"): (10, 1),
                   ("PUBLIC", "CORRECTION"): (2, 1), ("PROFESSIONAL", "ONLINE_COURSE"): (86, 2)}
    assert len(body["items"]) == 8  # every category × source, zeros included
    assert body["by_category"] == {"PUBLIC": 60, "PROFESSIONAL": 86} and body["total"] == 146


def test_hours_count_reversals_as_negative(cast, api, ledger):
    from jxjy.credits.models import CreditEntry
    from jxjy.credits.services import credit_entry_reverse

    entry = CreditEntry.objects.get(reference="session:2")
    credit_entry_reverse(actor=cast.province_admin, entry=entry, reason="重复登记")
    body = api(cast.province_admin).get("stats/hours", year=2020).json()
    got = {(i["category"], i["source"]): i["hours"] for i in body["items"]}
    assert got[("PUBLIC", "IN_PERSON")] == 48 and got[("PUBLIC", "CORRECTION")] == -22
    assert body["total"] == 122


def test_revenue_by_month_and_by_base(cast, api, shop):
    body = api(cast.province_admin).get("stats/revenue", year=2020).json()
    paid = shop.yanta_order.amount + shop.baishui_order.amount
    june = body["months"][5]
    assert june["month"] == 6 and june["orders"] == 3 and june["enrolments"] == 3 and june["paid_orders"] == 2
    assert Decimal(june["paid"]) == paid and Decimal(june["refunded"]) == 0
    assert all(m["orders"] == 0 for m in body["months"] if m["month"] != 6)
    assert body["totals"]["orders"] == 3 and Decimal(body["totals"]["paid"]) == paid
    assert Decimal(body["totals"]["net"]) == paid
    assert [(b["name"], Decimal(b["paid"]), b["paid_orders"]) for b in body["top_bases"]] == sorted(
        [(cast.provincial_base.name, shop.yanta_order.amount, 1), (cast.weinan_base.name, shop.baishui_order.amount, 1)],
        key=lambda r: -r[1])
    assert api(cast.province_admin).get("stats/revenue", year=2019).json()["totals"]["orders"] == 0


def test_revenue_of_a_city_counts_its_learners_orders(cast, api, shop):
    body = api(cast.admin_weinan).get("stats/revenue", year=2020).json()
    assert body["totals"]["orders"] == 1 and Decimal(body["totals"]["paid"]) == shop.baishui_order.amount
    assert [b["name"] for b in body["top_bases"]] == [cast.weinan_base.name]


def test_published_courses_by_category_and_base_level(cast, api, shop):
    body = api(cast.province_admin).get("stats/courses").json()
    got = {(i["category"], i["base_level"]): (i["courses"], i["hours"]) for i in body["items"]}
    assert got == {("PUBLIC", "PROVINCIAL"): (1, 24), ("PUBLIC", "CITY"): (0, 0),
                   ("PROFESSIONAL", "PROVINCIAL"): (2, 28), ("PROFESSIONAL", "CITY"): (1, 8)}
    assert body["total"] == 4
    weinan = api(cast.admin_weinan).get("stats/courses").json()
    assert weinan["total"] == 1


def test_the_completion_queries_do_not_grow_with_the_learners(cast, ledger):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jxjy.stats import selectors

    from .conftest import S, add, extra_learner

    with CaptureQueriesContext(connection) as before:
        selectors.completion(2020)
    for n in range(3):
        more = extra_learner(cast, f"more{n}", f"学员{n}", make_id_number("610113", "19850101", f"30{n}"),
                             cast.yanta_employer)
        add(more, "PUBLIC", 24, S.IN_PERSON, f"session:{10 + n}")
    with CaptureQueriesContext(connection) as after:
        assert selectors.completion(2020).counts["professional_short"] == 4
    assert len(after) == len(before)
