"""Employers record payroll and CE budget; a budget under the Regulations' share is flagged;
the employer sees its people's fees."""

from decimal import Decimal

import pytest

from jxjy.billing.models import BillingPolicy
from jxjy.billing.tests.conftest import paid_order
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.org.models import Employer

pytestmark = pytest.mark.django_db


def test_the_employer_records_its_budget_and_a_low_one_is_flagged(cast, api):
    url = f"employers/{cast.yanta_employer.pk}/budget"
    res = api(cast.employer_yanta).put(url, {"payroll": "2000000.00", "ce_budget": "20000.00"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["min_share"] == "0.0150" and body["min_budget"] == "30000.00"
    assert body["below_minimum"] is True
    ok = api(cast.employer_yanta).put(url, {"payroll": "2000000.00", "ce_budget": "30000.00"}).json()
    assert ok["below_minimum"] is False
    employer = Employer.objects.get(pk=cast.yanta_employer.pk)
    assert (employer.payroll, employer.ce_budget) == (Decimal("2000000.00"), Decimal("30000.00"))
    entries = AuditEntry.objects.filter(action="billing.employer_budget_set").order_by("at", "pk")
    assert entries.count() == 2 and entries.last().after["ce_budget"] == "30000.00"


def test_the_floor_is_the_policys_share_not_a_constant(cast, api):
    BillingPolicy.objects.filter(pk=1).update(budget_min_share=Decimal("0.0100"))
    body = api(cast.employer_yanta).put(f"employers/{cast.yanta_employer.pk}/budget",
                                        {"payroll": "2000000", "ce_budget": "20000"}).json()
    assert body["below_minimum"] is False and body["min_budget"] == "20000.00"


def test_another_employer_cannot_see_or_set_the_budget(cast, api):
    url = f"employers/{cast.yanta_employer.pk}/budget"
    assert api(cast.employer_baishui).get(url).status_code == 404
    assert api(cast.employer_baishui).put(url, {"payroll": "1", "ce_budget": "1"}).status_code == 404
    assert api(cast.learner_yanta).put(url, {"payroll": "1", "ce_budget": "1"}).status_code == 404
    # The province may look, but the figures are the employer's own to record.
    assert api(cast.province_admin).get(url).status_code == 200
    assert api(cast.province_admin).put(url, {"payroll": "1", "ce_budget": "1"}).status_code == 403
    assert Employer.objects.get(pk=cast.yanta_employer.pk).payroll is None


@pytest.mark.parametrize("bad", [{"payroll": "-1"}, {"payroll": "abc"}, {"ce_budget": "1.234"}, {"payroll": "1e20"}])
def test_bad_amounts_are_refused_and_change_nothing(cast, api, bad):
    res = api(cast.employer_yanta).put(f"employers/{cast.yanta_employer.pk}/budget",
                                       {"payroll": "100", "ce_budget": "10", **bad})
    assert res.status_code == 422
    assert res.json()["detail"]["errors"][0]["field"] in bad
    assert Employer.objects.get(pk=cast.yanta_employer.pk).payroll is None


def test_the_employer_sees_its_learners_fees_only(cast, api, course):
    paid_order(api, cast.learner_yanta, course)
    paid_order(api, cast.learner_baishui, course)
    body = api(cast.employer_yanta).get(f"employers/{cast.yanta_employer.pk}/fees").json()
    assert [o["learner"]["name"] for o in body["orders"]] == ["李雁塔"]
    assert body["orders"][0]["learner"]["id_number"].count("*") >= 8  # masked
    assert body["years"] == [{"year": 2020, "orders": 1, "paid": "48.00", "refunded": "0.00", "net": "48.00"}]
    assert api(cast.employer_baishui).get(f"employers/{cast.yanta_employer.pk}/fees").status_code == 404


def test_the_employer_page_saves_the_budget_and_shows_the_flag(cast, api, course, client):
    paid_order(api, cast.learner_yanta, course)
    client.login(username="employer_yanta", password=PASSWORD)
    res = client.post("/billing/employer/", {"payroll": "1000000", "ce_budget": "100"})
    assert res.status_code == 302
    page = client.get("/billing/employer/").content.decode()
    assert "30000" not in page and "15000.00" in page  # the floor: 1.5 % of 1,000,000
    assert "李雁塔" in page and "48.00" in page
    bad = client.post("/billing/employer/", {"payroll": "-5", "ce_budget": "100"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    client.login(username="learner_yanta", password=PASSWORD)
    assert client.get("/billing/employer/").status_code == 404
