"""The JSON API under /api/v1: one NinjaAPI, one router per domain, one error shape."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from jxjy.accounts.auth import api_auth
from jxjy.core.errors import DomainError
from jxjy.core.json import JxjyJSONRenderer

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="陕西省专业技术人员继续教育平台 API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    renderer=JxjyJSONRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request: HttpRequest, status: int, code: str, message: str, detail: dict | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail or {}}, status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.detail)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", [])]
        errors.append({"field": ".".join(loc[1:] if len(loc) > 1 else loc), "reason": err.get("msg", ""),
                       "type": err.get("type", "")})
    return _error(request, 422, "validation_failed", "提交的内容格式有误", {"errors": errors})


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", "请先登录或提供有效的令牌")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "未找到该对象")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {400: "请求无效", 401: "请先登录", 403: "无权进行此操作", 404: "未找到该对象", 405: "不支持此方法",
                409: "当前状态不允许此操作", 413: "上传内容过大", 415: "不支持的内容类型"}
    return _error(request, exc.status_code, "http_error", messages.get(exc.status_code, "请求无法处理"),
                  {"reason": str(exc)})


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error on %s", request.path)
    return _error(request, 500, "server_error", "服务器内部错误，请稍后再试")


def _register() -> None:
    from jxjy.accounts.api import router as accounts
    from jxjy.billing.api import router as billing
    from jxjy.catalog.api import router as catalog
    from jxjy.courseware.api import router as courseware
    from jxjy.credits.api import router as credits
    from jxjy.exams.api import router as exams
    from jxjy.learning.api import router as learning
    from jxjy.org.api import router as org
    from jxjy.plans.api import router as plans

    for router in (accounts, org, plans, catalog, courseware, exams, learning, credits, billing):
        api.add_router("", router)


_register()
