"""Base reviews' demo data: an open 2019–2020 round (deadline 90 days ahead) in which the
provincial base has submitted its self-assessment, and the closed 2017–2018 round before it: the
provincial base assessed and passed, the 渭南 base never self-assessed, so the close recorded its
review overdue and failed (closing.py rule 3). The earlier round is played through the services
on its own dates (the clock pinned at each step). Idempotent: a second run finds the rounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jxjy.core import clock
from jxjy.core.personas import Cast

from .models import BaseReview, ReviewRound
from .services import review_assess, review_self_assess, round_close, round_open

SELF_ASSESSMENT = {
    "RULES": ("制定了培训管理、收费管理、学员考勤等12项制度，并在基地网站公开。", 18),
    "SPENDING": ("严格执行省定收费标准，培训经费专账核算，未压缩教学支出。", 17),
    "TEACHERS": ("专兼职教师46人，其中高级职称31人。", 18),
    "ORGANISATION": ("两年共组织面授培训24期、网络课程8门，均按计划实施。", 17),
    "LEARNERS": ("学员实名签到，学时登记及时准确，建立学员档案。", 18),
}


EARLIER_SELF_ASSESSMENT = {
    "RULES": ("建立培训管理、财务管理等9项制度。", 16),
    "SPENDING": ("按省定标准收费，经费专账管理。", 17),
    "TEACHERS": ("专兼职教师38人，其中高级职称24人。", 16),
    "ORGANISATION": ("两年共组织面授培训18期。", 16),
    "LEARNERS": ("学员签到和学时登记已实现信息化。", 17),
}
EARLIER_ASSESSMENT = {
    "RULES": (15, "制度较健全，部分制度未公开。"),
    "SPENDING": (17, "收费规范，经费使用合规。"),
    "TEACHERS": (16, "师资结构合理。"),
    "ORGANISATION": (15, "培训计划执行率较高。"),
    "LEARNERS": (16, "学员档案完整。"),
}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _earlier_round(cast: Cast, stdout: Any) -> None:
    """The 2017–2018 round: opened in January 2019, deadlines in March and May, closed in June."""
    opened, self_deadline, assessment_deadline = dt.date(2019, 1, 7), dt.date(2019, 3, 31), dt.date(2019, 5, 31)
    closed = dt.date(2019, 6, 10)
    found = ReviewRound.objects.filter(start_year=2017, end_year=2018).first()
    if found is None:
        if clock.today() <= closed:
            return  # the platform's clock is pinned before it: no past round to show
        with clock.pinned(_at(opened)):
            found = round_open(actor=cast.province_admin, start_year=2017, end_year=2018,
                               self_deadline=self_deadline, assessment_deadline=assessment_deadline)
    if found.is_closed:
        stdout.write(f"reviews: round {found.period} closed")
        return
    own = BaseReview.objects.filter(round=found, base=cast.provincial_base).first()
    if own is not None and own.status == BaseReview.Status.AWAITING_SELF:
        with clock.pinned(_at(dt.date(2019, 3, 20))):
            own = review_self_assess(actor=cast.base_provincial, review=own, items={
                c: {"text": t, "score": s} for c, (t, s) in EARLIER_SELF_ASSESSMENT.items()})
    if own is not None and own.status == BaseReview.Status.SELF_SUBMITTED:
        with clock.pinned(_at(dt.date(2019, 4, 22))):
            review_assess(actor=cast.province_admin, review=own,
                          scores={c: {"score": s, "comment": t} for c, (s, t) in EARLIER_ASSESSMENT.items()},
                          comment="考核合格，请进一步完善制度公开。")
    with clock.pinned(_at(closed)):
        found = round_close(actor=cast.province_admin, review_round=found)
    stdout.write(f"reviews: round {found.period} closed")


def seed(cast: Cast, stdout: Any) -> None:
    _earlier_round(cast, stdout)
    found = ReviewRound.objects.filter(start_year=2019, end_year=2020).first()
    if found is None:
        found = round_open(actor=cast.province_admin, start_year=2019, end_year=2020,
                           self_deadline=clock.today() + dt.timedelta(days=90))
    review = BaseReview.objects.filter(round=found, base=cast.provincial_base).first()
    if review is not None and review.status == BaseReview.Status.AWAITING_SELF:
        review_self_assess(actor=cast.base_provincial, review=review,
                           items={c: {"text": t, "score": s} for c, (t, s) in SELF_ASSESSMENT.items()})
    stdout.write(f"reviews: round {found.period}, {found.reviews.count()} bases")
