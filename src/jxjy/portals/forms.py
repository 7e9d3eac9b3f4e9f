from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.forms import RegisterForm


class PortalRegisterForm(RegisterForm):
    """accounts' registration form. Without the name and ID number when the portal vouched for
    them (shown read-only beside the form, the ID number masked; they cannot be edited); with
    them, as on the ordinary page, when it did not (WeChat)."""

    def __init__(self, *args: Any, phone: str | None = None, verified: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if verified:
            del self.fields["id_number"]
            del self.fields["name"]
        elif name and not self.is_bound:
            self.fields["name"].initial = name
        if phone and not self.is_bound:
            self.fields["phone"].initial = phone


class NewPasswordForm(forms.Form):
    """The new password after a portal confirmed who the learner is; accounts' validators check
    it in the service."""

    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("Confirm the new password"), widget=forms.PasswordInput, max_length=128)


class SandboxPersonForm(forms.Form):
    """A person typed in on the sandbox portal's page. Deliberately unchecked beyond its length:
    the sandbox passes on what it is given, so that the platform's own checks can be tried."""

    # Its fields are used only when "someone else" is chosen: the browser must not demand them.
    use_required_attribute = False

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11, required=False)



