from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.org.models import Employer, Specialty

from .models import Learner


class LoginForm(forms.Form):
    login = forms.CharField(label=_("身份证号或用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, max_length=256)


class RegisterForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=11)
    employer = forms.ModelChoiceField(label=_("工作单位"), queryset=Employer.objects.all())
    specialty = forms.ModelChoiceField(label=_("专业"), queryset=Specialty.objects.all())
    title_level = forms.ChoiceField(label=_("职称层级"), choices=Learner.TitleLevel.choices)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, min_length=8, max_length=128)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, max_length=128)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data
