"""The JSON API under /api/v1: one NinjaAPI, one router per domain, one error shape."""

from __future__ import annotations

from ninja import NinjaAPI

from jxjy.accounts.auth import api_auth
from jxjy.core.api_errors import install as install_error_handlers
from jxjy.core.json import JxjyJSONRenderer

api = NinjaAPI(
    title="Shaanxi Continuing Education Platform API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    renderer=JxjyJSONRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


install_error_handlers(api)


def _register() -> None:
    from jxjy.accounts.api import router as accounts
    from jxjy.billing.api import router as billing
    from jxjy.catalog.api import router as catalog
    from jxjy.certificates.api import router as certificates
    from jxjy.core.api import router as audit
    from jxjy.courseware.api import router as courseware
    from jxjy.credits.api import router as credits
    from jxjy.evaluations.api import router as evaluations
    from jxjy.exams.api import router as exams
    from jxjy.learning.api import router as learning
    from jxjy.notices.api import router as notices
    from jxjy.org.api import router as org
    from jxjy.plans.api import router as plans
    from jxjy.portals.api import router as portals
    from jxjy.reviews.api import router as reviews
    from jxjy.service.api import router as service
    from jxjy.stats.api import router as stats

    for router in (audit, accounts, org, plans, catalog, courseware, exams, learning, credits, billing,
                   certificates, service, stats, reviews, portals, notices, evaluations):
        api.add_router("", router)


_register()
