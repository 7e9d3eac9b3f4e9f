"""Portal sign-in pages: start, callback, prefilled registration, password bind, unlink."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.forms import LoginForm
from jxjy.accounts.models import User
from jxjy.core.errors import DomainError
from jxjy.core.masking import mask_id_number

from . import access, conf, rules, sandbox, services
from .forms import PortalRegisterForm
from .providers import Provider, provider_get

PENDING_KEY = "_jxjy_sso_pending"
IDENTITY_KEY = "_jxjy_sso_identity"
BACKEND = "jxjy.accounts.backends.IdNumberOrUsernameBackend"


def _redirect_uri(request: HttpRequest, provider: Provider) -> str:
    if provider.sandbox:
        return sandbox.redirect_uri(request, provider.name)
    path = reverse("portals:callback", args=[provider.name])
    # A real portal registers one exact callback: the public address when it is configured.
    origin = conf.public_origin()
    return origin + path if origin else request.build_absolute_uri(path)


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return ""


def _error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "portals/error.html", {"error": exc}, status=exc.status)


def _sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    request.session.pop(IDENTITY_KEY, None)
    login(request, user, backend=BACKEND)
    return redirect(_safe_next(request, next_url) or "accounts:dashboard")


def start(request: HttpRequest, provider: str) -> HttpResponse:
    try:
        chosen = provider_get(request, provider)
        store: dict[str, Any] = request.session.get(PENDING_KEY) or {}
        url = services.sso_begin(store=store, provider=chosen, redirect_uri=_redirect_uri(request, chosen),
                                 next_url=_safe_next(request, request.GET.get("next", "")))
    except DomainError as exc:
        return _error_page(request, exc)
    request.session[PENDING_KEY] = store
    return redirect(url)


def callback(request: HttpRequest, provider: str) -> HttpResponse:
    store: dict[str, Any] = request.session.get(PENDING_KEY) or {}
    try:
        chosen = provider_get(request, provider)
        try:
            identity, next_url = services.sso_complete(store=store, provider=chosen, params=request.GET,
                                                       redirect_uri=_redirect_uri(request, chosen))
        finally:
            request.session[PENDING_KEY] = store  # a consumed state stays consumed, whatever followed
        outcome, user = services.sso_route(identity=identity)
    except DomainError as exc:
        return _error_page(request, exc)
    if user is not None:
        if outcome == rules.Outcome.LINK:
            messages.success(request, _("Your portal identity is now linked to your account."))
        return _sign_in(request, user, next_url)
    request.session[IDENTITY_KEY] = {"identity": identity.as_dict(), "at": time.time(), "next": next_url}
    return redirect("portals:register" if outcome == rules.Outcome.REGISTER else "portals:bind")


def _waiting_identity(request: HttpRequest) -> tuple[rules.Identity, str] | None:
    data = request.session.get(IDENTITY_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > rules.IDENTITY_TTL_SECONDS:
        request.session.pop(IDENTITY_KEY, None)
        return None
    return rules.Identity.from_dict(data["identity"]), str(data.get("next", ""))


def _expired(request: HttpRequest) -> HttpResponse:
    return _error_page(request, services.SsoStateInvalid())


def register(request: HttpRequest) -> HttpResponse:
    waiting = _waiting_identity(request)
    if waiting is None or not waiting[0].id_number:
        return _expired(request)
    identity, next_url = waiting
    form = PortalRegisterForm(request.POST or None, phone=identity.phone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.identity_register(identity=identity, phone=data["phone"], password=data["password"],
                                              employer_id=data["employer"].pk, specialty_id=data["specialty"].pk,
                                              title_level=data["title_level"])
        except DomainError as exc:
            errors = exc.detail.get("errors", [])
            for err in errors:
                field = {"employer_id": "employer", "specialty_id": "specialty"}.get(err["field"], err["field"])
                form.add_error(field if field in form.fields else None, err["reason"])
            if not errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Registered and signed in. Your hours count once your employer confirms you."))
            return _sign_in(request, user, next_url)
    return render(request, "portals/register.html", {
        "form": form, "name": identity.name, "masked_id_number": mask_id_number(identity.id_number),
        "portal": _portal_title(request, identity.provider)})


def bind(request: HttpRequest) -> HttpResponse:
    waiting = _waiting_identity(request)
    if waiting is None:
        return _expired(request)
    identity, next_url = waiting
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.identity_bind(identity=identity, login=form.cleaned_data["login"],
                                          password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your portal identity is now linked to your account."))
            return _sign_in(request, user, next_url)
    return render(request, "portals/bind.html", {
        "form": form, "portal": _portal_title(request, identity.provider), "name": identity.name,
        "can_register": bool(identity.id_number)})


def _portal_title(request: HttpRequest, name: str) -> str:
    try:
        return provider_get(request, name).display_title
    except DomainError:
        return name


@login_required
@require_POST
def unlink(request: HttpRequest, identity_id: int) -> HttpResponse:
    try:
        identity = access.access_identity(request.user, identity_id)
        services.identity_unlink(actor=request.user, identity=identity)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The portal identity is no longer linked."))
    return redirect("accounts:dashboard")
