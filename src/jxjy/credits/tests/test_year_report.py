"""The yearly status of many learners at once (a city report), one GROUP BY."""

from decimal import Decimal

import pytest

from jxjy.accounts.access import learners_visible
from jxjy.accounts.models import Learner
from jxjy.credits.models import CreditEntry
from jxjy.credits.selectors import year_status_report
from jxjy.learning.selectors import rules_for_year

pytestmark = pytest.mark.django_db


def add(learner, category, hours, ref, year=2020):
    CreditEntry.objects.create(learner=learner, year=year, category=category, hours=Decimal(hours),
                               source=CreditEntry.Source.IN_PERSON, reference=ref,
                               created_at="2020-06-01T10:00:00+08:00")


def test_a_city_report_lists_its_learners_with_their_status(cast, django_assert_num_queries):
    baishui = cast.learner_baishui.learner
    add(baishui, "PUBLIC", 24, "a")
    add(baishui, "PROFESSIONAL", 56, "b")
    add(baishui, "PROFESSIONAL", 56, "c", year=2019)
    rules = rules_for_year(2020)
    with django_assert_num_queries(1):
        rows = list(year_status_report(learners_visible(cast.admin_weinan), 2020, rules))
    assert [(r.learner_id, r.public, r.professional, r.completed) for r in rows] == [
        (baishui.pk, 24, 56, True)]
    xian = list(year_status_report(learners_visible(cast.admin_xian), 2020))
    assert [(r.learner_id, r.public, r.completed) for r in xian] == [(cast.learner_yanta.learner.pk, 0, False)]


def test_the_report_counts_nothing_for_unconfirmed_learners(cast):
    baishui = cast.learner_baishui.learner
    add(baishui, "PUBLIC", 24, "a")
    add(baishui, "PROFESSIONAL", 56, "b")
    Learner.objects.filter(pk=baishui.pk).update(affiliation=Learner.Affiliation.PENDING)
    [row] = year_status_report(learners_visible(cast.admin_weinan), 2020)
    assert row.public == 0 and not row.completed
