from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Course


class Enrolment(models.Model):
    """A learner's enrolment in an online course for one study year (current or make-up)."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "PENDING_PAYMENT", _("待缴费")
        ACTIVE = "ACTIVE", _("学习中")
        COMPLETED = "COMPLETED", _("已完成")
        CANCELLED = "CANCELLED", _("已取消")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("学员"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("课程"))
    year = models.PositiveIntegerField(_("计入年度"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING_PAYMENT,
                              db_index=True)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    activated_at = models.DateTimeField(_("开通时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course", "year"], condition=~models.Q(status="CANCELLED"),
                                    name="enrolment_one_live_per_course_year"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.course} · {self.year}"

    @property
    def can_study(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.COMPLETED)
