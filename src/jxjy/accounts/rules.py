"""The pure rules of account self-service: who may reset whose password, the temporary password,
what an account with a pending forced change may still open, and when an employer change is refused.

No Django import: the services apply these to the rows they read.
"""

from __future__ import annotations

import enum
import secrets

PROVINCE_ADMIN = "PROVINCE_ADMIN"
CITY_ADMIN = "CITY_ADMIN"
BASE_ADMIN = "BASE_ADMIN"
EMPLOYER_REVIEWER = "EMPLOYER_REVIEWER"
LEARNER = "LEARNER"

# Whose password a superior may reset, by role. Scope (the city's bases and employers) is checked
# on top of this by access.staff_visible. The province administrators have no superior on the
# platform (their accounts are kept with `createsuperuser`/Django admin), and learners recover
# their own passwords (text message or portal): nobody else sets a learner's password.
RESETTABLE_BY: dict[str, frozenset[str]] = {
    PROVINCE_ADMIN: frozenset({CITY_ADMIN, BASE_ADMIN, EMPLOYER_REVIEWER}),
    CITY_ADMIN: frozenset({BASE_ADMIN, EMPLOYER_REVIEWER}),
}


def may_reset(actor_role: str, target_role: str, *, same_account: bool) -> bool:
    """Whether an actor of that role may reset a target of that role (scope aside). Never one's
    own account: that is a password change, which needs the current password."""
    return not same_account and target_role in RESETTABLE_BY.get(actor_role, frozenset())


# Letters and digits that cannot be misread when the password is read out over the phone.
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "@#%+="
TEMPORARY_LENGTH = 12


def temporary_password(rng: secrets.SystemRandom | None = None) -> str:
    """A random 12-character password with every kind of character (about 70 bits), readable
    aloud; it passes the platform's validators (length, not common, not numeric)."""
    rng = rng or secrets.SystemRandom()
    alphabet = _LOWER + _UPPER + _DIGITS + _SYMBOLS
    chars = [rng.choice(_LOWER), rng.choice(_UPPER), rng.choice(_DIGITS), rng.choice(_SYMBOLS)]
    chars += [rng.choice(alphabet) for _ in range(TEMPORARY_LENGTH - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


# What an account that must change its password may still open: the change itself, signing out,
# the language switch and static files. Everything else waits for the new password.
FORCED_CHANGE_OPEN_PREFIXES = ("/account/password/", "/logout/", "/i18n/", "/static/", "/api/v1/me/password",
                               "/api/v1/auth/token")
FORCED_CHANGE_OPEN_EXACT = ("/api/v1/me",)


def open_during_forced_change(path: str) -> bool:
    return path in FORCED_CHANGE_OPEN_EXACT or path.startswith(FORCED_CHANGE_OPEN_PREFIXES)


class EmployerChangeRefusal(enum.Enum):
    SAME = "same"
    CLAIMS_PENDING = "claims_pending"


def employer_change_refusal(*, current_employer_id: int, new_employer_id: int,
                            pending_claims: int) -> EmployerChangeRefusal | None:
    """Why a learner may not move to that employer now, or None.

    A pending equivalent-hours claim is reviewed by the learner's employer: moving would hand it
    to an employer who knows nothing of the work, so the learner waits for the decision (or
    withdraws the claim) first. A learner still awaiting confirmation may move (a wrong employer
    picked at registration is the usual reason): the new employer then confirms instead.
    """
    if current_employer_id == new_employer_id:
        return EmployerChangeRefusal.SAME
    if pending_claims:
        return EmployerChangeRefusal.CLAIMS_PENDING
    return None


class CancelRefusal(enum.Enum):
    """What keeps a learner from cancelling the account now: each is something open that the
    other side (a base, the employer, the authority, the invoice issuer) still has to finish with
    this person, and would lose them if the account were anonymised first."""

    UNPAID_ORDERS = "unpaid_orders"
    UNINVOICED_ORDERS = "uninvoiced_orders"
    PENDING_CLAIMS = "pending_claims"
    OPEN_COMPLAINTS = "open_complaints"
    EXAMS_IN_PROGRESS = "exams_in_progress"


def cancel_refusals(*, unpaid_orders: int, uninvoiced_orders: int, pending_claims: int, open_complaints: int,
                    exams_in_progress: int) -> list[tuple[CancelRefusal, int]]:
    """Every reason (with its count) why the account cannot be cancelled yet; empty: it can."""
    counts = [(CancelRefusal.UNPAID_ORDERS, unpaid_orders), (CancelRefusal.UNINVOICED_ORDERS, uninvoiced_orders),
              (CancelRefusal.PENDING_CLAIMS, pending_claims), (CancelRefusal.OPEN_COMPLAINTS, open_complaints),
              (CancelRefusal.EXAMS_IN_PROGRESS, exams_in_progress)]
    return [(reason, n) for reason, n in counts if n > 0]


ANONYMISED_NAME = "已注销用户"


def anonymised_id_number(learner_id: int) -> str:
    """A stand-in for a cancelled learner's ID number: unique (the learner's id), 18 characters
    like the column, and never a valid ID number (letters), so it names nobody."""
    return f"CANCELLED{learner_id:09d}"


def anonymised_username(user_id: int) -> str:
    return f"cancelled_{user_id}"
