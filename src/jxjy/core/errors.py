"""One error hierarchy for every domain, and one shape for the API.

A service raises a `DomainError` subclass with an English `code` and a Chinese `message`; the
API turns it into `{"code", "message", "detail"}` with the class's HTTP status, and pages show
the message. Domains subclass these with their own codes rather than inventing new shapes.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "invalid"
    message = "请求无效"

    def __init__(self, message: str | None = None, *, code: str | None = None, detail: dict[str, Any] | None = None,
                 status: int | None = None) -> None:
        self.message = message or self.message
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
    message = "提交的内容有误"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    message = "请先登录"


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    message = "无权进行此操作"


class NotFound(DomainError):
    """Raised alike for what is missing and what the user may not see."""

    status = 404
    code = "not_found"
    message = "未找到该对象"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    message = "当前状态不允许此操作"


class Locked(DomainError):
    status = 423
    code = "account_locked"
    message = "账户已被锁定，请稍后再试"
