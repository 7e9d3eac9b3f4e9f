"""`POST /api/v1/playbacks/{id}/heartbeat` as a lean Django view, mounted before the NinjaAPI.

Why: the heartbeat is the platform's hottest call (every learner watching, every few seconds),
and under gunicorn the generic API machinery around it cost more than its own work: a
do-nothing ninja endpoint with the project's sign-in reached only 0.40× a bare Django view,
mostly in resolving the operation, running the auth classes (the token lookup through the ORM
and loading the whole user) and validating through ninja's wrapper models. This view does the
same steps with less on the way:

- sign-in as ninja's `api_auth` does, in the same order: the bearer token first (looked up by
  `token_user_id`, which needs the user's id only), then the browser session (the very
  `ActiveSessionAuth`, with its CSRF check); failures answer through the API's own handlers;
- the same `HeartbeatIn` schema and the same service (`services.playback_heartbeat`);
- answers and errors rendered by the NinjaAPI itself (`create_response`, `on_exception`), so the
  body, the `{"code", "message", "detail"}` shape and the Chinese messages are the API's.

Whatever the view does not handle itself — another method, a body that does not parse or
validate — it hands to the ninja operation, which answers exactly as before. The operation
stays registered for the OpenAPI schema and as that fallback; tests compare both paths.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, get_resolver
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError

from jxjy.accounts.auth import ActiveSessionAuth, bearer_token, token_user_id

from . import services
from .api import HeartbeatIn

# Bigger ids cannot name a row; what ninja answers for them is kept (see `_ninja`).
MAX_ID = 2**63 - 1

_session_auth = ActiveSessionAuth()


def _api() -> Any:
    from jxjy.api import api

    return api


@cache
def _ninja_resolver() -> URLResolver:
    api = _api()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == api.urls_namespace:
            return pattern
    raise LookupError("the NinjaAPI is not mounted")


def _ninja(request: HttpRequest) -> HttpResponse:
    """The answer of the ninja operation this route shadows, for the same request."""
    match = _ninja_resolver().resolve(request.path_info.lstrip("/"))
    return match.func(request, *match.args, **match.kwargs)


def _user_id(request: HttpRequest) -> int | None:
    token = bearer_token(request)
    if token is not None:
        user_id = token_user_id(token)
        if user_id is not None:
            return user_id
    user = _session_auth(request)  # may raise HttpError (CSRF), answered like ninja does
    return user.pk if user is not None else None


@csrf_exempt  # as every ninja view: the session sign-in checks CSRF itself
def playback_heartbeat(request: HttpRequest, playback_id: int) -> HttpResponse:
    if request.method != "POST" or playback_id > MAX_ID:
        return _ninja(request)
    api = _api()
    try:
        user_id = _user_id(request)
    except Exception as exc:
        return api.on_exception(request, exc)
    if user_id is None:
        return api.on_exception(request, AuthenticationError())
    try:
        payload = HeartbeatIn.model_validate(json.loads(request.body), context={"request": request})
    except Exception:
        # The API's answer to a body that does not parse or validate (field-by-field Chinese
        # reasons) is ninja's; nothing has been written yet.
        return _ninja(request)
    try:
        result = services.playback_heartbeat(user_id=user_id, playback_id=playback_id, seq=payload.seq,
                                             position=payload.position, rate=payload.rate)
    except Exception as exc:
        return api.on_exception(request, exc)
    return api.create_response(request, result.as_dict(), status=200)
