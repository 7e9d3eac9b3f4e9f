"""Keeps the current request's client address and user at hand for the audit log."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("jxjy_request", default=RequestContext())  # noqa: B039 - frozen


def current() -> RequestContext:
    return _current.get()


def client_ip(request: HttpRequest) -> str | None:
    # Behind the provincial gateway the first X-Forwarded-For hop is the client; trust it only
    # when a proxy is configured to set it (JXJY_TRUST_X_FORWARDED_FOR).
    from django.conf import settings

    if getattr(settings, "JXJY_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _current.set(RequestContext(ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class PlatformLanguageMiddleware:
    """Chinese unless the user chose otherwise (language cookie set by /i18n/setlang/).

    The browser's Accept-Language is ignored on purpose: a provincial platform speaks Chinese to
    a phone whose system language happens to be English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # Active for this request only: the thread goes back to its previous language afterwards,
        # so an English request leaves nothing behind for the next work done on that thread.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleRefreshMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    Sessions lapse after SESSION_COOKIE_AGE idle seconds (30 minutes). Django's way to make that
    an idle timeout, SESSION_SAVE_EVERY_REQUEST, writes and commits the session row on every
    request — for a learner watching a lecture, on every heartbeat, doubling the database writes
    of the platform's hottest call. Here a used session is saved (which pushes its expiry and the
    cookie's forward) only when its last save is JXJY_SESSION_REFRESH_SECONDS old, so a session
    lapses between 29 and 30 idle minutes after its last use. Sits right after SessionMiddleware.
    """

    KEY = "_jxjy_saved_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.modified or session.is_empty():
            return response
        import time

        from django.conf import settings

        # Real time, as the session store's expiry is (not the platform's pinnable clock).
        now = int(time.time())
        if now - int(session.get(self.KEY, 0)) >= getattr(settings, "JXJY_SESSION_REFRESH_SECONDS", 60):
            session[self.KEY] = now
        return response


class ApiNoStoreMiddleware:
    """API answers to a signed-in caller are never stored by a browser or a proxy.

    They carry personal data (names, ID numbers masked or not, orders, hours), and a shared
    computer's browser cache or a caching proxy would keep them past the session. "Signed in" is
    judged by the credentials sent (a bearer token or the session cookie), not request.user, so
    that the heartbeat, which signs in by its player key, loads no session for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        from django.conf import settings

        response = self.get_response(request)
        if request.path_info.startswith("/api/") and (
                "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES):
            response["Cache-Control"] = "no-store"
        return response
