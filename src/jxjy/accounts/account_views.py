"""Account self-service pages: 「我的账户」 (profile, password, phone, professional details,
employer), the forgotten password by text message, and the staff password reset by a superior.

Thin: parse, call one service, render. The rules are in services.py and rules.py.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jxjy.core.errors import DomainError
from jxjy.core.middleware import current
from jxjy.notices.rules import CodePolicy

from . import access, services
from .forms import (
    EmployerChangeForm,
    ForgotForm,
    ForgotResetForm,
    PasswordChangeForm,
    PhoneChangeForm,
    ProfileForm,
)
from .models import Learner, User

FORGOT_KEY = "accounts.forgot"


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _form_errors(form: forms.Form, exc: DomainError, renames: dict[str, str] | None = None) -> None:
    """Puts a service's field reasons on the form's fields, or its message on the form."""
    errors = exc.detail.get("errors", [])
    for err in errors:
        field = (renames or {}).get(err["field"], err["field"])
        form.add_error(field if field in form.fields else None, err["reason"])
    if not errors:
        form.add_error(None, exc.message)


def _learner(user: Any) -> Learner | None:
    if user.role != User.Role.LEARNER:
        return None
    return Learner.objects.select_related("employer", "specialty").filter(user=user).first()


@login_required
def account(request: HttpRequest) -> HttpResponse:
    learner = _learner(request.user)
    profile_form = None
    if learner is not None:
        profile_form = ProfileForm(initial={"specialty": learner.specialty_id, "title_level": learner.title_level})
    return render(request, "accounts/account.html", {
        "learner": learner, "profile_form": profile_form,
        "may_reset_staff": access.staff_visible(request.user).exists()})  # type: ignore[arg-type]


@login_required
@require_POST
def profile_update(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.learner_profile_update(user=request.user,  # type: ignore[arg-type]
                                            specialty_id=form.cleaned_data["specialty"].pk,
                                            title_level=form.cleaned_data["title_level"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your professional details are saved."))
    else:
        messages.error(request, _("The details are invalid"))
    return redirect("accounts:account")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            # This session stays signed in; every other one ends (its password hash is stale).
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed. Every other sign-in has ended."))
            return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def phone_change(request: HttpRequest) -> HttpResponse:
    learner = _learner(request.user)
    if learner is None:
        messages.error(request, _("Only learners have a phone on record here"))
        return redirect("accounts:account")
    form = PhoneChangeForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        phone, code = form.cleaned_data["phone"], form.cleaned_data["code"]
        if request.POST.get("action") == "send":
            try:
                services.phone_change_code_send(user=request.user, phone=phone)  # type: ignore[arg-type]
            except DomainError as exc:
                if _htmx(request):
                    return render(request, "accounts/_code_status.html", {"error": exc.message})
                _form_errors(form, exc)
            else:
                sent = True
                if _htmx(request):
                    return render(request, "accounts/_code_status.html", {"sent": True})
        elif not code:
            form.add_error("code", _("Enter the code sent to the new phone"))
        else:
            try:
                services.phone_change(user=request.user, phone=phone, code=code)  # type: ignore[arg-type]
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your phone on record is changed."))
                return redirect("accounts:account")
    return render(request, "accounts/phone_change.html", {"form": form, "learner": learner, "sent": sent})


@login_required
def employer_change(request: HttpRequest) -> HttpResponse:
    learner = _learner(request.user)
    if learner is None:
        messages.error(request, _("Only learners have an employer to change"))
        return redirect("accounts:account")
    form = EmployerChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        employer = form.cleaned_data["employer"]
        if request.POST.get("acknowledged") != "1":
            # The warning first: the learner confirms on the next page.
            return render(request, "accounts/employer_change_confirm.html", {"learner": learner, "employer": employer})
        try:
            services.learner_employer_change(user=request.user, employer_id=employer.pk,  # type: ignore[arg-type]
                                             acknowledged=True)
        except DomainError as exc:
            _form_errors(form, exc, {"employer_id": "employer"})
        else:
            messages.success(request, _("Your employer is changed. Your hours count again once %(employer)s "
                                        "confirms you.") % {"employer": employer.name})
            return redirect("accounts:account")
    return render(request, "accounts/employer_change.html", {"form": form, "learner": learner})


# ---------------------------------------------------------------------------------------------
# Forgotten password


def forgot(request: HttpRequest) -> HttpResponse:
    form = ForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_forgot_code_send(login=form.cleaned_data["login"], phone=form.cleaned_data["phone"],
                                               ip=current().ip)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            request.session[FORGOT_KEY] = {"login": form.cleaned_data["login"].strip(),
                                           "phone": form.cleaned_data["phone"].strip(), "at": time.time()}
            from .api import forgot_sent_message

            messages.info(request, forgot_sent_message())
            return redirect("accounts:password_forgot_reset")
    return render(request, "accounts/forgot.html", {"form": form})


def forgot_reset(request: HttpRequest) -> HttpResponse:
    data = request.session.get(FORGOT_KEY)
    # The code lives 5 minutes; what the person typed is kept for as long (a little more).
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > CodePolicy().ttl_seconds + 60:
        request.session.pop(FORGOT_KEY, None)
        messages.error(request, _("Please ask for a code first."))
        return redirect("accounts:password_forgot")
    form = ForgotResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_forgot_reset(login=str(data.get("login", "")), phone=str(data.get("phone", "")),
                                           ip=current().ip, **form.cleaned_data)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            request.session.pop(FORGOT_KEY, None)
            messages.success(request, _("Your new password is set and every earlier sign-in has ended. "
                                        "Please sign in with the new password."))
            return redirect("accounts:login")
    return render(request, "accounts/forgot_reset.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# Staff password reset


@login_required
def staff_accounts(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN)  # type: ignore[arg-type]
    qs = access.staff_visible(request.user).order_by("role", "username")  # type: ignore[arg-type]
    return render(request, "accounts/staff_accounts.html", {"accounts": qs[:500], "count": qs.count()})


@never_cache  # the temporary password is in this response only
@login_required
@require_POST
def staff_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.access_staff(request.user, user_id)  # type: ignore[arg-type]
    temporary = services.staff_password_reset(actor=request.user, target=target)  # type: ignore[arg-type]
    context = {"target": target, "temporary": temporary}
    if _htmx(request):
        return render(request, "accounts/_staff_reset_done.html", context)
    return render(request, "accounts/staff_reset_done.html", context)
