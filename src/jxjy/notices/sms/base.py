"""The one interface every SMS gateway implements (the sandbox, a carrier's or a cloud SMS API).

A gateway sends one text to one number and answers the provider's message id, or raises:
`SmsRejected` when the provider refuses the message for good (a number it cannot reach), any
other exception when it may work later (the task retries). It keeps no state of its own:
messages, their status and the daily counts are the notices app's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


class SmsRejected(Exception):
    """The provider refuses this message for good: retrying will not help."""


@dataclass(frozen=True)
class SendResult:
    provider_id: str


class Gateway(ABC):
    name: str = ""
    label: Any = ""

    @abstractmethod
    def send(self, *, phone: str, text: str, message_id: int) -> SendResult:
        """Hands the text (signature included) to the provider. `message_id` is the platform's
        id of the message, for a provider that deduplicates retried calls."""
