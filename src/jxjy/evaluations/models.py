from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Course
from jxjy.learning.models import Enrolment

from . import rules


def _stars(verbose_name: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose_name)


class CourseEvaluation(models.Model):
    """A learner's evaluation (课程评价) of a course they completed: one per enrolment, editable for
    EDIT_DAYS (rules.py). `course` and `learner` repeat the enrolment's, so that the public
    summary, a base's list and the statistics read one table; they never change."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="evaluation",
                                     verbose_name=_("Enrolment"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="evaluations",
                               verbose_name=_("Course"))
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="course_evaluations",
                                verbose_name=_("Learner"))
    # The enrolment's credited year, the year the statistics and base reviews count it in.
    year = models.PositiveIntegerField(_("Credited year"), db_index=True)
    overall = _stars(_("Overall"))
    content = _stars(_("Practical content"))
    teaching = _stars(_("Teaching"))
    video = _stars(_("Video quality"))
    comment = models.TextField(pgettext_lazy("evaluation", "Comment"), max_length=rules.COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("evaluation", "Submitted at"))
    updated_at = models.DateTimeField(_("Last changed at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Course evaluation")
        verbose_name_plural = _("Course evaluations")
        indexes = [models.Index(fields=["course", "-created_at"], name="evaluation_course_newest")]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                   name=f"evaluation_{name}_1_to_5")
            for name in rules.SCORES
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.overall}★"

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in rules.SCORES}

    @property
    def edit_until(self) -> dt.datetime:
        return rules.edit_deadline(self.created_at)
