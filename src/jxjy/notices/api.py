"""The notices API (the signed-in user's own inbox).

- `GET /me/notices?unread=1&limit=&offset=` → `{"count", "unread", "items": [notice]}`, newest first.
- `POST /me/notices/{id}/read` → the notice, read; 404 `notice_not_found` for anyone else's.
- `POST /me/notices/read-all` → `{"marked": n, "unread": 0}`.
- `GET /me/notice-preferences` → `{"sms": {kind: on}, "kinds": [{"kind", "label", "sms"}], "codes": true}`
  (learners; 403 `notice_preferences_denied` for others).
- `PUT /me/notice-preferences` `{"sms": {kind: bool}}` → the same; kinds not named stay as they
  are; 422 `notice_kind_invalid` for a kind that sends no texts. Verification codes always go.

A notice's `title` and `body` are worded when read, in the request's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from . import access, selectors, services
from .models import Notice

router = Router(tags=["notices"])


def notice_out(n: Notice) -> dict[str, Any]:
    return {"id": n.pk, "kind": n.kind, "kind_display": n.get_kind_display(), "title": n.title, "body": n.body,
            "link": n.link, "created_at": n.created_at, "read_at": n.read_at, "read": n.is_read}


@router.get("/me/notices")
def my_notices(request: HttpRequest, unread: bool = False, limit: int = 50, offset: int = 0) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    qs = selectors.inbox(user, unread_only=unread)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return {"count": qs.count(), "unread": selectors.unread_count(user),
            "items": [notice_out(n) for n in qs[offset:offset + limit]]}


@router.post("/me/notices/read-all")
def read_all(request: HttpRequest) -> dict:
    marked = services.notices_mark_all_read(actor=request.auth)  # type: ignore[attr-defined]
    return {"marked": marked, "unread": 0}


@router.post("/me/notices/{notice_id}/read")
def read_one(request: HttpRequest, notice_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    notice = access.access_notice(user, notice_id)
    return notice_out(services.notice_mark_read(actor=user, notice=notice))


def preferences_out(sms: dict[str, bool]) -> dict[str, Any]:
    labels = dict(Notice.Kind.choices)
    return {"sms": sms, "kinds": [{"kind": k, "label": str(labels[k]), "sms": on} for k, on in sms.items()],
            "codes": True}


@router.get("/me/notice-preferences")
def my_preferences(request: HttpRequest) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    access.require_preferences_owner(user)
    return preferences_out(selectors.sms_preferences(user))


class PreferencesIn(Schema):
    sms: dict[str, Any] = {}


@router.put("/me/notice-preferences")
def my_preferences_set(request: HttpRequest, payload: PreferencesIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    access.require_preferences_owner(user)
    return preferences_out(services.sms_preferences_set(actor=user, sms=payload.sms))
