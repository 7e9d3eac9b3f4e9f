"""Writes of portal sign-in: finishing a sign-in, linking an identity (by ID number, at
registration, by password), unlinking.

Nothing the portal sent is stored but the link itself (portal and subject): a refused or
failed sign-in leaves no row behind.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.accounts.models import Learner, User
from jxjy.accounts.services import AccountLocked, learner_register, login_check
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, DomainError, PermissionDenied

from . import oidc, rules
from .models import ExternalIdentity
from .providers import Provider

logger = logging.getLogger(__name__)


class SsoRefused(DomainError):
    status = 403
    code = "sso_refused"
    message = gettext_lazy("You declined the sign-in at the portal; nothing was changed")


class SsoStateInvalid(DomainError):
    status = 400
    code = "sso_state_invalid"
    message = gettext_lazy("This sign-in link is invalid, expired or already used; please start the sign-in again")


class SsoIdNumberInvalid(DomainError):
    status = 400
    code = "sso_id_number_invalid"
    message = gettext_lazy("The portal sent an invalid ID number; the sign-in was not completed")


class SsoAccountDisabled(DomainError):
    status = 403
    code = "sso_account_disabled"
    message = gettext_lazy("This account is disabled")


def sso_begin(*, store: dict[str, Any], provider: Provider, redirect_uri: str, next_url: str) -> str:
    """Starts a sign-in: remembers state, nonce and PKCE verifier in the session's store and
    returns the portal's authorization URL."""
    pending = rules.pending_new(store, provider=provider.name, next_url=next_url, now=time.time())
    return oidc.authorization_url(provider, redirect_uri=redirect_uri, state=pending.state, nonce=pending.nonce,
                                  code_verifier=pending.code_verifier)


def sso_complete(*, store: dict[str, Any], provider: Provider, params: Mapping[str, str],
                 redirect_uri: str) -> tuple[rules.Identity, str]:
    """Finishes a sign-in at the callback: the verified identity and where to go next.

    The state is consumed first, so that a callback (even a refusal) can be answered only once.
    """
    try:
        pending = rules.pending_take(store, state=params.get("state", ""), provider=provider.name, now=time.time())
    except rules.StateInvalid as exc:
        logger.info("portal %s: callback refused: %s", provider.name, exc)
        raise SsoStateInvalid() from exc
    if params.get("error"):
        if params["error"] == "access_denied":
            raise SsoRefused()
        raise oidc.TokenInvalid(detail={"reason": params["error"][:50]})
    if not params.get("code"):
        raise oidc.TokenInvalid(detail={"reason": "no code"})
    claims = oidc.exchange(provider, code=params["code"], redirect_uri=redirect_uri,
                           code_verifier=pending.code_verifier, nonce=pending.nonce)
    try:
        identity = rules.identity_from_claims(claims, provider=provider.name, id_number_claim=provider.id_number_claim,
                                              name_claim=provider.name_claim, phone_claim=provider.phone_claim)
    except rules.IdNumberInvalid as exc:
        logger.warning("portal %s: invalid ID number claim (%s)", provider.name, exc)
        raise SsoIdNumberInvalid() from exc
    except rules.ClaimMissing as exc:
        raise oidc.TokenInvalid(detail={"reason": "sub"}) from exc
    return identity, pending.next_url


def _check_can_sign_in(user: User) -> None:
    # The password lockout stands for portal sign-ins too: a locked account stays locked.
    if not user.is_active:
        raise SsoAccountDisabled()
    if user.locked_until and user.locked_until > clock.now():
        raise AccountLocked(detail={"locked_until": user.locked_until.isoformat()})


def sso_route(*, identity: rules.Identity) -> tuple[rules.Outcome, User | None]:
    """Decides what a verified identity leads to, and signs in or links where it may.

    Returns the outcome and, for SIGN_IN and LINK, the user to sign in (already linked).
    """
    linked = ExternalIdentity.objects.select_related("user").filter(provider=identity.provider,
                                                                      subject=identity.subject).first()
    learner = None
    if linked is None and identity.id_number:
        learner = Learner.objects.select_related("user").filter(id_number=identity.id_number,
                                                                user__role=User.Role.LEARNER).first()
    outcome = rules.route(linked_user_id=linked.user_id if linked else None, id_number=identity.id_number,
                          learner_user_id=learner.user_id if learner else None)
    if outcome == rules.Outcome.SIGN_IN:
        assert linked is not None
        _check_can_sign_in(linked.user)
        ExternalIdentity.objects.filter(pk=linked.pk).update(last_login_at=clock.now())
        return outcome, linked.user
    if outcome == rules.Outcome.LINK:
        assert learner is not None
        _check_can_sign_in(learner.user)
        identity_link(identity=identity, user=learner.user, how="id_number")
        return outcome, learner.user
    return outcome, None


def identity_link(*, identity: rules.Identity, user: User, how: str) -> ExternalIdentity:
    """Links a verified identity to a user (who signs in with it at once)."""
    now = clock.now()
    try:
        with transaction.atomic():
            if ExternalIdentity.objects.filter(provider=identity.provider, user=user).exists():
                raise Conflict(_("This account is already linked to another identity at this portal"),
                               code="sso_already_linked")
            row = ExternalIdentity.objects.create(provider=identity.provider, subject=identity.subject, user=user,
                                                  linked_at=now, last_login_at=now)
            audit_record(actor=user, action=f"identity.link.{how}", obj=row,
                         after=snapshot(row, ["provider", "user", "linked_at"]))
    except IntegrityError as exc:  # the same identity linked meanwhile (two tabs)
        raise Conflict(_("This portal identity is already linked to an account"), code="sso_already_linked") from exc
    return row


def identity_register(*, identity: rules.Identity, phone: str, password: str, employer_id: int, specialty_id: int,
                      title_level: str) -> User:
    """Registers the learner the portal vouched for (name and ID number as the portal sent them),
    through accounts' own registration, and links the identity, in one transaction."""
    if not identity.id_number:
        raise PermissionDenied(_("Registration from a portal needs an ID number the portal vouched for"),
                               code="sso_no_id_number")
    with transaction.atomic():
        learner = learner_register(id_number=identity.id_number, name=identity.name, phone=phone, password=password,
                                   employer_id=employer_id, specialty_id=specialty_id, title_level=title_level)
        identity_link(identity=identity, user=learner.user, how="registration")
    return learner.user


def identity_bind(*, identity: rules.Identity, login: str, password: str) -> User:
    """Links an identity to the account its holder signs in to once with a password.

    The password check is accounts' own (`login_check`), so failures count toward the lockout.
    Staff accounts link only this way.
    """
    user = login_check(login=login, password=password)
    learner = Learner.objects.filter(user=user).first()
    refusal = rules.bind_refusal(
        identity_id_number=identity.id_number, account_learner_id_number=learner.id_number if learner else None,
        account_has_identity_here=ExternalIdentity.objects.filter(provider=identity.provider, user=user).exists())
    if refusal == rules.BindRefusal.ALREADY_LINKED:
        raise Conflict(_("This account is already linked to another identity at this portal"),
                       code="sso_already_linked")
    if refusal == rules.BindRefusal.OTHER_PERSON:
        raise PermissionDenied(_("The portal vouched for another person than this account's holder"),
                               code="sso_other_person")
    _check_can_sign_in(user)
    identity_link(identity=identity, user=user, how="password")
    return user


def identity_unlink(*, actor: User, identity: ExternalIdentity) -> None:
    """Removes a link (fetched through access.py, so the actor's own)."""
    pk = identity.pk
    with transaction.atomic():
        before = snapshot(identity, ["provider", "user", "linked_at", "last_login_at"])
        identity.delete()
        audit_record(actor=actor, action="identity.unlink", object_type=ExternalIdentity._meta.label,
                     object_id=str(pk), before=before)
