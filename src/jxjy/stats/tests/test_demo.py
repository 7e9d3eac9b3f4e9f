"""The demo year behind the province's charts: made through the services, on the plan year's own
dates, once."""

from __future__ import annotations

import io

import pytest
from django.apps import apps

from jxjy.billing.models import Invoice, Order
from jxjy.learning.models import InPersonSession
from jxjy.org.models import Division
from jxjy.stats import demo, selectors

# Real commits: a paid order confirms the session place on commit, as on the platform.
pytestmark = pytest.mark.django_db(transaction=True)


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in ("accounts", "org", "learning", "billing", "credits")}


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.JXJY_PAYMENT_SANDBOX = True
    settings.JXJY_FROZEN_NOW = "2020-12-01T10:00:00+08:00"
    return settings


def test_the_demo_year_fills_every_chart_once(cast, demo_settings):
    out = io.StringIO()
    demo.seed(cast, out)
    first = _counts()
    demo.seed(cast, out)
    assert _counts() == first
    assert "7 more learners, 5 in-person sessions of 2020, 13 paid orders" in out.getvalue()

    completion = selectors.completion(2020)
    assert completion.counts == {"complete": 2, "public_short": 2, "professional_short": 1, "nothing": 4}
    assert completion.unconfirmed == 1
    hours = selectors.hours(2020)
    assert hours["by_category"] == {"PUBLIC": 96, "PROFESSIONAL": 224}
    revenue = selectors.revenue(2020)
    assert revenue["totals"]["orders"] == 14 and revenue["totals"]["paid_orders"] == 13
    assert len([m for m in revenue["months"] if m["paid_orders"]]) >= 4  # spread over the year
    assert {b["name"] for b in revenue["top_bases"]} == {cast.provincial_base.name, cast.weinan_base.name}
    # Every city of the demo has learners in its own chart.
    for code in ("610100", "610300", "610400", "610500", "610700"):
        assert selectors.completion(2020, Division.objects.get(code=code)).learners > 0, code
    assert not InPersonSession.objects.exclude(status=InPersonSession.Status.CLOSED).exists()
    assert Order.objects.filter(status=Order.Status.EXPIRED).count() == 1
    assert Order.objects.filter(status=Order.Status.PAID, relief=True).exists()
    assert Invoice.objects.filter(status=Invoice.Status.ISSUED).count() == 13
    assert all(o.created_at.year == 2020 for o in Order.objects.all())


def test_no_session_is_dated_after_today(cast, demo_settings):
    demo_settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:00+08:00"
    demo.seed(cast, io.StringIO())
    ends = list(InPersonSession.objects.values_list("ends_on", flat=True))
    assert ends and all(str(day) < "2020-06-01" for day in ends)
    assert not Order.objects.filter(created_at__gte="2020-06-01T10:00:00+08:00").exists()


def test_nothing_is_made_before_the_year_has_begun(cast, demo_settings):
    demo_settings.JXJY_FROZEN_NOW = "2020-02-10T10:00:00+08:00"
    out = io.StringIO()
    demo.seed(cast, out)
    assert "barely begun" in out.getvalue() and not InPersonSession.objects.exists()
