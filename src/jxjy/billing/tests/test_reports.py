"""Reports: a base's figures by day and month with an Excel export; the city's and province's
totals by base; reconciliation of invoices against payments."""

import io
from decimal import Decimal

import openpyxl
import pytest

from jxjy.billing.models import Invoice, Order
from jxjy.billing.selectors import reconcile
from jxjy.billing.tests.conftest import enrol, make_course, paid_order
from jxjy.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def takings(cast, api, course, weinan_course, settings):
    """Provincial base: 48 + 24 paid on 1 June, 48 refunded on 2 June, one unpaid; Weinan: 8 h paid."""
    first = paid_order(api, cast.learner_yanta, course)
    paid_order(api, cast.learner_baishui, course)
    enrol(api, cast.learner_baishui, make_course(cast.provincial_base, title="未付款课程", hours=3))
    paid_order(api, cast.learner_baishui, weinan_course)
    settings.JXJY_FROZEN_NOW = "2020-06-02T09:00:00+08:00"
    assert api(cast.base_provincial).post(f"orders/{first.pk}/refund", {}).status_code == 200
    return first


def test_a_base_sees_its_figures_by_day(cast, api, takings):
    body = api(cast.base_provincial).get("billing/reports", period="day", start="2020-06-01", end="2020-06-30").json()
    assert body["base"]["id"] == cast.provincial_base.pk
    rows = {r["period"]: r for r in body["rows"]}
    assert rows["2020-06-01"]["orders"] == 3 and rows["2020-06-01"]["paid"] == "72.00"
    assert rows["2020-06-01"]["invoices"] == 2 and rows["2020-06-01"]["invoiced"] == "72.00"
    assert rows["2020-06-02"]["refunded"] == "48.00" and rows["2020-06-02"]["reversed"] == "-48.00"
    assert rows["2020-06-02"]["net"] == "-48.00"


def test_a_base_sees_its_figures_by_month(cast, api, takings):
    body = api(cast.base_provincial).get("billing/reports", period="month", start="2020-01-01", end="2020-12-31").json()
    assert len(body["rows"]) == 1
    june = body["rows"][0]
    assert june["period"] == "2020-06-01"
    assert (june["paid"], june["refunded"], june["net"]) == ("72.00", "48.00", "24.00")
    assert (june["invoiced"], june["reversed"]) == ("72.00", "-48.00")


def test_a_base_cannot_see_another_bases_report(cast, api, takings):
    res = api(cast.base_weinan).get("billing/reports", base_id=cast.provincial_base.pk)
    assert res.status_code == 404
    assert api(cast.learner_yanta).get("billing/reports").status_code == 403


def test_the_province_sees_totals_by_base_and_the_city_only_its_own(cast, api, takings):
    body = api(cast.province_admin).get("billing/reports", start="2020-06-01", end="2020-06-30").json()
    by_name = {b["base"]["name"]: b for b in body["bases"]}
    assert by_name[cast.provincial_base.name]["net"] == "24.00"
    assert by_name[cast.weinan_base.name]["paid"] == "16.00"
    city = api(cast.admin_weinan).get("billing/reports", start="2020-06-01", end="2020-06-30").json()
    assert [b["base"]["name"] for b in city["bases"]] == [cast.weinan_base.name]
    assert api(cast.admin_xian).get("billing/reports").json()["bases"] == []


def test_bad_report_parameters_are_422(cast, api):
    assert api(cast.base_provincial).get("billing/reports", period="week").status_code == 422
    assert api(cast.base_provincial).get("billing/reports", start="2020-13-01").status_code == 422
    assert api(cast.base_provincial).get("billing/reports", start="2020-06-02", end="2020-06-01").status_code == 422


def test_the_report_exports_to_excel(cast, api, takings, client):
    client.login(username="base_provincial", password=PASSWORD)
    res = client.get("/billing/reports/export.xlsx", {"period": "day", "start": "2020-06-01", "end": "2020-06-30"})
    assert res.status_code == 200 and "spreadsheetml" in res["Content-Type"]
    ws = openpyxl.load_workbook(io.BytesIO(res.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "期间"
    assert rows[1][0] == "2020-06-01" and Decimal(str(rows[1][4])) == Decimal("72.00")


def test_the_export_is_safe_against_formula_injection(cast, api, client):
    base = cast.provincial_base
    base.name = "=HYPERLINK(\"http://evil\",\"x\")"
    base.save(update_fields=["name"])
    client.login(username="admin_province", password=PASSWORD)
    res = client.get("/billing/reports/export.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(res.content)).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" and c.value.startswith("'=") for c in cells)


def test_report_pages_are_for_administrators_only(cast, api, client):
    client.login(username="learner_yanta", password=PASSWORD)
    assert client.get("/billing/reports/").status_code == 404
    assert client.get("/billing/reports/export.xlsx").status_code == 404
    assert client.get("/billing/reconciliation/").status_code == 404
    client.login(username="base_provincial", password=PASSWORD)
    assert client.get("/billing/reports/").status_code == 200


def test_everything_invoiced_reconciles_with_the_payments(cast, api, takings):
    body = api(cast.province_admin).get("billing/reconciliation").json()
    assert body["ok"] is True and body["discrepancies"] == []
    assert body["net_paid"] == body["net_invoiced"] == "40.00"


def test_reconciliation_reports_a_missing_or_wrong_invoice(cast, api, takings):
    invoice = Invoice.objects.filter(kind=Invoice.Kind.BLUE, order__base=cast.weinan_base).get()
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("15.00"))
    result = reconcile()
    assert not result.ok
    assert [(d.kind, d.expected, d.actual) for d in result.discrepancies] == [
        ("invoice_amount_mismatch", Decimal("16.00"), Decimal("15.00"))]
    # The city sees the difference in its base; the provincial base's admin does not.
    assert not api(cast.admin_weinan).get("billing/reconciliation").json()["ok"]
    assert api(cast.base_provincial).get("billing/reconciliation").json()["ok"]


def test_reconciliation_lists_money_taken_for_a_closed_order(cast, api, course, settings, client):
    from jxjy.billing.tests.conftest import notification, post_notification

    order = Order.objects.get(pk=enrol(api, cast.learner_yanta, course)["order"]["id"])
    settings.JXJY_FROZEN_NOW = "2020-06-01T11:00:00+08:00"
    post_notification(client, notification(order, paid_at="2020-06-01T10:45:00+08:00"))
    kinds = [d.kind for d in reconcile().discrepancies]
    assert kinds == ["payment_to_return"]
