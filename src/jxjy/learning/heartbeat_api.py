"""`POST /api/v1/playbacks/{id}/heartbeat` as a lean Django view, mounted before the NinjaAPI.

Why: the heartbeat is the platform's hottest call (every learner watching, every few seconds),
and the generic API machinery around it cost more than its own work: under gunicorn a
do-nothing ninja endpoint with the project's bearer sign-in reached only 0.40× a bare Django
view. Profiled, the time went to database statements (each costs a gunicorn worker about 0.2 ms
of CPU within a request, besides the database's own), to the token lookup through the ORM with
the whole user loaded, and to ninja's per-call work. This view takes the same steps with less:

- sign-in as ninja's `api_auth` does it, in the same order: the bearer token first — checked by
  the service in the very statement that reads the playback, under the accounts app's rules —
  then the browser session (the same `ActiveSessionAuth`, with its CSRF check);
- the same `HeartbeatIn` schema and the same service (`services.playback_heartbeat`);
- answers and errors rendered by the NinjaAPI itself (`create_response`, `on_exception`), so the
  body, the `{"code", "message", "detail"}` shape and the Chinese messages are the API's.

Whatever the view does not handle itself — another method, a body that does not parse or
validate — it hands to the ninja operation, which answers exactly as it always did. The
operation stays registered for the OpenAPI schema and as that fallback; tests compare both.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, get_resolver, get_urlconf
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError

from jxjy.accounts.auth import ActiveSessionAuth, bearer_token

from . import services
from .api import HeartbeatIn

_session_auth = ActiveSessionAuth()


def _api() -> Any:
    from jxjy.api import api

    return api


def _ninja(request: HttpRequest) -> HttpResponse:
    """The answer of the ninja operation this route shadows, for the same request: the match of
    the NinjaAPI's own URL patterns (mounted after this route in the URLconf)."""
    namespace = _api().urls_namespace
    for pattern in get_resolver(get_urlconf()).url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            match = pattern.resolve(request.path_info.lstrip("/"))
            return match.func(request, *match.args, **match.kwargs)
    raise LookupError("the NinjaAPI's heartbeat operation is not mounted")


@csrf_exempt  # as every ninja view: the session sign-in checks CSRF itself
def playback_heartbeat(request: HttpRequest, playback_id: int) -> HttpResponse:
    if request.method != "POST":
        return _ninja(request)
    try:
        payload = HeartbeatIn.model_validate(json.loads(request.body), context={"request": request})
    except Exception:
        # The API's answer to a body that does not parse or validate (after signing in, then
        # field-by-field Chinese reasons) is ninja's; nothing has been read or written yet.
        return _ninja(request)
    beat: dict[str, Any] = {"playback_id": playback_id, "seq": payload.seq, "position": payload.position,
                            "rate": payload.rate}
    api = _api()
    try:
        # Signing in, in the order of ninja's `api_auth`: the bearer token (checked by the
        # service in the statement that reads the playback), then the browser session.
        token = bearer_token(request)
        if token is not None:
            try:
                result = services.playback_heartbeat(token=token, **beat)
            except services.TokenRefused:
                pass
            else:
                return api.create_response(request, result.as_dict(), status=200)
        user = _session_auth(request)  # may raise HttpError (failed CSRF check): answered below
        if user is None:
            return api.on_exception(request, AuthenticationError())
        result = services.playback_heartbeat(user_id=user.pk, **beat)
    except Exception as exc:
        return api.on_exception(request, exc)
    return api.create_response(request, result.as_dict(), status=200)
