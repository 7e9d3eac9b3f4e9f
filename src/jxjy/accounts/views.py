from __future__ import annotations

import importlib

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.core.errors import DomainError

from . import services
from .forms import LoginForm, RegisterForm

# Apps that add panels to the dashboard, in display order; each has dashboard.panels(request).
DASHBOARD_APPS = ["accounts", "plans", "catalog", "courseware", "exams", "learning", "credits", "certificates",
                  "billing", "org", "service", "stats", "reviews", "portals", "notices", "evaluations"]


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(login=form.cleaned_data["login"], password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="jxjy.accounts.backends.IdNumberOrUsernameBackend")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            return redirect(target or "accounts:dashboard")
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")


def register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.learner_register(id_number=data["id_number"], name=data["name"], phone=data["phone"],
                                      password=data["password"], employer_id=data["employer"].pk,
                                      specialty_id=data["specialty"].pk, title_level=data["title_level"],
                                      privacy_version=data["privacy_version"])
        except DomainError as exc:
            for err in exc.detail.get("errors", []):
                field = {"employer_id": "employer", "specialty_id": "specialty"}.get(err["field"], err["field"])
                form.add_error(field if field in form.fields else None, err["reason"])
            if not exc.detail.get("errors"):
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Registered. Please sign in. Your hours count once your employer confirms you."))
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    panels = []
    for app in DASHBOARD_APPS:
        try:
            module = importlib.import_module(f"jxjy.{app}.dashboard")
        except ModuleNotFoundError:
            continue
        panels.extend(module.panels(request))
    return render(request, "accounts/dashboard.html", {"panels": panels})


@login_required
@require_POST
def affiliation_view(request: HttpRequest, learner_id: int) -> HttpResponse:
    from .access import access_learner

    try:
        learner = access_learner(request.user, learner_id)  # type: ignore[arg-type]
        services.learner_affiliation_review(reviewer=request.user, learner=learner,  # type: ignore[arg-type]
                                            confirm=request.POST.get("confirm") == "1")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done"))
    return redirect("accounts:dashboard")
