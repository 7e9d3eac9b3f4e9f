"""Billing test helpers: a published course, enrolment through the API, signed notifications."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase

from jxjy.billing import conf, signing
from jxjy.billing.gateways.sandbox import SandboxGateway
from jxjy.billing.models import Order
from jxjy.catalog.models import Category, Course
from jxjy.conftest import Api

FROZEN = "2020-06-01T10:00:00+08:00"


@pytest.fixture(scope="session")
def filedb_template(tmp_path_factory: Any) -> Any:
    """A migrated file database, made once per test process and copied by each test that needs one."""
    from jxjy.billing.tests.filedb import migrated_template

    return migrated_template(tmp_path_factory.mktemp("filedb"))


@pytest.fixture(autouse=True)
def _billing_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.JXJY_PAYMENT_SANDBOX = True
    settings.JXJY_FROZEN_NOW = FROZEN


class CommittingClient(Client):
    """A test client whose every request ends as if its transaction committed: the on_commit
    work (signals, invoice tasks) runs, although the test's own transaction never commits."""

    def request(self, **request: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


class CommittingApi(Api):
    def __init__(self, user: Any = None) -> None:
        super().__init__(user)
        self.client = CommittingClient()


@pytest.fixture
def api() -> Any:
    """As the project's `api` fixture, with on_commit work run after each request."""
    return CommittingApi


@pytest.fixture
def client() -> CommittingClient:
    return CommittingClient()


def make_course(base: Any, *, title: str = "软件工程项目管理实务", hours: int = 12,
                status: str = Course.Status.PUBLISHED) -> Course:
    return Course.objects.create(base=base, category=Category.PROFESSIONAL, title=title, hours=hours, status=status)


@pytest.fixture
def course(cast: Any) -> Course:
    return make_course(cast.provincial_base)


@pytest.fixture
def weinan_course(cast: Any) -> Course:
    return make_course(cast.weinan_base, title="护理继续教育", hours=8)


def enrol(api: Any, user: Any, course: Course, year: int = 2020, **extra: Any) -> dict:
    res = api(user).post(f"courses/{course.pk}/enrolments", {"year": year, **extra})
    assert res.status_code == 201, res.content
    return res.json()


def paid_order(api: Any, user: Any, course: Course, **extra: Any) -> Order:
    body = enrol(api, user, course, **extra)
    res = api(user).post(f"orders/{body['order']['id']}/sandbox-pay")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "paid"
    return Order.objects.get(pk=body["order"]["id"])


def notification(order: Order, *, amount: Decimal | None = None, transaction_id: str | None = None,
                 secret: bytes | None = None, **overrides: str) -> bytes:
    """A notification as the sandbox platform signs it; overrides are applied before signing."""
    body = SandboxGateway().build_notification(order_number=order.number,
                                               amount=order.amount if amount is None else amount,
                                               transaction_id=transaction_id, secret=secret)
    if not overrides:
        return body
    fields = json.loads(body)
    fields.update(overrides)
    fields["sign"] = signing.sign(fields, secret if secret is not None else conf.sandbox_secret())
    return json.dumps(fields).encode()


def post_notification(client: Any, body: bytes, gateway: str = "sandbox") -> Any:
    return client.post(f"/billing/payments/notify/{gateway}/", body, content_type="application/json")
