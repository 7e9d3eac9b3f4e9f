"""The sandbox gateway: a stand-in payment platform that behaves like the real ones.

The learner is redirected to its cashier page (`billing:sandbox_cashier`); paying there (or
`POST /api/v1/orders/{id}/sandbox-pay`) makes the "platform" send an asynchronous notification,
signed with HMAC-SHA256 over the canonical fields, to the platform's notify handler, through
a Celery task, exactly as a real platform's server would POST it to the notify URL.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jxjy.billing import conf, signing
from jxjy.core import clock

from .base import Ack, Gateway, MalformedNotification, RefundResult, SignatureInvalid, VerifiedNotification

if TYPE_CHECKING:
    from jxjy.billing.models import Order, Payment

REQUIRED = ("out_trade_no", "transaction_id", "total_amount", "trade_status", "paid_at", "notify_id")


class SandboxGateway(Gateway):
    name = "sandbox"
    label = _("Sandbox")

    def start(self, order: Order, *, return_url: str, notify_url: str) -> str:
        return reverse("billing:sandbox_cashier", args=[order.number]) + "?" + urlencode({"return": return_url})

    # The platform's side: what its server would send after the learner paid.
    def build_notification(self, *, order_number: str, amount: Decimal, transaction_id: str | None = None,
                           paid_at: dt.datetime | None = None, secret: bytes | None = None) -> bytes:
        fields: dict[str, Any] = {
            "out_trade_no": order_number,
            "transaction_id": transaction_id or "SBX" + secrets.token_hex(10).upper(),
            "total_amount": f"{amount:.2f}",
            "trade_status": "SUCCESS",
            "paid_at": (paid_at or clock.now()).isoformat(),
            "notify_id": secrets.token_hex(12),
            "sign_type": "HMAC-SHA256",
        }
        fields["sign"] = signing.sign(fields, secret if secret is not None else conf.sandbox_secret())
        return json.dumps(fields).encode()

    def parse_notification(self, body: bytes, headers: Mapping[str, str]) -> VerifiedNotification:
        try:
            fields = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise MalformedNotification("body is not JSON") from exc
        if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
            raise MalformedNotification("body is not an object of strings")
        readable = {k: fields.get(k, "") for k in ("out_trade_no", "transaction_id", "total_amount")}
        if not signing.verify(fields, fields.get("sign", ""), conf.sandbox_secret()):
            raise SignatureInvalid("signature does not verify", readable)
        missing = [k for k in REQUIRED if not fields.get(k)]
        if missing:
            raise MalformedNotification(f"missing {', '.join(missing)}", readable)
        if fields["trade_status"] != "SUCCESS":
            raise MalformedNotification(f"trade_status {fields['trade_status']}", readable)
        try:
            amount = Decimal(fields["total_amount"])
            paid_at = dt.datetime.fromisoformat(fields["paid_at"])
        except (InvalidOperation, ValueError) as exc:
            raise MalformedNotification("bad amount or time", readable) from exc
        if not amount.is_finite() or paid_at.tzinfo is None:
            raise MalformedNotification("bad amount or time", readable)
        return VerifiedNotification(order_number=fields["out_trade_no"], transaction_id=fields["transaction_id"],
                                    amount=amount, paid_at=paid_at, fields=fields)

    def ack(self, ok: bool) -> Ack:
        body = {"code": "SUCCESS", "message": "OK"} if ok else {"code": "FAIL", "message": "refused"}
        return Ack(200 if ok else 400, "application/json", json.dumps(body).encode())

    def refund(self, order: Order, payment: Payment, *, refund_number: str) -> RefundResult:
        return RefundResult(refund_id="SBXR" + refund_number)
