"""The province admin opens the statistics on a phone: every chart is drawn (ECharts puts a
canvas in each container) and the tables show the known data set's totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxjy.conftest import PASSWORD
from jxjy.core.testing import page_wait
from jxjy.stats.tests.conftest import (  # noqa: F401
    _billing_settings,
    ledger,
    shop,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("chart-completion", "chart-hours", "chart-revenue", "chart-bases", "chart-courses")


def test_the_province_admin_sees_the_charts_and_the_totals(cast, ledger, shop, page):  # noqa: F811
    login(page, "admin_province", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="查看统计分析").click()
    page.wait_for_url("**/stats/")
    page.goto("/stats/?year=2020")
    for section in ("completion", "hours", "revenue", "courses"):
        page.locator(f'#{section}[data-loaded="1"]').wait_for()
    for chart in CHARTS:
        page.locator(f"#{chart} canvas, #{chart} svg").first.wait_for()
        box = page.locator(f"#{chart}").bounding_box()
        assert box is not None and 300 < box["width"] <= 390 and box["height"] > 200, chart

    assert page.locator('#completion [data-total="learners"]').inner_text() == "5"
    assert page.locator('#completion [data-total="unconfirmed"]').inner_text() == "1"
    rows = page.locator("#table-completion tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [["已达标", "1"], ["公需课学时不足", "1"], ["专业课学时不足", "1"],
                                             ["尚无学时", "2"]]
    assert page.locator('#hours [data-total="hours"]').inner_text() == "146"
    paid = shop.yanta_order.amount + shop.baishui_order.amount
    assert Decimal(page.locator('#revenue [data-total="paid"]').inner_text()) == paid
    assert page.locator('#revenue [data-total="orders"]').inner_text() == "3"
    assert page.locator("#table-bases tbody tr").count() == 2
    assert page.locator('#courses [data-total="courses"]').inner_text() == "4"

    # Charts follow the window: a wider window gives wider canvases.
    page.set_viewport_size({"width": 1000, "height": 900})
    page_wait(page, "document.querySelector('#chart-hours canvas').getBoundingClientRect().width > 600")
