from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.core.masking import mask_id_number, mask_phone
from jxjy.org.models import Division, Employer, Specialty, TrainingBase


class User(AbstractUser):
    """Any person who signs in. The role says what they are; scope (city, base, employer) is data."""

    class Role(models.TextChoices):
        PROVINCE_ADMIN = "PROVINCE_ADMIN", _("省人社厅管理员")
        CITY_ADMIN = "CITY_ADMIN", _("市人社局管理员")
        BASE_ADMIN = "BASE_ADMIN", _("基地管理员")
        EMPLOYER_REVIEWER = "EMPLOYER_REVIEWER", _("单位审核员")
        LEARNER = "LEARNER", _("专业技术人员")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    city = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("所管城市"), limit_choices_to={"kind": Division.Kind.CITY})
    base = models.ForeignKey(TrainingBase, null=True, blank=True, on_delete=models.PROTECT, related_name="admins",
                             verbose_name=_("所属基地"))
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="reviewers",
                                 verbose_name=_("所属单位"))
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_learner(self) -> bool:
        return self.role == self.Role.LEARNER


class LoginFailure(models.Model):
    """One failed password for an account; the lockout counts these within its window."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_failures")
    at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)


class Learner(models.Model):
    """A professional or technical worker with a yearly hours duty (专业技术人员)."""

    class TitleLevel(models.TextChoices):
        NONE = "NONE", _("无职称")
        JUNIOR = "JUNIOR", _("初级")
        INTERMEDIATE = "INTERMEDIATE", _("中级")
        SENIOR = "SENIOR", _("高级")

    class Affiliation(models.TextChoices):
        PENDING = "PENDING", _("待单位确认")
        CONFIRMED = "CONFIRMED", _("单位已确认")
        REJECTED = "REJECTED", _("单位未确认")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="learner")
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=11)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="learners",
                                 verbose_name=_("工作单位"))
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="learners",
                                  verbose_name=_("专业"))
    title_level = models.CharField(_("职称层级"), max_length=12, choices=TitleLevel.choices,
                                   default=TitleLevel.NONE)
    affiliation = models.CharField(_("单位确认状态"), max_length=10, choices=Affiliation.choices,
                                   default=Affiliation.PENDING)
    affiliation_note = models.CharField(_("确认意见"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专业技术人员")
        verbose_name_plural = _("专业技术人员")

    def __str__(self) -> str:
        return f"{self.name}({self.masked_id_number})"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_confirmed(self) -> bool:
        return self.affiliation == self.Affiliation.CONFIRMED


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
