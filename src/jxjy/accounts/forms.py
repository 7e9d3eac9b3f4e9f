from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jxjy.org.models import Employer, Specialty

from .models import Learner


class LoginForm(forms.Form):
    login = forms.CharField(label=_("ID number or username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=256)


class RegisterForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11)
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.all())
    specialty = forms.ModelChoiceField(label=_("Specialty"), queryset=Specialty.objects.all())
    title_level = forms.ChoiceField(label=_("Title level"), choices=Learner.TitleLevel.choices)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8, max_length=128)
    password2 = forms.CharField(label=_("Confirm password"), widget=forms.PasswordInput, max_length=128)
    # The version shown with the form: the service refuses it if a newer one took effect meanwhile.
    privacy_version = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    # Not required here: the service refuses a registration without consent together with every
    # other reason, so the person sees all of them at once (a missing tick alone would hide them).
    privacy_consent = forms.BooleanField(label=_("I have read and agree to the privacy policy"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .privacy import current_policy

        super().__init__(*args, **kwargs)
        policy = current_policy()
        self.fields["privacy_version"].initial = policy.version if policy else ""
        self.fields["privacy_consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>', _("I have read and agree to the"),
            reverse("accounts:privacy"), _("Privacy policy"))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ"))
        if not data.get("privacy_consent"):
            data["privacy_version"] = None  # no tick, no consent: the service says so
        return data


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, max_length=256)
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("Confirm the new password"), widget=forms.PasswordInput, max_length=128)


class PhoneChangeForm(forms.Form):
    phone = forms.CharField(label=_("New mobile phone"), max_length=11,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}))
    code = forms.CharField(label=_("Verification code"), max_length=6, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class ProfileForm(forms.Form):
    specialty = forms.ModelChoiceField(label=_("Specialty"), queryset=Specialty.objects.all())
    title_level = forms.ChoiceField(label=_("Title level"), choices=Learner.TitleLevel.choices)


class EmployerChangeForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("New employer"), queryset=Employer.objects.order_by("name"))


class ForgotForm(forms.Form):
    login = forms.CharField(label=_("ID number or username"), max_length=150)
    phone = forms.CharField(label=_("Mobile phone on record"), max_length=11,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}))


class ForgotResetForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("Confirm the new password"), widget=forms.PasswordInput, max_length=128)


class CancelForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, max_length=256)
    understood = forms.BooleanField(label=_("I understand that cancelling cannot be undone"), required=True)
