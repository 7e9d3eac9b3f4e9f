"""Notice settings, each readable from Django settings with a default here (as billing's).

- JXJY_SMS_GATEWAY (default "sandbox" when the sandbox is on, else "": no text messages are sent,
  notices stay in-app): the gateway messages go through.
- JXJY_SMS_SANDBOX (default: on with the payment sandbox, i.e. in development, demos and tests):
  enables the sandbox gateway and its outbox page for the province administrator.
- JXJY_SMS_DAILY_CAP (default 10): messages one phone may receive in a day (platform time zone);
  past it `sms_send` refuses.
- JXJY_SMS_SIGNATURE (default 【陕西继续教育】): the sender's signature every text starts with.
- JXJY_NOTICE_RETENTION_DAYS (365), JXJY_SMS_COUNT_RETENTION_DAYS (30): what `jxjy prune_notices`
  keeps of read notices and of the per-phone daily SMS counters.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from django.conf import settings

from jxjy.billing import conf as billing_conf
from jxjy.billing.conf import _env_flag

from .rules import CodePolicy


def sandbox_active() -> bool:
    value = getattr(settings, "JXJY_SMS_SANDBOX", None)
    if value is not None:
        return bool(value)
    return _env_flag("JXJY_SMS_SANDBOX", billing_conf.sandbox_active())


def gateway_name() -> str:
    value = getattr(settings, "JXJY_SMS_GATEWAY", None) or os.environ.get("JXJY_SMS_GATEWAY", "")
    if value:
        return value
    return "sandbox" if sandbox_active() else ""


def daily_cap() -> int:
    value = getattr(settings, "JXJY_SMS_DAILY_CAP", None)
    if value is None:
        value = os.environ.get("JXJY_SMS_DAILY_CAP", "10")
    return int(value)


def signature() -> str:
    return getattr(settings, "JXJY_SMS_SIGNATURE", None) or os.environ.get("JXJY_SMS_SIGNATURE", "") or "【陕西继续教育】"


def code_policy() -> CodePolicy:
    return CodePolicy()


def code_key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"jxjy.notices.codes", hashlib.sha256).digest()


def _days(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, str(default))
    return int(value)


def notice_retention_days() -> int:
    """JXJY_NOTICE_RETENTION_DAYS (365): read notices older than this are pruned; unread ones stay."""
    return _days("JXJY_NOTICE_RETENTION_DAYS", 365)


def sms_count_retention_days() -> int:
    """JXJY_SMS_COUNT_RETENTION_DAYS (30): per-phone daily SMS counters older than this are pruned."""
    return _days("JXJY_SMS_COUNT_RETENTION_DAYS", 30)
