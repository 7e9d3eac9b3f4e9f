"""The demo's earlier, closed round: a passed review and an overdue one, made once."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from jxjy.reviews import demo
from jxjy.reviews.models import BaseReview, ReviewRound

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_earlier_round_with_an_overdue_review(cast):
    demo.seed(cast, io.StringIO())
    demo.seed(cast, io.StringIO())
    assert ReviewRound.objects.count() == 2
    closed = ReviewRound.objects.get(closed_at__isnull=False)
    assert closed.period == "2017–2018" and closed.closed_by == cast.province_admin
    passed = BaseReview.objects.get(round=closed, base=cast.provincial_base)
    assert passed.status == BaseReview.Status.FINISHED and passed.conclusion == "PASS" and passed.total_score == 79
    overdue = BaseReview.objects.get(round=closed, base=cast.weinan_base)
    assert overdue.status == BaseReview.Status.OVERDUE and overdue.conclusion == "FAIL"
    assert not overdue.base_suspended
    client = Client()
    client.force_login(cast.province_admin)
    page = client.get(f"/reviews/rounds/{closed.pk}/").content.decode()
    assert 'id="round-closed"' in page and "逾期未完成" in page and 'id="close-round-form"' not in page
    index = client.get("/reviews/").content.decode()
    assert "2017–2018" in index and "已结束" in index


def test_no_earlier_round_when_the_clock_is_before_its_close(cast, settings):
    settings.JXJY_FROZEN_NOW = "2019-05-01T10:00:00+08:00"
    demo.seed(cast, io.StringIO())
    assert not ReviewRound.objects.filter(start_year=2017).exists()
