"""Writes of portal sign-in: finishing a sign-in, linking an identity (by ID number, at
registration, by password, from the signed-in dashboard), unlinking, and a learner's password
reset after signing in at a portal.

Nothing the portal sent is stored but the link itself (portal and subject): a refused or
failed sign-in leaves no row behind.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.accounts.models import Learner, User
from jxjy.accounts.services import AccountLocked, learner_register, login_check
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed

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


class SsoLinkedElsewhere(DomainError):
    status = 409
    code = "sso_linked_elsewhere"
    message = gettext_lazy("This portal identity is already linked to another account; nothing was changed")


class SsoOtherPerson(DomainError):
    status = 403
    code = "sso_other_person"
    message = gettext_lazy("The portal vouched for another person than this account's holder")


class SsoAlreadyLinked(DomainError):
    status = 409
    code = "sso_already_linked"
    message = gettext_lazy("This account is already linked to another identity at this portal")


class SsoAccountChanged(DomainError):
    status = 400
    code = "sso_account_changed"
    message = gettext_lazy("You are no longer signed in to the account that asked for the link; sign in and "
                           "start the link again")


class SsoRecoveryNoAccount(DomainError):
    status = 404
    code = "sso_recovery_no_account"
    message = gettext_lazy("No learner account was found for the identity the portal confirmed. A portal that "
                           "does not confirm the ID number (WeChat) works only once it is linked to your account.")


class SsoRecoveryStaff(DomainError):
    status = 403
    code = "sso_recovery_staff"
    message = gettext_lazy("Staff accounts cannot reset their password through a portal; ask your administrator")


def sso_begin(*, store: dict[str, Any], provider: Provider, redirect_uri: str, next_url: str,
              purpose: rules.Purpose = rules.Purpose.SIGN_IN, user_id: int | None = None) -> str:
    """Starts a sign-in: remembers state, nonce and PKCE verifier (and what the sign-in is for) in
    the session's store and returns the portal's authorization URL."""
    pending = rules.pending_new(store, provider=provider.name, next_url=next_url, now=time.time(), purpose=purpose,
                                user_id=user_id)
    return oidc.authorization_url(provider, redirect_uri=redirect_uri, state=pending.state, nonce=pending.nonce,
                                  code_verifier=pending.code_verifier)


def sso_complete(*, store: dict[str, Any], provider: Provider, params: Mapping[str, str],
                 redirect_uri: str) -> tuple[rules.Identity, rules.Pending]:
    """Finishes a sign-in at the callback: the verified identity and the sign-in it answers (where
    to go next, what it is for).

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
    return identity, pending


def _check_can_sign_in(user: User) -> None:
    # The password lockout stands for portal sign-ins too: a locked account stays locked.
    if not user.is_active:
        raise SsoAccountDisabled()
    if user.locked_until and user.locked_until > clock.now():
        raise AccountLocked(detail={"locked_until": user.locked_until.isoformat()})


def _known_as(identity: rules.Identity) -> tuple[ExternalIdentity | None, Learner | None]:
    """Who a verified identity already is here: its link, or else the learner (never staff) whose
    ID number the portal vouched for."""
    linked = ExternalIdentity.objects.select_related("user").filter(provider=identity.provider,
                                                                      subject=identity.subject).first()
    learner = None
    if linked is None and identity.id_number:
        learner = Learner.objects.select_related("user").filter(id_number=identity.id_number,
                                                                user__role=User.Role.LEARNER).first()
    return linked, learner


def sso_route(*, identity: rules.Identity) -> tuple[rules.Outcome, User | None]:
    """Decides what a verified identity leads to, and signs in or links where it may.

    Returns the outcome and, for SIGN_IN and LINK, the user to sign in (already linked).
    """
    linked, learner = _known_as(identity)
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
                      title_level: str, id_number: str | None = None, name: str | None = None,
                      privacy_version: str | None = None) -> User:
    """Registers a learner through accounts' own registration and links the identity, in one
    transaction.

    When the portal vouched for an ID number, name and ID number are the portal's and `id_number`
    and `name` are ignored. A portal that vouches for none (WeChat gives an openid) registers
    the person with the ID number and name they type, checked as on the ordinary registration
    page: the link adds nothing a registration there would not give.
    """
    if identity.id_number:
        id_number, name = identity.id_number, identity.name
    elif not id_number:
        raise PermissionDenied(_("Registration from a portal needs an ID number the portal vouched for"),
                               code="sso_no_id_number")
    with transaction.atomic():
        learner = learner_register(id_number=id_number, name=name or "", phone=phone, password=password,
                                   employer_id=employer_id, specialty_id=specialty_id, title_level=title_level,
                                   privacy_version=privacy_version, consent_channel="PORTAL")
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


def identity_link_signed_in(*, identity: rules.Identity, user: User) -> ExternalIdentity | None:
    """Links the identity a signed-in user just signed in with at a portal (the dashboard's
    「关联」) to that user. Returns None when it was already theirs.

    Refused, with nothing stored: an identity linked to someone else, a second identity at the
    same portal, and an ID number the portal vouched for that is not the learner's own.
    """
    linked = ExternalIdentity.objects.filter(provider=identity.provider, subject=identity.subject).first()
    learner = Learner.objects.filter(user=user).first()
    refusal = rules.link_refusal(
        linked_user_id=linked.user_id if linked else None, account_user_id=user.pk,
        identity_id_number=identity.id_number, account_learner_id_number=learner.id_number if learner else None,
        account_has_identity_here=ExternalIdentity.objects.filter(provider=identity.provider, user=user).exists())
    if refusal == rules.LinkRefusal.LINKED_ELSEWHERE:
        raise SsoLinkedElsewhere()
    if refusal == rules.LinkRefusal.ALREADY_LINKED:
        raise SsoAlreadyLinked()
    if refusal == rules.LinkRefusal.OTHER_PERSON:
        logger.info("portal %s: link refused, another person's ID number (user %s)", identity.provider, user.pk)
        raise SsoOtherPerson()
    if linked is not None:
        return None
    try:
        return identity_link(identity=identity, user=user, how="dashboard")
    except Conflict as exc:  # linked meanwhile, in another tab
        raise SsoLinkedElsewhere() from exc


def recovery_account(*, identity: rules.Identity) -> User:
    """The learner whose password the person who just signed in at a portal may reset (see
    `rules.recovery_account`), or a refusal."""
    linked, learner = _known_as(identity)
    account = linked.user if linked else (learner.user if learner else None)
    user_id, refusal = rules.recovery_account(
        linked_user_id=linked.user_id if linked else None,
        linked_is_learner=bool(linked and linked.user.role == User.Role.LEARNER),
        id_number_learner_user_id=learner.user_id if learner else None,
        account_active=bool(account and account.is_active))
    if refusal == rules.RecoveryRefusal.STAFF:
        raise SsoRecoveryStaff()
    if refusal == rules.RecoveryRefusal.DISABLED:
        raise SsoAccountDisabled()
    if refusal is not None or account is None or account.pk != user_id:
        raise SsoRecoveryNoAccount()
    return account


def password_reset_by_portal(*, user: User, provider: str, password: str, password2: str) -> User:
    """Sets a new password for a learner who proved who they are at a portal (`recovery_account`).

    The password goes through accounts' validators. Every other way in is ended: the sessions
    (Django drops a session whose password hash no longer matches), the API tokens, and the
    lockout, which guarded against guessing the password that is now replaced. Audited.
    """
    from jxjy.accounts.models import ApiToken, LoginFailure

    errors: list[dict[str, str]] = []
    if password != password2:
        errors.append({"field": "password2", "reason": _("The two passwords differ")})
    else:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            errors.append({"field": "password", "reason": "；".join(str(m) for m in exc.messages)})
    if errors:
        raise ValidationFailed(_("The new password cannot be set"), detail={"errors": errors})
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        # Checked again under the lock: the account may have changed since the portal sign-in.
        if row.role != User.Role.LEARNER:
            raise SsoRecoveryStaff()
        if not row.is_active:
            raise SsoAccountDisabled()
        row.set_password(password)
        row.locked_until = None
        row.save(update_fields=["password", "locked_until"])
        LoginFailure.objects.filter(user=row).delete()
        tokens = ApiToken.objects.filter(user=row).delete()[0]
        audit_record(actor=row, action="password.reset.portal", obj=row,
                     after={"provider": provider, "api_tokens_revoked": tokens})
    return row
