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
from .api import MAX_SEQ, HeartbeatIn

_session_auth = ActiveSessionAuth()
_NUMBER = (int, float)


def _beat(body: bytes) -> dict[str, Any] | None:
    """The heartbeat's fields when the body is the usual JSON object of plain numbers — exactly
    what `HeartbeatIn` would make of it — else None, and the schema judges it (coercions, the
    field-by-field Chinese reasons). Validating the common body through pydantic and ninja's
    schema machinery was a visible share of the hottest call's time."""
    data: Any = json.loads(body)
    if type(data) is not dict:
        return None
    seq: Any = data.get("seq")
    position: Any = data.get("position")
    rate: Any = data.get("rate", 1.0)
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ or type(position) not in _NUMBER \
            or type(rate) not in _NUMBER:
        return None
    return {"seq": seq, "position": float(position), "rate": float(rate)}


def _answer(result: services.HeartbeatResult) -> HttpResponse:
    # What `api.create_response` renders for this dict (tests compare the two byte for byte),
    # without the renderer's encoder class: the answer holds only numbers, booleans and ids.
    return HttpResponse(json.dumps(result.as_dict(), ensure_ascii=False), status=200,
                        content_type=_api().get_content_type())


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
        fields = _beat(request.body)
        if fields is None:
            payload = HeartbeatIn.model_validate(json.loads(request.body), context={"request": request})
            fields = {"seq": payload.seq, "position": payload.position, "rate": payload.rate}
    except Exception:
        # The API's answer to a body that does not parse or validate (after signing in, then
        # field-by-field Chinese reasons) is ninja's; nothing has been read or written yet.
        return _ninja(request)
    beat: dict[str, Any] = {"playback_id": playback_id, **fields}
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
                return _answer(result)
        user = _session_auth(request)  # may raise HttpError (failed CSRF check): answered below
        if user is None:
            return api.on_exception(request, AuthenticationError())
        result = services.playback_heartbeat(user_id=user.pk, **beat)
    except Exception as exc:
        return api.on_exception(request, exc)
    return _answer(result)
