"""The pure rules of notices: SMS caps and texts, one-time codes, and which reminder a year is due.

No Django import: the services apply these with the settings' numbers and the platform's clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import random
import re
import secrets
from dataclasses import dataclass

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
CODE_DIGITS = 6


def phone_valid(phone: str) -> bool:
    """A mainland mobile number: 11 digits starting 13–19."""
    return bool(PHONE_RE.match(phone or ""))


def with_signature(text: str, signature: str) -> str:
    """The carriers require the sender's signature in 【】 at the start; never twice."""
    text = (text or "").strip()
    return text if text.startswith(signature) else f"{signature}{text}"


def cap_allows(sent_today: int, cap: int) -> bool:
    """Whether one more message may go to a phone that has had `sent_today` today."""
    return cap > 0 and sent_today < cap


# ---------------------------------------------------------------------------------------------
# One-time verification codes


@dataclass(frozen=True)
class CodePolicy:
    ttl_seconds: int = 300
    resend_seconds: int = 60
    max_wrong: int = 5


def new_code(rng: random.Random | None = None) -> str:
    value = (rng or secrets.SystemRandom()).randrange(10**CODE_DIGITS)
    return f"{value:0{CODE_DIGITS}d}"


def code_digest(*, key: bytes, salt: str, phone: str, purpose: str, code: str) -> str:
    """A keyed, salted hash: the stored row alone does not reveal the code, and the same code for
    another phone or purpose hashes differently."""
    message = "|".join((salt, phone, purpose, code)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def resend_wait(last_sent_at: dt.datetime | None, now: dt.datetime, policy: CodePolicy) -> int:
    """Seconds still to wait before another code may be sent (0: send now)."""
    if last_sent_at is None:
        return 0
    elapsed = (now - last_sent_at).total_seconds()
    if elapsed < 0:  # a clock moved back: wait the full interval rather than never
        return policy.resend_seconds
    return max(0, math.ceil(policy.resend_seconds - elapsed))


OK = "ok"
WRONG = "wrong"
EXPIRED = "expired"
USED = "used"
VOID = "void"
NONE = "none"


def check_verdict(*, expires_at: dt.datetime | None, used: bool, wrong_tries: int, matches: bool,
                  now: dt.datetime, policy: CodePolicy) -> str:
    """The outcome of one check. A used code, an expired one, or one already tried wrongly
    `max_wrong` times never matches again, even when the right digits are given."""
    if expires_at is None:
        return NONE
    if used:
        return USED
    if wrong_tries >= policy.max_wrong:
        return VOID
    if now >= expires_at:
        return EXPIRED
    return OK if matches else WRONG


# ---------------------------------------------------------------------------------------------
# Year-end reminders

YEAR_END = "year_end"
MAKEUP = "makeup"


@dataclass(frozen=True)
class ReminderDue:
    stage: str  # YEAR_END or MAKEUP
    deadline: dt.date


def reminder_due(*, year: int, plan_year: int, makeup_deadlines: dict[int, dt.date],
                 today: dt.date) -> ReminderDue | None:
    """Which reminder a year's learners get today, from the current plan: the current year's
    closes on 31 December; a past year named in the plan's make-up deadlines closes then. None
    when there is nothing to remind of: a future year, a closed year, or a year whose make-up
    has no deadline (the notice lets those be made up at any time)."""
    if year == plan_year:
        deadline = dt.date(year, 12, 31)
        return ReminderDue(YEAR_END, deadline) if today <= deadline else None
    if year < plan_year and year in makeup_deadlines:
        deadline = makeup_deadlines[year]
        return ReminderDue(MAKEUP, deadline) if today <= deadline else None
    return None


# ---------------------------------------------------------------------------------------------
# Housekeeping

def retention(days: int) -> dt.timedelta:
    """How long rows are kept: what is older goes. A period under one day would delete what was
    just written: refused (ValueError) rather than read as "keep nothing"."""
    if days < 1:
        raise ValueError("retention period under one day")
    return dt.timedelta(days=days)
