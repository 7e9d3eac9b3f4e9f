"""Base reviews' demo data: an open 2019–2020 round (deadline 90 days ahead) in which the
provincial base has submitted its self-assessment. Idempotent: a second run finds the round."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jxjy.core import clock
from jxjy.core.personas import Cast

from .models import BaseReview, ReviewRound
from .services import review_self_assess, round_open

SELF_ASSESSMENT = {
    "RULES": ("制定了培训管理、收费管理、学员考勤等12项制度，并在基地网站公开。", 18),
    "SPENDING": ("严格执行省定收费标准，培训经费专账核算，未压缩教学支出。", 17),
    "TEACHERS": ("专兼职教师46人，其中高级职称31人。", 18),
    "ORGANISATION": ("两年共组织面授培训24期、网络课程8门，均按计划实施。", 17),
    "LEARNERS": ("学员实名签到，学时登记及时准确，建立学员档案。", 18),
}


def seed(cast: Cast, stdout: Any) -> None:
    found = ReviewRound.objects.filter(start_year=2019, end_year=2020).first()
    if found is None:
        found = round_open(actor=cast.province_admin, start_year=2019, end_year=2020,
                           self_deadline=clock.today() + dt.timedelta(days=90))
    review = BaseReview.objects.filter(round=found, base=cast.provincial_base).first()
    if review is not None and review.status == BaseReview.Status.AWAITING_SELF:
        review_self_assess(actor=cast.base_provincial, review=review,
                           items={c: {"text": t, "score": s} for c, (t, s) in SELF_ASSESSMENT.items()})
    stdout.write(f"reviews: round {found.period}, {found.reviews.count()} bases")
