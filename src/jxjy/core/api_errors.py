"""The API's one error shape: every failure answers `{"code", "message", "detail"}`.

Installed on the NinjaAPI by `jxjy.api`; messages are Chinese through the catalogue.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .errors import DomainError

logger = logging.getLogger(__name__)


def _field_reason(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    reasons = {
        "missing": _("Required"),
        "json_invalid": _("Not valid JSON"),
        "int_parsing": _("Must be a whole number"),
        "int_type": _("Must be a whole number"),
        "float_parsing": _("Must be a number"),
        "decimal_parsing": _("Must be a number"),
        "bool_parsing": _("Must be true or false"),
        "bool_type": _("Must be true or false"),
        "string_type": _("Must be text"),
        "list_type": _("Must be a list"),
        "dict_type": _("Must be an object"),
        "model_attributes_type": _("Must be an object"),
        "date_from_datetime_parsing": _("Must be a date (YYYY-MM-DD)"),
        "date_parsing": _("Must be a date (YYYY-MM-DD)"),
    }
    if kind in reasons:
        return reasons[kind]
    if kind == "string_too_long":
        return _("At most %(n)s characters") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(n)s characters") % {"n": ctx.get("min_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least %(n)s") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most %(n)s") % {"n": ctx.get("le", ctx.get("lt"))}
    return _("Invalid value")


def install(api: NinjaAPI) -> None:
    def error(request: HttpRequest, status: int, code: str, message: Any,
              detail: dict | None = None) -> HttpResponse:
        return api.create_response(request, {"code": code, "message": str(message), "detail": detail or {}},
                                   status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error(request, exc.status, exc.code, exc.message, exc.detail)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for err in exc.errors:
            loc = [str(part) for part in err.get("loc", [])]
            errors.append({"field": ".".join(loc[1:] if len(loc) > 1 else loc), "reason": _field_reason(err),
                           "type": err.get("type", "")})
        return error(request, 422, "validation_failed", _("The request body is malformed"), {"errors": errors})

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error(request, 401, "not_authenticated", _("Sign in or give a valid token"))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(request, 404, "not_found", _("Not found"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        messages = {400: _("Invalid request"), 401: _("Please sign in first"),
                    403: _("You are not allowed to do this"), 404: _("Not found"), 405: _("Method not allowed"),
                    409: _("This is not possible in the current state"), 413: _("Upload too large"),
                    415: _("Unsupported media type")}
        return error(request, exc.status_code, "http_error",
                     messages.get(exc.status_code, _("The request cannot be handled")), {"reason": str(exc)})

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled API error on %s", request.path)
        return error(request, 500, "server_error", _("Internal server error; please try again later"))
