"""Writes on accounts: sign-in with lockout, learner registration, affiliation review."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, DomainError, NotAuthenticated, PermissionDenied, ValidationFailed
from jxjy.core.middleware import current
from jxjy.org.models import Employer, Specialty

from .backends import find_user
from .models import Learner, LoginFailure, User
from .validators import check_id_number, check_phone

logger = logging.getLogger(__name__)


class AccountLocked(DomainError):
    status = 423
    code = "account_locked"
    message = _("Too many failed sign-ins; the account is locked for a while, please try again later")


def login_check(*, login: str, password: str) -> User:
    """Checks a password sign-in, counting failures toward the lockout.

    A locked account is refused even with the right password, so that guessing cannot go on
    behind the lock. The response does not tell a wrong password from an unknown login.
    """
    now = clock.now()
    user = find_user(login or "")
    if user is not None and user.locked_until and user.locked_until > now:
        raise AccountLocked(detail={"locked_until": user.locked_until.isoformat()})
    authenticated = authenticate(username=login, password=password)
    if authenticated is not None:
        if user is not None:
            LoginFailure.objects.filter(user=user).delete()
            if user.locked_until:
                User.objects.filter(pk=user.pk).update(locked_until=None)
        return authenticated  # type: ignore[return-value]
    if user is not None:
        _record_failure(user, now)
    raise NotAuthenticated(_("Wrong username or password"), code="bad_credentials")


def _record_failure(user: User, now: dt.datetime) -> None:
    window = dt.timedelta(seconds=settings.JXJY_LOGIN_FAILURE_WINDOW_SECONDS)
    locked_until = None
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        LoginFailure.objects.create(user=locked, at=now, ip=current().ip)
        recent = LoginFailure.objects.filter(user=locked, at__gt=now - window).count()
        if recent >= settings.JXJY_LOGIN_MAX_FAILURES:
            locked.locked_until = now + dt.timedelta(seconds=settings.JXJY_LOGIN_LOCK_SECONDS)
            locked.save(update_fields=["locked_until"])
            LoginFailure.objects.filter(user=locked).delete()
            locked_until = locked.locked_until
    # Raised after the commit, so the lock itself is kept.
    if locked_until is not None:
        logger.warning("account %s locked after repeated failures", user.pk)
        raise AccountLocked(detail={"locked_until": locked_until.isoformat()})


def learner_register(*, id_number: str, name: str, phone: str, password: str, employer_id: int,
                     specialty_id: int, title_level: str = Learner.TitleLevel.NONE,
                     username: str | None = None) -> Learner:
    """A professional registers; the employer must confirm before any hours count."""
    errors: list[dict[str, str]] = []
    normalised_id, reason = check_id_number(id_number)
    if reason:
        errors.append({"field": "id_number", "reason": reason})
    normalised_phone, reason = check_phone(phone)
    if reason:
        errors.append({"field": "phone", "reason": reason})
    name = (name or "").strip()
    if not name or len(name) > 50:
        errors.append({"field": "name", "reason": _("Enter a name (at most 50 characters)")})
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        errors.append({"field": "employer_id", "reason": _("The employer does not exist")})
    specialty = Specialty.objects.filter(pk=specialty_id).first()
    if specialty is None:
        errors.append({"field": "specialty_id", "reason": _("The specialty does not exist")})
    if title_level not in Learner.TitleLevel.values:
        errors.append({"field": "title_level", "reason": _("Invalid title level")})
    if username is not None and username.strip():
        username = username.strip()
        if len(username) < 3 or len(username) > 30 or not username.isascii() or not username.replace("_", "").isalnum():
            errors.append({"field": "username", "reason": _("The username must be 3-30 letters, digits or underscores")})
    else:
        username = None
    try:
        validate_password(password)
    except DjangoValidationError as exc:
        errors.append({"field": "password", "reason": "；".join(str(m) for m in exc.messages)})
    if errors:
        raise ValidationFailed(_("The registration data is invalid"), detail={"errors": errors})
    if Learner.objects.filter(id_number=normalised_id).exists():
        raise Conflict(_("This ID number is already registered"), code="already_registered")
    if username and User.objects.filter(username=username).exists():
        raise Conflict(_("This username is already taken"), code="username_taken")
    try:
        with transaction.atomic():
            user = User(username=username or f"u{secrets.token_hex(5)}", role=User.Role.LEARNER, display_name=name)
            user.set_password(password)
            user.save()
            return Learner.objects.create(user=user, id_number=normalised_id, name=name, phone=normalised_phone,
                                          employer=employer, specialty=specialty, title_level=title_level)
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise Conflict(_("This ID number is already registered"), code="already_registered") from exc


def learner_affiliation_review(*, reviewer: User, learner: Learner, confirm: bool, note: str = "") -> Learner:
    """The employer confirms (or declines) that the learner works there."""
    if reviewer.role != User.Role.EMPLOYER_REVIEWER or reviewer.employer_id != learner.employer_id:
        raise PermissionDenied(_("Only a reviewer of the learner's employer may confirm"))
    with transaction.atomic():
        row = Learner.objects.select_for_update().get(pk=learner.pk)
        before = snapshot(row, ["affiliation", "affiliation_note"])
        row.affiliation = Learner.Affiliation.CONFIRMED if confirm else Learner.Affiliation.REJECTED
        row.affiliation_note = note[:200]
        row.save(update_fields=["affiliation", "affiliation_note"])
        audit_record(actor=reviewer, action="learner.affiliation_review", obj=row, before=before,
                     after=snapshot(row, ["affiliation", "affiliation_note"]))
    return row


def staff_create(*, actor: User | None, username: str, password: str, role: str, display_name: str = "",
                 city_id: int | None = None, base_id: int | None = None, employer_id: int | None = None) -> User:
    """Creates an administrator or reviewer account with its scope (command line or province admin)."""
    if actor is not None and actor.role != User.Role.PROVINCE_ADMIN:
        raise PermissionDenied()
    required: dict[str, int | None] = {User.Role.CITY_ADMIN: city_id, User.Role.BASE_ADMIN: base_id,
                                       User.Role.EMPLOYER_REVIEWER: employer_id}
    if role not in User.Role.values or role == User.Role.LEARNER:
        raise ValidationFailed(_("Invalid role"))
    if role in required and not required[role]:
        raise ValidationFailed(_("This role needs a scope"))
    with transaction.atomic():
        user = User(username=username, role=role, display_name=display_name, city_id=city_id, base_id=base_id,
                    employer_id=employer_id, is_staff=role == User.Role.PROVINCE_ADMIN,
                    is_superuser=role == User.Role.PROVINCE_ADMIN)
        user.set_password(password)
        user.save()
        if actor is not None:
            audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user))
    return user
