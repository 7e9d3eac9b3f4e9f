"""The rules of portal sign-in, as plain Python (no Django): the state that ties a callback to
the sign-in it answers, reading the identity a portal vouched for, and what to do with it.

Times are Unix seconds of the real clock: a sign-in's few minutes are real minutes even when the
platform's business clock is pinned for a demo.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

# A sign-in has this long from leaving for the portal to coming back.
STATE_TTL_SECONDS = 10 * 60
# A verified identity waits this long in the session for its registration or password bind.
IDENTITY_TTL_SECONDS = 15 * 60
# At most this many sign-ins wait in one session (two tabs, a retry): the oldest is dropped.
MAX_PENDING = 5


class StateInvalid(Exception):
    """The callback's state is unknown to this session, already used, expired, or another portal's."""


class IdNumberInvalid(Exception):
    """The portal sent an ID number that is not a valid GB 11643 number."""


class ClaimMissing(Exception):
    """The verified claims lack the subject."""


class Purpose(StrEnum):
    """Why the person went to the portal; the callback does what the start asked, nothing else."""

    SIGN_IN = "sign_in"    # sign in (or link, register, bind: see `route`)
    LINK = "link"          # a signed-in user links the portal identity to their own account
    RECOVER = "recover"    # a learner who forgot the password proves who they are, then sets a new one


@dataclass(frozen=True)
class Pending:
    """One sign-in on its way to a portal: what the callback must find again."""

    state: str
    nonce: str
    code_verifier: str
    provider: str
    next_url: str
    created: float
    purpose: Purpose = Purpose.SIGN_IN
    user_id: int | None = None  # LINK: the account that asked, which must still be signed in on return

    def as_dict(self) -> dict[str, Any]:
        return {"nonce": self.nonce, "code_verifier": self.code_verifier, "provider": self.provider,
                "next_url": self.next_url, "created": self.created, "purpose": str(self.purpose),
                "user_id": self.user_id}


def pending_new(store: dict[str, Any], *, provider: str, next_url: str, now: float,
                purpose: Purpose = Purpose.SIGN_IN, user_id: int | None = None) -> Pending:
    """Adds a new sign-in to the session's store (a dict kept in the session) and returns it.

    state, nonce and PKCE verifier are each 256 random bits. Expired entries are dropped, and the
    oldest ones beyond MAX_PENDING.
    """
    for key in [k for k, v in store.items() if now - float(v.get("created", 0)) > STATE_TTL_SECONDS]:
        del store[key]
    while len(store) >= MAX_PENDING:
        del store[min(store, key=lambda k: float(store[k].get("created", 0)))]
    pending = Pending(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                      code_verifier=secrets.token_urlsafe(48), provider=provider, next_url=next_url, created=now,
                      purpose=purpose, user_id=user_id)
    store[pending.state] = pending.as_dict()
    return pending


def pending_take(store: dict[str, Any], *, state: str, provider: str, now: float) -> Pending:
    """Removes and returns the sign-in a callback answers: a state works once, in the session
    that started it, for the portal it was sent to, within STATE_TTL_SECONDS."""
    entry = store.pop(state, None) if state else None
    if not isinstance(entry, dict):
        raise StateInvalid("unknown or used state")
    if entry.get("provider") != provider:
        raise StateInvalid("state of another portal")
    created = float(entry.get("created", 0))
    if not 0 <= now - created <= STATE_TTL_SECONDS:
        raise StateInvalid("state expired")
    try:
        purpose = Purpose(entry.get("purpose") or Purpose.SIGN_IN)
    except ValueError as exc:
        raise StateInvalid("unknown purpose") from exc
    user_id = entry.get("user_id")
    return Pending(state=state, nonce=str(entry["nonce"]), code_verifier=str(entry["code_verifier"]),
                   provider=provider, next_url=str(entry.get("next_url", "")), created=created, purpose=purpose,
                   user_id=int(user_id) if isinstance(user_id, int) else None)


@dataclass(frozen=True)
class Identity:
    """Who the portal says signed in. `id_number` is set only when the portal vouches for it."""

    provider: str
    subject: str
    name: str = ""
    id_number: str | None = None
    phone: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "subject": self.subject, "name": self.name,
                "id_number": self.id_number, "phone": self.phone}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Identity:
        return cls(provider=str(data["provider"]), subject=str(data["subject"]), name=str(data.get("name") or ""),
                   id_number=data.get("id_number") or None, phone=data.get("phone") or None)


def verified_id_number(value: Any) -> str | None:
    """The ID number claim, normalised (upper-case X); None when the portal sent none.

    A value that is present but invalid is refused, never ignored: a portal that vouches for a
    wrong number is misconfigured or tampered with.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise IdNumberInvalid("not a string")
    try:
        return str(ric.validate(value.strip().upper()))
    except ValidationError as exc:
        raise IdNumberInvalid(type(exc).__name__) from exc


def identity_from_claims(claims: dict[str, Any], *, provider: str, id_number_claim: str, name_claim: str,
                         phone_claim: str) -> Identity:
    """Reads the identity out of verified claims, as the provider's configuration names them."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise ClaimMissing("sub")
    id_number = verified_id_number(claims.get(id_number_claim)) if id_number_claim else None
    name = claims.get(name_claim) if name_claim else None
    phone = claims.get(phone_claim) if phone_claim else None
    return Identity(provider=provider, subject=subject, name=name.strip()[:50] if isinstance(name, str) else "",
                    id_number=id_number, phone=phone if isinstance(phone, str) and phone else None)


class Outcome(StrEnum):
    SIGN_IN = "sign_in"      # the identity is linked: sign its user in
    LINK = "link"            # a learner has the vouched-for ID number: link, then sign in
    REGISTER = "register"    # a vouched-for ID number nobody registered: prefilled registration
    BIND = "bind"            # no ID number (WeChat) or none to match: sign in once with a password


def route(*, linked_user_id: int | None, id_number: str | None, learner_user_id: int | None) -> Outcome:
    """What a verified identity leads to.

    `learner_user_id` is the account of the learner registered with that ID number, if any. Only
    learners are ever matched by ID number: staff accounts (bases, bureaus, province) link
    through the bind page alone, as their accounts carry no verified ID number.
    """
    if linked_user_id is not None:
        return Outcome.SIGN_IN
    if id_number is None:
        return Outcome.BIND
    if learner_user_id is not None:
        return Outcome.LINK
    return Outcome.REGISTER


class BindRefusal(StrEnum):
    OTHER_PERSON = "other_person"       # the account is a learner with another ID number
    ALREADY_LINKED = "already_linked"   # the account already has an identity at this portal


def bind_refusal(*, identity_id_number: str | None, account_learner_id_number: str | None,
                 account_has_identity_here: bool) -> BindRefusal | None:
    """Whether an identity may be bound to the account its holder just signed in to.

    A portal's vouched-for ID number must be the learner account's own: someone who knows another
    person's password must not attach their portal account to it.
    """
    if account_has_identity_here:
        return BindRefusal.ALREADY_LINKED
    if identity_id_number and account_learner_id_number and identity_id_number != account_learner_id_number:
        return BindRefusal.OTHER_PERSON
    return None


class LinkRefusal(StrEnum):
    LINKED_ELSEWHERE = "linked_elsewhere"  # the portal identity is another account's
    ALREADY_LINKED = "already_linked"      # the account has another identity at this portal
    OTHER_PERSON = "other_person"          # the portal vouched for another ID number than the learner's


def link_refusal(*, linked_user_id: int | None, account_user_id: int, identity_id_number: str | None,
                 account_learner_id_number: str | None, account_has_identity_here: bool) -> LinkRefusal | None:
    """Whether a signed-in user may link the identity they just signed in with at a portal.

    None also when it is already linked to this very account (nothing to do). Staff accounts carry
    no ID number, so any identity of theirs may be linked, as by the bind page.
    """
    if linked_user_id is not None:
        return None if linked_user_id == account_user_id else LinkRefusal.LINKED_ELSEWHERE
    if account_has_identity_here:
        return LinkRefusal.ALREADY_LINKED
    if identity_id_number and account_learner_id_number and identity_id_number != account_learner_id_number:
        return LinkRefusal.OTHER_PERSON
    return None


class RecoveryRefusal(StrEnum):
    NO_ACCOUNT = "no_account"   # no linked identity and no learner with the vouched-for ID number
    STAFF = "staff"             # the identity is linked to a staff account
    DISABLED = "disabled"       # the account is deactivated


def recovery_account(*, linked_user_id: int | None, linked_is_learner: bool, id_number_learner_user_id: int | None,
                     account_active: bool) -> tuple[int | None, RecoveryRefusal | None]:
    """The account whose password a portal sign-in may reset, or why none.

    A linked identity names its account; otherwise the learner registered with the ID number the
    portal vouched for (a portal that vouches for none, WeChat, works only once linked). Staff
    accounts (bases, bureaus, the province) never reset this way: they carry no verified ID number,
    and their passwords are their administrator's to reset.
    """
    if linked_user_id is not None:
        if not linked_is_learner:
            return None, RecoveryRefusal.STAFF
        user_id = linked_user_id
    elif id_number_learner_user_id is not None:
        user_id = id_number_learner_user_id
    else:
        return None, RecoveryRefusal.NO_ACCOUNT
    if not account_active:
        return None, RecoveryRefusal.DISABLED
    return user_id, None
