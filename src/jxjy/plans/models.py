from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.core.errors import Conflict
from jxjy.org.models import Division

from .rules import ExamRules, FeeRates, PublicSubject, StudyRules, YearRules


class SpecProfile(models.Model):
    """A courseware production spec (Attachment 3) as numbers; a plan refers to one."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    rules = models.JSONField(_("技术指标"))

    class Meta:
        verbose_name = _("课件制作规范")
        verbose_name_plural = _("课件制作规范")

    def __str__(self) -> str:
        return self.name


class AnnualPlan(models.Model):
    """One year's rules (年度计划). Published plans are never edited, only superseded."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("草稿")
        PUBLISHED = "PUBLISHED", _("已发布")
        SUPERSEDED = "SUPERSEDED", _("已被替代")

    year = models.PositiveIntegerField(_("年度"), db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("文件标题"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=50, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    hours_total = models.PositiveIntegerField(_("年度总学时"), validators=[MinValueValidator(1)])
    hours_public = models.PositiveIntegerField(_("公需课最低学时"))
    hours_professional = models.PositiveIntegerField(_("专业课最低学时"))
    patriotic_min_hours = models.PositiveIntegerField(_("公需课爱国主义教育最低学时"), default=0)
    public_subjects = models.JSONField(_("公需课科目"), default=list, help_text=_('如 [{"name": "…", "hours": 24}]'))
    professional_hours_classes = models.JSONField(_("专业课学时类别"), default=list)

    fee_online_standard = models.DecimalField(_("网络学习收费(元/学时)"), max_digits=8, decimal_places=2)
    fee_online_relief = models.DecimalField(_("网络学习摘帽县收费(元/学时)"), max_digits=8, decimal_places=2)
    fee_in_person_standard = models.DecimalField(_("面授收费(元/学时)"), max_digits=8, decimal_places=2)
    fee_in_person_relief = models.DecimalField(_("面授摘帽县收费(元/学时)"), max_digits=8, decimal_places=2)
    relief_counties = models.ManyToManyField(Division, blank=True, related_name="+", verbose_name=_("降费县(区)"))

    makeup_deadlines = models.JSONField(_("补学截止日期"), default=list,
                                        help_text=_('如 [{"year": 2019, "deadline": "2020-12-31"}]'))

    exam_single = models.PositiveIntegerField(_("每卷单选题数"))
    exam_multiple = models.PositiveIntegerField(_("每卷多选题数"))
    exam_true_false = models.PositiveIntegerField(_("每卷判断题数"))
    exam_points_per_question = models.PositiveIntegerField(_("每题分值"))
    exam_bank_ratio = models.PositiveIntegerField(_("题库与试卷题量比"))
    exam_pass_mark = models.PositiveIntegerField(_("及格分"))
    exam_max_attempts = models.PositiveIntegerField(_("每次报名考试次数"))
    exam_minutes = models.PositiveIntegerField(_("考试时长(分钟)"))
    exam_requires_lectures = models.BooleanField(_("学完全部讲次方可考试"), default=False)

    playback_rate_cap = models.DecimalField(_("计时最高倍速"), max_digits=4, decimal_places=2, default=Decimal("1.00"))
    completion_share = models.DecimalField(_("讲次完成所需观看比例"), max_digits=4, decimal_places=3,
                                           default=Decimal("0.950"))
    heartbeat_seconds = models.PositiveIntegerField(_("心跳间隔(秒)"), default=30)
    presence_check_minutes = models.PositiveIntegerField(_("在场确认平均间隔(分钟)"), default=20)

    spec_profile = models.ForeignKey(SpecProfile, on_delete=models.PROTECT, verbose_name=_("课件制作规范"))
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("替代的计划"))

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="plan_year_version_unique"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(status="PUBLISHED"),
                                    name="plan_one_published_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度计划 v{self.version}({self.get_status_display()})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A published plan's numbers are fixed: only its status may change (to superseded).
        if self.pk is not None:
            stored = AnnualPlan.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != self.Status.DRAFT:
                update_fields = set(kwargs.get("update_fields") or [])
                if not update_fields or not update_fields <= {"status"}:
                    raise Conflict("已发布的年度计划不能修改，请创建新版本替代", code="plan_published_immutable")
        super().save(*args, **kwargs)

    def rules(self) -> YearRules:
        """The plan as a plain value for the domain cores."""
        deadlines: dict[int, dt.date] = {}
        for item in self.makeup_deadlines or []:
            deadlines[int(item["year"])] = dt.date.fromisoformat(item["deadline"])
        return YearRules(
            year=self.year,
            hours_total=self.hours_total,
            hours_public=self.hours_public,
            hours_professional=self.hours_professional,
            patriotic_min_hours=self.patriotic_min_hours,
            public_subjects=tuple(PublicSubject(s["name"], int(s["hours"])) for s in self.public_subjects or []),
            professional_hours_classes=tuple(int(h) for h in self.professional_hours_classes or []),
            online=FeeRates(self.fee_online_standard, self.fee_online_relief),
            in_person=FeeRates(self.fee_in_person_standard, self.fee_in_person_relief),
            relief_county_codes=frozenset(self.relief_county_codes()),
            makeup_deadlines=deadlines,
            exam=ExamRules(
                single=self.exam_single, multiple=self.exam_multiple, true_false=self.exam_true_false,
                points_per_question=self.exam_points_per_question, bank_ratio=self.exam_bank_ratio,
                pass_mark=self.exam_pass_mark, max_attempts=self.exam_max_attempts, minutes=self.exam_minutes,
                requires_lectures=self.exam_requires_lectures,
            ),
            study=StudyRules(
                playback_rate_cap=float(self.playback_rate_cap), completion_share=float(self.completion_share),
                heartbeat_seconds=self.heartbeat_seconds, presence_check_minutes=self.presence_check_minutes,
            ),
            spec=dict(self.spec_profile.rules),
        )

    def relief_county_codes(self) -> set[str]:
        """Current codes of the relief counties and their former codes (旬阳县 and 旬阳市 alike)."""
        codes: set[str] = set()
        for division in self.relief_counties.prefetch_related("aliases"):
            codes.add(division.code)
            codes.update(a.code for a in division.aliases.all())
        return codes
