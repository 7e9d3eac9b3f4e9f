"""The one interface every payment gateway implements (sandbox, WeChat Pay, Alipay...).

A gateway does three things for the platform: sends the learner to pay (`start` returns the
URL to redirect to), turns the platform's asynchronous notification into a verified fact
(`parse_notification` checks the signature and raises on anything doubtful), and refunds. It
keeps no state of its own: orders, payments and the notification log are billing's. See
docs/payments.md.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jxjy.billing.models import Order, Payment


class NotificationRefused(Exception):
    """A notification the platform must not act on. `fields` is whatever could be read of it."""

    outcome = "MALFORMED"

    def __init__(self, message: str, fields: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})


class SignatureInvalid(NotificationRefused):
    outcome = "BAD_SIGNATURE"


class MalformedNotification(NotificationRefused):
    outcome = "MALFORMED"


@dataclass(frozen=True)
class VerifiedNotification:
    """A payment the gateway vouches for: its signature has been checked."""

    order_number: str
    transaction_id: str
    amount: Decimal
    paid_at: dt.datetime
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ack:
    """The HTTP answer the gateway expects: success stops its retries, failure asks for more."""

    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class RefundResult:
    refund_id: str


class Gateway(ABC):
    name: str = ""
    label: Any = ""

    @abstractmethod
    def start(self, order: Order, *, return_url: str, notify_url: str) -> str:
        """Registers the order with the platform (amount, `order.expires_at` as its time limit,
        `notify_url`) and returns the URL the learner is redirected to."""

    @abstractmethod
    def parse_notification(self, body: bytes, headers: Mapping[str, str]) -> VerifiedNotification:
        """Verifies and reads a payment notification; raises NotificationRefused subclasses."""

    @abstractmethod
    def ack(self, ok: bool) -> Ack:
        """The reply to a notification: ok=True for a handled one (even a duplicate)."""

    @abstractmethod
    def refund(self, order: Order, payment: Payment, *, refund_number: str) -> RefundResult:
        """Returns the payment to the learner; `refund_number` makes a retried call idempotent."""
