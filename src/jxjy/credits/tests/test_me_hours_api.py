"""GET /me/hours: the year's status toward each minimum, with the entries behind it."""

from decimal import Decimal

import pytest

from jxjy.credits.models import CreditEntry
from jxjy.learning.testing import publish_year

pytestmark = pytest.mark.django_db


def add(learner, category, hours, ref, year=2020):
    return CreditEntry.objects.create(learner=learner, year=year, category=category, hours=Decimal(hours),
                                      source=CreditEntry.Source.IN_PERSON, reference=ref,
                                      created_at="2020-06-01T10:00:00+08:00")


def test_the_contract_fields_and_the_2020_minimums(cast, api):
    body = api(cast.learner_yanta).get("me/hours", year=2020).json()
    assert {"year", "public", "professional", "total", "required", "completed", "entries"} <= set(body)
    assert body["year"] == 2020
    assert body["required"] == {"total": 80, "public": 24, "professional": 56}
    assert (body["public"], body["professional"], body["total"], body["completed"]) == (0, 0, 0, False)


def test_the_year_completes_only_when_both_minimums_are_met(cast, api):
    learner = cast.learner_yanta.learner
    add(learner, "PROFESSIONAL", 80, "session:1")
    body = api(cast.learner_yanta).get("me/hours", year=2020).json()
    assert body["total"] == 80 and body["completed"] is False
    add(learner, "PUBLIC", 24, "session:2")
    body = api(cast.learner_yanta).get("me/hours", year=2020).json()
    assert (body["public"], body["professional"], body["total"], body["completed"]) == (24, 80, 104, True)
    assert len(body["entries"]) == 2 and isinstance(body["entries"][0]["hours"], int)


def test_other_years_hours_do_not_count(cast, api):
    add(cast.learner_yanta.learner, "PUBLIC", 24, "session:3", year=2019)
    assert api(cast.learner_yanta).get("me/hours", year=2020).json()["public"] == 0
    assert api(cast.learner_yanta).get("me/hours", year=2019).json()["public"] == 24


def test_a_made_up_year_brings_its_own_minimums(cast, api):
    publish_year(cast.province_admin, {"hours_total": 90, "hours_public": 30, "hours_professional": 50}, year=2031)
    body = api(cast.learner_yanta).get("me/hours", year=2031).json()
    assert body["required"] == {"total": 90, "public": 30, "professional": 50}


def test_a_learner_sees_only_their_own_hours(cast, api):
    add(cast.learner_baishui.learner, "PUBLIC", 24, "session:4")
    assert api(cast.learner_yanta).get("me/hours").json()["public"] == 0
    assert api(cast.admin_xian).get("me/hours").status_code == 403
    assert api().get("me/hours").status_code == 401


def test_administrators_see_the_hours_of_learners_in_their_scope_only(cast, api):
    add(cast.learner_baishui.learner, "PUBLIC", 24, "session:5")
    baishui = cast.learner_baishui.learner.pk
    assert api(cast.admin_weinan).get(f"learners/{baishui}/hours").json()["public"] == 24
    assert api(cast.admin_xian).get(f"learners/{baishui}/hours").status_code == 404
    assert api(cast.learner_yanta).get(f"learners/{baishui}/hours").status_code == 404
