from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """A GB/T 2260 administrative division of Shaanxi: the province, a city or a county."""

    class Kind(models.TextChoices):
        PROVINCE = "PROVINCE", _("Province")
        CITY = "CITY", _("City")
        COUNTY = "COUNTY", _("County")

    code = models.CharField(_("Division code"), max_length=6, unique=True)
    name = models.CharField(_("Name"), max_length=50)
    kind = models.CharField(_("Level"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("Parent"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("Division")
        verbose_name_plural = _("Division")

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

    code = models.CharField(_("Former code"), max_length=6, unique=True)
    name = models.CharField(_("Former name"), max_length=50)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("Former division code")
        verbose_name_plural = _("Former division code")

    def __str__(self) -> str:
        return f"{self.name}({self.code}) → {self.division}"


class Specialty(models.Model):
    """A professional specialty (专业) that courses, bases and learners are classed by."""

    code = models.CharField(_("Specialty code"), max_length=20, unique=True)
    name = models.CharField(_("Specialty name"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Specialty")
        verbose_name_plural = _("Specialty")

    def __str__(self) -> str:
        return self.name


class Employer(models.Model):
    """A learner's work unit (工作单位 / 人事主管单位); reviews affiliations and claims."""

    name = models.CharField(_("Employer name"), max_length=100)
    credit_code = models.CharField(_("Unified social credit code"), max_length=18, unique=True)
    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="employers",
                               verbose_name=_("County"))
    payroll = models.DecimalField(_("Yearly payroll (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    ce_budget = models.DecimalField(_("Yearly continuing-education budget (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Employer")
        verbose_name_plural = _("Employer")

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> Division | None:
        return self.county.city


class TrainingBase(models.Model):
    """An accredited continuing-education base (继续教育基地)."""

    class Level(models.TextChoices):
        PROVINCIAL = "PROVINCIAL", _("Provincial base")
        CITY = "CITY", _("City base")

    class Permission(models.TextChoices):
        IN_PERSON = "IN_PERSON", _("In-person training")
        ONLINE_PUBLIC = "ONLINE_PUBLIC", _("Online public courses")
        ONLINE_PROFESSIONAL = "ONLINE_PROFESSIONAL", _("Online professional courses")

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Active")
        SUSPENDED = "SUSPENDED", _("Suspended")

    name = models.CharField(_("Base name"), max_length=100, unique=True)
    level = models.CharField(_("Level"), max_length=12, choices=Level.choices)
    city = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="bases", verbose_name=_("City"),
                             limit_choices_to={"kind": Division.Kind.CITY})
    specialty_scope = models.ManyToManyField(Specialty, blank=True, related_name="bases",
                                             verbose_name=_("Specialty scope"))
    permissions = models.JSONField(_("Training permissions"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    credit_code = models.CharField(_("Unified social credit code"), max_length=18, blank=True)
    invoice_prefix = models.CharField(_("Invoice number prefix"), max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Training base")
        verbose_name_plural = _("Training base")

    def __str__(self) -> str:
        return self.name

    def has_permission(self, permission: str) -> bool:
        return permission in (self.permissions or [])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class IndustryAuthority(models.Model):
    """An industry department (行业主管部门) that may set professional subjects."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, verbose_name=_("Division"))
    specialties = models.ManyToManyField(Specialty, blank=True, verbose_name=_("Specialties in charge"))

    class Meta:
        verbose_name = _("Industry authority")
        verbose_name_plural = _("Industry authority")

    def __str__(self) -> str:
        return self.name
