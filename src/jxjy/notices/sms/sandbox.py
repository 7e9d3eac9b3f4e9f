"""The sandbox gateway: a stand-in carrier that 'delivers' into an outbox table, which the
province administrator reads at the sandbox page (development and demos)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from jxjy.core import clock

from .base import Gateway, SendResult


class SandboxGateway(Gateway):
    name = "sandbox"
    label = pgettext_lazy("sms", "Sandbox")

    def send(self, *, phone: str, text: str, message_id: int) -> SendResult:
        from jxjy.notices.models import SandboxSms

        # Idempotent per platform message, as real providers are per request id: a retried
        # delivery does not deliver twice.
        provider_id = f"SBXSMS{message_id:012d}"
        SandboxSms.objects.get_or_create(provider_id=provider_id, defaults={
            "message_id": message_id, "phone": phone, "text": text, "received_at": clock.now()})
        return SendResult(provider_id=provider_id)
