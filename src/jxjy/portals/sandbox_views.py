"""The sandbox identity provider's HTTP side: discovery, its sign-in page, token, userinfo, JWKS.

Not one of the platform's pages: it plays the portals, so its errors are OAuth errors (JSON, or
a redirect back to the client), and it is a 404 unless the sandbox is on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jxjy.core.masking import mask_id_number, mask_phone

from . import conf, sandbox
from .forms import SandboxPersonForm
from .models import SandboxPerson


def _tenant(tenant: str) -> sandbox.Tenant:
    if not conf.sandbox_active() or tenant not in sandbox.TENANTS:
        raise Http404()
    return sandbox.TENANTS[tenant]


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _oauth_error(exc: sandbox.SandboxOAuthError) -> JsonResponse:
    response = _json({"error": exc.error, "error_description": exc.description}, status=exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"' if exc.error == "invalid_token" else "Basic"
    return response


@require_GET
def root(request: HttpRequest, tenant: str) -> HttpResponse:
    return redirect("portals:sandbox_discovery", tenant=tenant)


@require_GET
def discovery(request: HttpRequest, tenant: str) -> JsonResponse:
    _tenant(tenant)
    return JsonResponse(sandbox.metadata(request, tenant))


@require_GET
def jwks(request: HttpRequest, tenant: str) -> JsonResponse:
    _tenant(tenant)
    return JsonResponse(sandbox.jwks())


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest, tenant: str) -> HttpResponse:
    """The portal's sign-in page: pick or type a person, then approve or refuse."""
    info = _tenant(tenant)
    params = request.POST if request.method == "POST" else request.GET
    try:
        wanted = sandbox.authorize_check(request, tenant, params)
    except sandbox.SandboxOAuthError as exc:
        if exc.error == "invalid_client":
            return render(request, "portals/sandbox_error.html", {"error": exc, "portal": info.title}, status=400)
        return redirect(_back(str(params.get("redirect_uri")), error=exc.error, state=str(params.get("state", ""))))
    form = SandboxPersonForm(request.POST if request.POST.get("person") == "new" else None)
    if request.method == "POST":
        if request.POST.get("decision") == "refuse":
            return redirect(_back(wanted["redirect_uri"], error="access_denied", state=wanted["state"]))
        person = _chosen_person(request, form, info)
        if person is not None:
            claims = sandbox.person_claims(tenant, **person)
            code = sandbox.grant_issue(tenant, wanted, claims)
            return redirect(_back(wanted["redirect_uri"], code=code, state=wanted["state"]))
    people = [{"pk": p.pk, "name": p.name, "masked_id_number": mask_id_number(p.id_number),
               "masked_phone": mask_phone(p.phone), "note": p.note} for p in SandboxPerson.objects.all()]
    return render(request, "portals/sandbox_authorize.html", {
        "portal": info.title, "tenant": info, "params": wanted, "people": people, "form": form,
        "needs_phone": not info.releases_id_number})


def _chosen_person(request: HttpRequest, form: SandboxPersonForm, info: sandbox.Tenant) -> dict[str, str] | None:
    choice = request.POST.get("person", "")
    if choice.isdigit():
        person = SandboxPerson.objects.filter(pk=int(choice)).first()
        if person is not None:
            return {"name": person.name, "id_number": person.id_number, "phone": person.phone}
        return None
    if choice == "new" and form.is_valid():
        data = form.cleaned_data
        key = "id_number" if info.releases_id_number else "phone"
        if not data[key]:
            form.add_error(key, form.fields["name"].error_messages["required"])
            return None
        return {"name": data["name"], "id_number": data["id_number"], "phone": data["phone"]}
    return None


def _back(redirect_uri: str, **params: str) -> str:
    return redirect_uri + ("&" if "?" in redirect_uri else "?") + urlencode(params)


@csrf_exempt  # called server to server by the client, authenticated by its secret
@require_POST
def token(request: HttpRequest, tenant: str) -> JsonResponse:
    _tenant(tenant)
    try:
        return _json(sandbox.token_exchange(request, tenant, request.POST, request.headers.get("Authorization", "")))
    except sandbox.SandboxOAuthError as exc:
        return _oauth_error(exc)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest, tenant: str) -> JsonResponse:
    _tenant(tenant)
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return _oauth_error(sandbox.SandboxOAuthError("invalid_token", status=401))
    try:
        return _json(sandbox.userinfo(request, tenant, header[7:].strip()))
    except sandbox.SandboxOAuthError as exc:
        return _oauth_error(exc)
