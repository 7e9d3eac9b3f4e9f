"""A small known data set for the statistics: five learners in two cities, their ledger entries,
orders paid through the sandbox, and a few courses."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from jxjy.accounts.models import Learner
from jxjy.accounts.validators import make_id_number
from jxjy.billing.tests.conftest import CommittingApi, _billing_settings, enrol, make_course, paid_order  # noqa: F401
from jxjy.catalog.models import Category, Course
from jxjy.core.personas import _learner
from jxjy.core.testing import PASSWORD
from jxjy.credits.models import CreditEntry
from jxjy.org.models import Specialty

S = CreditEntry.Source


def add(learner: Learner, category: str, hours: int, source: str, ref: str, year: int = 2020) -> None:
    CreditEntry.objects.create(learner=learner, year=year, category=category, hours=Decimal(hours), source=source,
                               reference=ref, created_at="2020-05-01T10:00:00+08:00")


def extra_learner(cast: Any, username: str, name: str, id_number: str, employer: Any, *,
                  confirmed: bool = True) -> Learner:
    user = _learner(username, PASSWORD, name, id_number, "13700000000", employer, Specialty.objects.first(),
                    Learner.TitleLevel.JUNIOR)
    learner = user.learner
    if not confirmed:
        Learner.objects.filter(pk=learner.pk).update(affiliation=Learner.Affiliation.PENDING)
    return learner


@pytest.fixture
def ledger(cast: Any) -> SimpleNamespace:
    """2020: 白水 (渭南) complete; 雁塔 (西安) public short; 王西安 (西安) professional short;
    赵渭南 (渭南, unconfirmed) and 钱西安 (西安, no entries) nothing yet."""
    baishui, yanta = cast.learner_baishui.learner, cast.learner_yanta.learner
    wang = extra_learner(cast, "wang_xian", "王西安", make_id_number("610113", "19900101", "123"), cast.yanta_employer)
    zhao = extra_learner(cast, "zhao_weinan", "赵渭南", make_id_number("610527", "19900101", "125"), cast.baishui_employer, confirmed=False)
    qian = extra_learner(cast, "qian_xian", "钱西安", make_id_number("610113", "19920202", "127"), cast.yanta_employer)
    add(baishui, "PUBLIC", 24, S.IN_PERSON, "session:1")
    add(baishui, "PROFESSIONAL", 56, S.ONLINE_COURSE, "enrolment:1")
    add(baishui, "PROFESSIONAL", 40, S.ONLINE_COURSE, "enrolment:2", year=2019)
    add(yanta, "PUBLIC", 10, S.EQUIVALENT, "claim:1")
    add(yanta, "PUBLIC", 2, S.CORRECTION, "correction:manual:1")
    add(wang, "PUBLIC", 24, S.IN_PERSON, "session:2")
    add(zhao, "PROFESSIONAL", 30, S.ONLINE_COURSE, "enrolment:3")
    return SimpleNamespace(baishui=baishui, yanta=yanta, wang=wang, zhao=zhao, qian=qian)


@pytest.fixture
def shop(cast: Any) -> SimpleNamespace:
    """Courses, and orders through the enrolment API and the sandbox cashier (clock: June 2020):
    雁塔 pays for a 12 h provincial course and leaves a second order unpaid; 白水 pays for an
    8 h 渭南 course."""
    provincial = make_course(cast.provincial_base)
    unpaid_course = make_course(cast.provincial_base, title="项目风险管理", hours=16)
    weinan = make_course(cast.weinan_base, title="护理继续教育", hours=8)
    Course.objects.create(base=cast.provincial_base, category=Category.PUBLIC, title="弘扬延安精神、坚定理想信念",
                          hours=24, status=Course.Status.PUBLISHED)
    Course.objects.create(base=cast.provincial_base, category=Category.PUBLIC, title="草稿", hours=24,
                          status=Course.Status.DRAFT)
    yanta_order = paid_order(CommittingApi, cast.learner_yanta, provincial)
    enrol(CommittingApi, cast.learner_yanta, unpaid_course)
    baishui_order = paid_order(CommittingApi, cast.learner_baishui, weinan)
    return SimpleNamespace(yanta_order=yanta_order, baishui_order=baishui_order)
