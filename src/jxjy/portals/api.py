"""Portal sign-in in the API.

- `GET /sso/providers` (anyone) → `[{"name", "label", "start_url"}]`: the active portals, for
  menus such as the WeChat account's; `start_url` is relative to the platform's origin.
- `GET /me/identities` → `[{"id", "provider", "portal", "linked_at", "last_login_at"}]`.
- `DELETE /me/identities/{id}` → 204; 404 `identity_not_found` for someone else's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from . import access, selectors, services

router = Router(tags=["portals"])


@router.get("/sso/providers", auth=None)
def providers(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"name": b.name, "label": b.label, "start_url": b.start_url} for b in selectors.provider_buttons(request)]


@router.get("/me/identities")
def my_identities(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": row.identity.pk, "provider": row.identity.provider, "portal": row.label,
             "linked_at": row.identity.linked_at, "last_login_at": row.identity.last_login_at}
            for row in selectors.my_links(request)]


@router.delete("/me/identities/{identity_id}")
def unlink(request: HttpRequest, identity_id: int) -> HttpResponse:
    identity = access.access_identity(request.user, identity_id)
    services.identity_unlink(actor=request.user, identity=identity)  # type: ignore[arg-type]
    return HttpResponse(status=204)
