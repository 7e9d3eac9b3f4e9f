"""API authentication: a bearer token (partner systems, apps) or the browser session (pages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja.security import HttpBearer, SessionAuth

from jxjy.core import clock

from .models import ApiToken, User
from .rules import open_during_forced_change

# Touch a token's last use at most this often: one write per call would double a heartbeat's cost.
TOUCH_INTERVAL = dt.timedelta(seconds=60)

# One indexed lookup, in raw SQL: building the ORM query cost several times the query itself on
# every API call (measured: about 0.65 ms of CPU for the former `select_related("user").first()`,
# 0.2 ms for the user with its token below, 0.1 ms for the token alone).
_TOKEN_SQL = ("SELECT t.id, t.user_id, t.last_used_at, u.is_active FROM accounts_apitoken t "
              "JOIN accounts_user u ON u.id = t.user_id WHERE t.digest = %s")
_USER_BY_TOKEN_SQL = ("SELECT u.*, t.id AS token_id, t.last_used_at AS token_last_used_at FROM accounts_user u "
                      "JOIN accounts_apitoken t ON t.user_id = u.id WHERE t.digest = %s")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, user: User) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    ApiToken.objects.create(user=user, digest=token_digest(token), created_at=now, last_used_at=now)
    return token


def token_user_id(token: str) -> int | None:
    """The id of the active user a bearer token signs in, or None.

    Read from the database on every call, never cached: a deleted (revoked) token stops working
    at once, and so does a deactivated user. See `token_check` for the rest of the rules.
    """
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [token_digest(token)])
        row = cursor.fetchone()
    if row is None:
        return None
    token_id, user_id, last_used_at, is_active = row
    return token_check(token_id=token_id, user_id=user_id, last_used_at=last_used_at, is_active=is_active)


def token_limits(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """`token_check`'s rules as two instants, for a caller that applies them in SQL (the
    heartbeat's one statement): a token last used before the first has lapsed; one last used
    before the second has its last use touched."""
    return now - dt.timedelta(seconds=settings.JXJY_TOKEN_IDLE_SECONDS), now - TOUCH_INTERVAL


def token_check(*, token_id: int, user_id: int, last_used_at: Any, is_active: bool) -> int | None:
    """The rules for a token row just read (here, or by a caller that reads it together with its
    own rows, as the heartbeat does): the user's id, or None when the user is deactivated or the
    token lapsed. A token idle for JXJY_TOKEN_IDLE_SECONDS is deleted; a used one has its last
    use touched at most once per TOUCH_INTERVAL."""
    if not is_active:
        return None
    now = clock.now()
    if isinstance(last_used_at, str):  # SQLite without declared-type conversion
        last_used_at = parse_datetime(last_used_at)
    if timezone.is_naive(last_used_at):
        last_used_at = last_used_at.replace(tzinfo=dt.UTC)
    if last_used_at < now - dt.timedelta(seconds=settings.JXJY_TOKEN_IDLE_SECONDS):
        ApiToken.objects.filter(pk=token_id).delete()
        return None
    if now - last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return int(user_id)


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer …` header, read exactly as ninja's HttpBearer does."""
    # request.META rather than request.headers: building the whole headers map for one header
    # was a visible share of the heartbeat's time.
    value = request.META.get("HTTP_" + BearerTokenAuth.header.upper().replace("-", "_"))
    if not value:
        return None
    parts = value.split(" ")
    if parts[0].lower() != BearerTokenAuth.openapi_scheme:
        return None
    return " ".join(parts[1:])


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # The user and the token's row in one statement; the rules are `token_check`'s.
        user = next(iter(User.objects.raw(_USER_BY_TOKEN_SQL, [token_digest(token)])), None)
        if user is None or token_check(token_id=user.token_id, user_id=user.pk,  # type: ignore[attr-defined]
                                       last_used_at=user.token_last_used_at,  # type: ignore[attr-defined]
                                       is_active=user.is_active) is None:
            return None
        if user.must_change_password and not open_during_forced_change(request.path):
            from .services import PasswordChangeRequired

            raise PasswordChangeRequired()
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and user.is_active:
            return user
        return None


api_auth = [BearerTokenAuth(), ActiveSessionAuth()]
