from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.org.models import Specialty, TrainingBase


class Category(models.TextChoices):
    PUBLIC = "PUBLIC", _("公需课")
    PROFESSIONAL = "PROFESSIONAL", _("专业课")


class Level(models.TextChoices):
    JUNIOR = "JUNIOR", _("初级")
    INTERMEDIATE = "INTERMEDIATE", _("中级")
    SENIOR = "SENIOR", _("高级")


class Mode(models.TextChoices):
    ONLINE = "ONLINE", _("网络学习")
    IN_PERSON = "IN_PERSON", _("面授")


class Course(models.Model):
    """An online course of a base. Learners see it once the province has published it."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("制作中")
        PUBLISHED = "PUBLISHED", _("已上线")
        WITHDRAWN = "WITHDRAWN", _("已下线")

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="courses", verbose_name=_("基地"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    title = models.CharField(_("科目名称"), max_length=200)
    specialty = models.ForeignKey(Specialty, null=True, blank=True, on_delete=models.PROTECT, related_name="courses",
                                  verbose_name=_("专业"))
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices, blank=True)
    hours = models.PositiveIntegerField(_("学时"))
    description = models.TextField(_("课程简介"), blank=True)
    preview_video = models.FileField(_("预览小视频"), upload_to="courseware/previews/", blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("上线时间"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Lecture(models.Model):
    """One lecture video (讲) of a course, about an hour long."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lectures", verbose_name=_("课程"))
    number = models.PositiveIntegerField(_("讲次"))
    title = models.CharField(_("标题"), max_length=200)
    teacher = models.CharField(_("主讲教师"), max_length=100, blank=True)
    duration = models.FloatField(_("时长(秒)"), default=0)
    video = models.FileField(_("视频"), upload_to="courseware/lectures/", blank=True)
    patriotic = models.BooleanField(_("爱国主义教育内容"), default=False)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("讲次")
        verbose_name_plural = _("讲次")
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="lecture_number_unique")]

    def __str__(self) -> str:
        return f"{self.course.title} 第{self.number}讲 {self.title}"
