"""One-time verification codes sent by text message (password recovery, binding a phone …).

`code_send(phone=, purpose=)` sends a fresh 6-digit code (valid 5 minutes; at most one send per
60 seconds for a phone and purpose; the daily text cap applies). `code_check(phone=, purpose=,
code=)` answers True once for the right code: a used code, an expired one, or one tried wrongly
5 times is void, and a new one must be sent. Only a keyed, salted hash of the code is stored.
The rules themselves are in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from jxjy.core import clock
from jxjy.core.errors import DomainError, ValidationFailed

from . import conf, rules
from .models import VerificationCode
from .services import sms_send


class CodeResendTooSoon(DomainError):
    status = 429
    code = "code_resend_too_soon"


def _inputs(phone: str, purpose: str) -> tuple[str, str]:
    phone = str(phone or "").strip()
    purpose = str(purpose or "").strip()
    if not rules.phone_valid(phone):
        reason = _("Enter a valid mobile phone number (11 digits)")
        raise ValidationFailed(reason, code="phone_invalid", detail={"errors": [{"field": "phone", "reason": reason}]})
    if not purpose or len(purpose) > 40:
        reason = _("Name the purpose of the code (at most 40 characters)")
        raise ValidationFailed(reason, code="code_purpose_required",
                               detail={"errors": [{"field": "purpose", "reason": reason}]})
    return phone, purpose


def _text(code: str, minutes: int) -> str:
    # Texts go out in the platform's language whatever the requester's page language is.
    with override("zh-hans"):
        return _("Your verification code is %(code)s, valid for %(minutes)s minutes. Do not tell anyone.") % {
            "code": code, "minutes": minutes}


def code_send(*, phone: str, purpose: str) -> None:
    """Sends a new code for the phone and purpose (replacing any earlier one). Raises 429
    `code_resend_too_soon` (detail.wait_seconds) within 60 s of the last send, 429
    `sms_daily_cap` past the phone's daily cap, 422 `phone_invalid`."""
    phone, purpose = _inputs(phone, purpose)
    policy = conf.code_policy()
    now = clock.now()
    code = rules.new_code()
    salt = secrets.token_hex(16)
    digest = rules.code_digest(key=conf.code_key(), salt=salt, phone=phone, purpose=purpose, code=code)
    fields = {"salt": salt, "digest": digest, "sent_at": now,
              "expires_at": now + dt.timedelta(seconds=policy.ttl_seconds), "wrong_tries": 0, "used_at": None}
    with transaction.atomic():
        row = VerificationCode.objects.select_for_update().filter(phone=phone, purpose=purpose).first()
        if row is not None:
            wait = rules.resend_wait(row.sent_at, now, policy)
            if wait:
                raise CodeResendTooSoon(_("A code was just sent; please wait %(n)s seconds before asking again")
                                        % {"n": wait}, detail={"wait_seconds": wait})
            for name, value in fields.items():
                setattr(row, name, value)
            row.save(update_fields=list(fields))
        else:
            try:
                with transaction.atomic():
                    VerificationCode.objects.create(phone=phone, purpose=purpose, **fields)
            except IntegrityError:
                # Another request created the row a moment ago: that is a send within 60 s.
                raise CodeResendTooSoon(_("A code was just sent; please wait %(n)s seconds before asking again")
                                        % {"n": policy.resend_seconds},
                                        detail={"wait_seconds": policy.resend_seconds}) from None
        # In the same transaction: refused by the cap, the new code is not stored either.
        sms_send(phone=phone, text=_text(code, policy.ttl_seconds // 60), purpose=f"code:{purpose}"[:40])


def code_check(*, phone: str, purpose: str, code: str) -> bool:
    """True once for the right, unexpired code; then the code is used up. A wrong code counts a
    try; after 5 wrong tries the code is void (False even for the right digits)."""
    try:
        phone, purpose = _inputs(phone, purpose)
    except ValidationFailed:
        return False
    code = str(code or "").strip()
    policy = conf.code_policy()
    now = clock.now()
    with transaction.atomic():
        row = VerificationCode.objects.select_for_update().filter(phone=phone, purpose=purpose).first()
        if row is None:
            return False
        matches = secrets.compare_digest(
            rules.code_digest(key=conf.code_key(), salt=row.salt, phone=phone, purpose=purpose, code=code),
            row.digest)
        verdict = rules.check_verdict(expires_at=row.expires_at, used=row.used_at is not None,
                                      wrong_tries=row.wrong_tries, matches=matches, now=now, policy=policy)
        if verdict == rules.OK:
            row.used_at = now
            row.save(update_fields=["used_at"])
            return True
        if verdict == rules.WRONG:
            row.wrong_tries += 1
            row.save(update_fields=["wrong_tries"])
        return False
