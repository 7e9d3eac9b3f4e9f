"""API authentication: a bearer token (partner systems, apps) or the browser session (pages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from jxjy.core import clock

from .models import ApiToken, User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, user: User) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    ApiToken.objects.create(user=user, digest=token_digest(token), created_at=now, last_used_at=now)
    return token


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = clock.now()
        idle = dt.timedelta(seconds=settings.JXJY_TOKEN_IDLE_SECONDS)
        row = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
        if row is None or not row.user.is_active:
            return None
        if row.last_used_at < now - idle:
            row.delete()
            return None
        # Touch at most once a minute: one write per call would double the heartbeat's cost.
        if now - row.last_used_at > dt.timedelta(seconds=60):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and user.is_active:
            return user
        return None


api_auth = [BearerTokenAuth(), ActiveSessionAuth()]
