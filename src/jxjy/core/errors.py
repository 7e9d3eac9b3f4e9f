"""One error hierarchy for every domain, and one shape for the API.

A service raises a `DomainError` subclass with an English `code` and a Chinese `message`; the
API turns it into `{"code", "message", "detail"}` with the class's HTTP status, and pages show
the message. Domains subclass these with their own codes rather than inventing new shapes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    message: Any = _("Invalid request")  # lazy: rendered in the language of each request

    def __init__(self, message: str | None = None, *, code: str | None = None, detail: dict[str, Any] | None = None,
                 status: int | None = None) -> None:
        self.message = str(message or self.message)
        self.code = code or self.code
        self.detail = detail or {}
        if status is not None:
            self.status = status
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"
    message = _("The submitted data is invalid")


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    message = _("Please sign in first")


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    message = _("You are not allowed to do this")


class NotFound(DomainError):
    """Raised alike for what is missing and what the user may not see."""

    status = 404
    code = "not_found"
    message = _("Not found")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    message = _("This is not possible in the current state")


class Locked(DomainError):
    status = 423
    code = "account_locked"
    message = _("The account is locked; please try again later")
