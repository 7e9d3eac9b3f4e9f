"""Portal sign-in pages: start, callback, prefilled registration, password bind, link from the
dashboard, unlink, and password recovery through a portal."""

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
from .forms import NewPasswordForm, PortalRegisterForm
from .providers import Provider, active_providers, provider_get

PENDING_KEY = "_jxjy_sso_pending"
IDENTITY_KEY = "_jxjy_sso_identity"
RECOVERY_KEY = "_jxjy_sso_recovery"
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


def _begin(request: HttpRequest, provider: str, *, purpose: rules.Purpose = rules.Purpose.SIGN_IN,
           next_url: str = "", user_id: int | None = None) -> HttpResponse:
    try:
        chosen = provider_get(request, provider)
        store: dict[str, Any] = request.session.get(PENDING_KEY) or {}
        url = services.sso_begin(store=store, provider=chosen, redirect_uri=_redirect_uri(request, chosen),
                                 next_url=next_url, purpose=purpose, user_id=user_id)
    except DomainError as exc:
        return _error_page(request, exc)
    request.session[PENDING_KEY] = store
    return redirect(url)


def start(request: HttpRequest, provider: str) -> HttpResponse:
    return _begin(request, provider, next_url=_safe_next(request, request.GET.get("next", "")))


@login_required
@require_POST
def link_start(request: HttpRequest, provider: str) -> HttpResponse:
    """The dashboard's 「关联」: a POST (with its CSRF token), so that no other site can send a
    signed-in user off to link whatever identity their portal session holds."""
    return _begin(request, provider, purpose=rules.Purpose.LINK, user_id=request.user.pk)


def recover(request: HttpRequest) -> HttpResponse:
    """「通过政务服务网找回密码」: the portals to prove who you are at."""
    return render(request, "portals/recover.html", {"providers": [
        {"name": p.name, "title": p.display_title, "vouches": bool(p.id_number_claim)}
        for p in active_providers(request)]})


def recover_start(request: HttpRequest, provider: str) -> HttpResponse:
    return _begin(request, provider, purpose=rules.Purpose.RECOVER)


def callback(request: HttpRequest, provider: str) -> HttpResponse:
    store: dict[str, Any] = request.session.get(PENDING_KEY) or {}
    try:
        chosen = provider_get(request, provider)
        try:
            identity, pending = services.sso_complete(store=store, provider=chosen, params=request.GET,
                                                      redirect_uri=_redirect_uri(request, chosen))
        finally:
            request.session[PENDING_KEY] = store  # a consumed state stays consumed, whatever followed
        if pending.purpose == rules.Purpose.LINK:
            return _link_done(request, identity, pending)
        if pending.purpose == rules.Purpose.RECOVER:
            account = services.recovery_account(identity=identity)
            request.session.pop(IDENTITY_KEY, None)
            request.session[RECOVERY_KEY] = {"user_id": account.pk, "provider": identity.provider, "at": time.time()}
            return redirect("portals:recover_password")
        next_url = pending.next_url
        outcome, user = services.sso_route(identity=identity)
    except DomainError as exc:
        return _error_page(request, exc)
    if user is not None:
        if outcome == rules.Outcome.LINK:
            messages.success(request, _("Your portal identity is now linked to your account."))
        return _sign_in(request, user, next_url)
    request.session[IDENTITY_KEY] = {"identity": identity.as_dict(), "at": time.time(), "next": next_url}
    return redirect("portals:register" if outcome == rules.Outcome.REGISTER else "portals:bind")


def _link_done(request: HttpRequest, identity: rules.Identity, pending: rules.Pending) -> HttpResponse:
    # The account that asked must be the one still signed in: not someone who signed in since.
    if not request.user.is_authenticated or request.user.pk != pending.user_id:
        raise services.SsoAccountChanged()
    try:
        row = services.identity_link_signed_in(identity=identity, user=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if row is None:
            messages.info(request, _("This portal identity was already linked to your account."))
        else:
            messages.success(request, _("Your portal identity is now linked to your account."))
    return redirect("accounts:dashboard")


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
    if waiting is None:
        return _expired(request)
    identity, next_url = waiting
    verified = bool(identity.id_number)
    # Without a vouched-for ID number (WeChat) the person types name and ID number as on the
    # ordinary registration page; the nickname is only a suggestion for the name.
    form = PortalRegisterForm(request.POST or None, phone=identity.phone, verified=verified,
                              name=None if verified else identity.name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.identity_register(identity=identity, phone=data["phone"], password=data["password"],
                                              employer_id=data["employer"].pk, specialty_id=data["specialty"].pk,
                                              title_level=data["title_level"], id_number=data.get("id_number"),
                                              name=data.get("name"), privacy_version=data.get("privacy_version"))
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
        "form": form, "verified": verified, "name": identity.name,
        "masked_id_number": mask_id_number(identity.id_number) if verified else "",
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
        "verified": bool(identity.id_number)})


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


def recover_password(request: HttpRequest) -> HttpResponse:
    """The new password, for the learner the portal sign-in found (kept in the session for
    IDENTITY_TTL_SECONDS, never in the page)."""
    data = request.session.get(RECOVERY_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > rules.IDENTITY_TTL_SECONDS:
        request.session.pop(RECOVERY_KEY, None)
        return _expired(request)
    user = User.objects.filter(pk=data.get("user_id")).select_related("learner").first()
    if user is None:
        request.session.pop(RECOVERY_KEY, None)
        return _expired(request)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_by_portal(user=user, provider=str(data.get("provider", "")),
                                              password=form.cleaned_data["password"],
                                              password2=form.cleaned_data["password2"])
        except DomainError as exc:
            errors = exc.detail.get("errors", [])
            for err in errors:
                form.add_error(err["field"] if err["field"] in form.fields else None, err["reason"])
            if not errors:
                form.add_error(None, exc.message)
        else:
            request.session.pop(RECOVERY_KEY, None)
            messages.success(request, _("Your new password is set and every earlier sign-in has ended. "
                                        "Please sign in with the new password."))
            return redirect("accounts:login")
    learner = getattr(user, "learner", None)
    return render(request, "portals/recover_password.html", {
        "form": form, "portal": _portal_title(request, str(data.get("provider", ""))),
        "name": learner.name if learner else "", "masked_id_number": mask_id_number(learner.id_number)
        if learner else ""})
