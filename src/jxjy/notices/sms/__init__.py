"""Text messages through a gateway adapter (as billing's payment gateways).

`sms_send(phone=, text=, purpose=)` is the public service: it checks the number and the daily
cap, records the message and queues its delivery (Celery, retried); see `services.py`. A new
provider subclasses `Gateway` and is added to GATEWAYS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound
from jxjy.notices import conf

from .base import Gateway, SendResult, SmsRejected
from .sandbox import SandboxGateway

if TYPE_CHECKING:
    from jxjy.notices.models import SmsMessage

GATEWAYS: dict[str, type[Gateway]] = {"sandbox": SandboxGateway}


def is_active(name: str) -> bool:
    if name == "sandbox":
        return conf.sandbox_active()
    return name in GATEWAYS


def get_gateway(name: str) -> Gateway:
    """The named gateway, if it exists and is switched on here."""
    if name not in GATEWAYS or not is_active(name):
        raise NotFound(_("Unknown text message gateway"), code="sms_gateway_not_found", detail={"gateway": name})
    return GATEWAYS[name]()


def sms_send(*, phone: str, text: str, purpose: str) -> SmsMessage:
    """Sends a text message (see `jxjy.notices.services.sms_send`): checked, capped per phone and
    day, recorded, and delivered by a retried task after the caller's transaction commits."""
    from jxjy.notices.services import sms_send as send

    return send(phone=phone, text=text, purpose=purpose)


__all__ = ["GATEWAYS", "Gateway", "SandboxGateway", "SendResult", "SmsRejected", "get_gateway", "is_active", "sms_send"]
