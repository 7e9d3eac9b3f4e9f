"""The learner's rights pages: the privacy policy (public), agreeing to a new version, the copy of
one's personal data, and cancelling the account. Thin: the rules are in privacy.py, services.py
and personal_data.py."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jxjy.core.errors import DomainError
from jxjy.core.json import JxjyEncoder

from . import personal_data, privacy, services
from .account_views import _form_errors, _learner
from .forms import CancelForm
from .models import PrivacyPolicy


def policy(request: HttpRequest) -> HttpResponse:
    """Anyone: the policy in force, or an earlier version by ?version= (what someone agreed to)."""
    current = privacy.current_policy()
    shown = current
    version = request.GET.get("version", "").strip()[:20]
    if version:
        shown = PrivacyPolicy.objects.filter(version=version).first()
        if shown is None:
            raise Http404
    if shown is None:
        raise Http404
    return render(request, "accounts/privacy.html", {
        "policy": shown, "current": current, "blocks": privacy.paragraphs(shown.body),
        "versions": PrivacyPolicy.objects.order_by("-effective_on", "-id"),
        "needed": privacy.consent_needed(request.user)})  # type: ignore[arg-type]


@login_required
@require_POST
def accept(request: HttpRequest) -> HttpResponse:
    try:
        privacy.consent_accept(user=request.user, version=request.POST.get("version", ""))  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:privacy")
    messages.success(request, _("Thank you: your agreement to the privacy policy is recorded."))
    return redirect("accounts:dashboard")


@never_cache
@login_required
def data(request: HttpRequest) -> HttpResponse:
    """The page explains what the copy holds; the buttons POST (a download is counted and audited,
    so no link prefetch may spend it)."""
    learner = _learner(request.user)
    if learner is None:
        messages.error(request, _("Only learners have personal data to download here"))
        return redirect("accounts:account")
    if request.method == "POST":
        fmt = "xlsx" if request.POST.get("format") == "xlsx" else "json"
        try:
            copy = services.personal_data_export(user=request.user, fmt=fmt)  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:personal_data")
        return attachment(copy, fmt)
    return render(request, "accounts/personal_data.html", {
        "kinds": [str(title) for _key, title, _select in personal_data.KINDS]})


def attachment(copy: dict, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(personal_data.workbook(copy),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        body = json.dumps(copy, cls=JxjyEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-personal-data.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def cancel(request: HttpRequest) -> HttpResponse:
    learner = _learner(request.user)
    if learner is None:
        messages.error(request, _("Staff accounts are closed by the administrator above them, not here"))
        return redirect("accounts:account")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_cancel(user=request.user, password=form.cleaned_data["password"])  # type: ignore[arg-type]
        except services.AccountCancelRefused as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account is cancelled and your personal data anonymised. Thank you "
                                        "for studying with us."))
            return redirect("core:home")
    return render(request, "accounts/cancel.html", {"form": form, "blockers": services.cancel_blockers(learner)})
