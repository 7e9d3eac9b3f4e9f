from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """A GB/T 2260 administrative division of Shaanxi: the province, a city or a county."""

    class Kind(models.TextChoices):
        PROVINCE = "PROVINCE", _("省")
        CITY = "CITY", _("市")
        COUNTY = "COUNTY", _("县(区)")

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("级别"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上级"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    @property
    def city(self) -> Division | None:
        """The city this division belongs to (itself for a city, None for the province)."""
        if self.kind == self.Kind.CITY:
            return self
        if self.kind == self.Kind.COUNTY:
            return self.parent
        return None


class DivisionAlias(models.Model):
    """A former code of a division (旬阳县 610928 for 旬阳市 610981), accepted as the same one."""

    code = models.CharField(_("曾用代码"), max_length=6, unique=True)
    name = models.CharField(_("曾用名"), max_length=50)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("区划曾用代码")
        verbose_name_plural = _("区划曾用代码")

    def __str__(self) -> str:
        return f"{self.name}({self.code}) → {self.division}"


class Specialty(models.Model):
    """A professional specialty (专业) that courses, bases and learners are classed by."""

    code = models.CharField(_("专业代码"), max_length=20, unique=True)
    name = models.CharField(_("专业名称"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业")

    def __str__(self) -> str:
        return self.name


class Employer(models.Model):
    """A learner's work unit (工作单位 / 人事主管单位); reviews affiliations and claims."""

    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="employers",
                               verbose_name=_("所在县(区)"))
    payroll = models.DecimalField(_("年度工资总额(元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    ce_budget = models.DecimalField(_("年度继续教育经费(元)"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("工作单位")
        verbose_name_plural = _("工作单位")

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> Division | None:
        return self.county.city


class TrainingBase(models.Model):
    """An accredited continuing-education base (继续教育基地)."""

    class Level(models.TextChoices):
        PROVINCIAL = "PROVINCIAL", _("省级基地")
        CITY = "CITY", _("市级基地")

    class Permission(models.TextChoices):
        IN_PERSON = "IN_PERSON", _("面授培训")
        ONLINE_PUBLIC = "ONLINE_PUBLIC", _("网络公需课")
        ONLINE_PROFESSIONAL = "ONLINE_PROFESSIONAL", _("网络专业课")

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("正常")
        SUSPENDED = "SUSPENDED", _("暂停")

    name = models.CharField(_("基地名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    city = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="bases", verbose_name=_("所在市"),
                             limit_choices_to={"kind": Division.Kind.CITY})
    specialty_scope = models.ManyToManyField(Specialty, blank=True, related_name="bases",
                                             verbose_name=_("专业范围"))
    permissions = models.JSONField(_("培训权限"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    invoice_prefix = models.CharField(_("发票号前缀"), max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("继续教育基地")
        verbose_name_plural = _("继续教育基地")

    def __str__(self) -> str:
        return self.name

    def has_permission(self, permission: str) -> bool:
        return permission in (self.permissions or [])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class IndustryAuthority(models.Model):
    """An industry department (行业主管部门) that may set professional subjects."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, verbose_name=_("所属区划"))
    specialties = models.ManyToManyField(Specialty, blank=True, verbose_name=_("主管专业"))

    class Meta:
        verbose_name = _("行业主管部门")
        verbose_name_plural = _("行业主管部门")

    def __str__(self) -> str:
        return self.name
