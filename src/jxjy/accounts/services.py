"""Writes on accounts: sign-in with lockout, learner registration, affiliation review, and the
account's self-service (password, phone, professional details, employer), the password reset by
text message and the staff password reset by a superior."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, DomainError, NotAuthenticated, PermissionDenied, ValidationFailed
from jxjy.core.middleware import current
from jxjy.org.models import Employer, Specialty

from . import ratelimit, rules
from .backends import find_user
from .models import ApiToken, Learner, LoginFailure, User
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
                     username: str | None = None, privacy_version: str | None = None,
                     consent_channel: str = "REGISTRATION") -> Learner:
    """A professional registers; the employer must confirm before any hours count. Only with
    consent to the privacy policy in force (`privacy_version` names the version agreed to, PIPL
    art. 14), which is recorded with the account."""
    from .privacy import consent_check, consent_record

    errors: list[dict[str, str]] = []
    policy = None
    try:
        policy = consent_check(privacy_version)
    except ValidationFailed as exc:
        errors.extend(exc.detail["errors"])
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
            if policy is not None:
                consent_record(user=user, policy=policy, channel=consent_channel)
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


# ---------------------------------------------------------------------------------------------
# Self-service: the signed-in account's password, phone, professional details and employer


class PasswordChangeRequired(DomainError):
    status = 403
    code = "password_change_required"
    message = gettext_lazy("Your password was reset by an administrator; set your own password first")


class CodeInvalid(DomainError):
    status = 422
    code = "code_invalid"
    message = gettext_lazy("The code is wrong, expired or already used; check it or ask for a new one")


class CodeWaitRequired(DomainError):
    status = 429
    code = "code_resend_too_soon"


PHONE_CHANGE_PURPOSE = "phone_change"
PASSWORD_RESET_PURPOSE = "password_reset"
# Checked instead when the details match no account, so that both answers do the same work and a
# code sent for a real account is not spent by someone guessing at another.
_NO_ACCOUNT_PURPOSE = "password_reset:none"


def _field_error(field: str, reason: str, *, code: str = "validation_failed", message: str | None = None
                 ) -> ValidationFailed:
    return ValidationFailed(message or reason, code=code, detail={"errors": [{"field": field, "reason": reason}]})


def _new_password_errors(user: User, password: str, password2: str) -> list[dict[str, str]]:
    if password != password2:
        return [{"field": "password2", "reason": _("The two passwords differ")}]
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        return [{"field": "password", "reason": "；".join(str(m) for m in exc.messages)}]
    return []


def _password_set(*, user: User, password: str, must_change: bool) -> tuple[User, int]:
    """Sets the password and ends every other way in: Django drops each session whose stored
    password hash no longer matches (the caller keeps its own with update_session_auth_hash), the
    API tokens are deleted, and the lockout, which guarded the password now replaced, is lifted.
    Call inside a transaction. Returns the locked row and the number of tokens revoked."""
    row = User.objects.select_for_update().get(pk=user.pk)
    row.set_password(password)
    row.must_change_password = must_change
    row.locked_until = None
    row.save(update_fields=["password", "must_change_password", "locked_until"])
    LoginFailure.objects.filter(user=row).delete()
    tokens = ApiToken.objects.filter(user=row).delete()[0]
    return row, tokens


def _prove_password(user: User, password: str | None, now: Any, *, field: str, reason: str) -> None:
    """The signed-in account proves it knows its password before a grave change: refused while
    locked, and a wrong guess counts toward the lockout, as at sign-in."""
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(detail={"locked_until": user.locked_until.isoformat()})
    if not user.check_password(password or ""):
        _record_failure(user, now)
        raise _field_error(field, reason, code="current_password_wrong")


def password_change(*, user: User, current_password: str, password: str, password2: str) -> User:
    """The signed-in account changes its password, proving it knows the current one (wrong
    guesses count toward the lockout, as at sign-in). Clears a forced change. Audited."""
    now = clock.now()
    _prove_password(user, current_password, now, field="current_password",
                    reason=_("The current password is wrong"))
    errors = _new_password_errors(user, password, password2)
    if not errors and password == current_password:
        errors = [{"field": "password", "reason": _("The new password must differ from the current one")}]
    if errors:
        raise ValidationFailed(_("The new password cannot be set"), detail={"errors": errors})
    with transaction.atomic():
        row, tokens = _password_set(user=user, password=password, must_change=False)
        audit_record(actor=row, action="password.change", obj=row, after={"api_tokens_revoked": tokens})
    return row


def _learner_locked(user: User) -> Learner:
    from .access import learner_of

    return Learner.objects.select_for_update().get(pk=learner_of(user).pk)


def phone_change_code_send(*, user: User, phone: str) -> None:
    """Sends a one-time code to the learner's new phone (the codes module's limits apply, plus a
    few sends an hour per account, so that the page cannot be used to text strangers)."""
    from jxjy.notices.codes import code_send

    from .access import learner_of

    learner = learner_of(user)
    normalised, reason = check_phone(phone)
    if reason or normalised is None:
        raise _field_error("phone", reason or _("Invalid phone"), code="phone_invalid")
    if normalised == learner.phone:
        raise _field_error("phone", _("This is already your phone on record"), code="phone_unchanged")
    ratelimit.count(scope="phone_code", key=str(user.pk), limit=5, window=3600)
    code_send(phone=normalised, purpose=PHONE_CHANGE_PURPOSE)


def phone_change(*, user: User, phone: str, code: str) -> Learner:
    """Puts the new phone on record once the code sent to it is given back. Audited (masked)."""
    from jxjy.notices.codes import code_check

    from .access import learner_of

    learner = learner_of(user)
    normalised, reason = check_phone(phone)
    if reason or normalised is None:
        raise _field_error("phone", reason or _("Invalid phone"), code="phone_invalid")
    if normalised == learner.phone:
        raise _field_error("phone", _("This is already your phone on record"), code="phone_unchanged")
    if not code_check(phone=normalised, purpose=PHONE_CHANGE_PURPOSE, code=code):
        raise CodeInvalid(detail={"errors": [{"field": "code", "reason": str(CodeInvalid.message)}]})
    with transaction.atomic():
        row = _learner_locked(user)
        before = snapshot(row, ["phone"])
        row.phone = normalised
        row.save(update_fields=["phone"])
        audit_record(actor=user, action="learner.phone_change", obj=row, before=before,
                     after=snapshot(row, ["phone"]))
    return row


def learner_profile_update(*, user: User, specialty_id: int, title_level: str) -> Learner:
    """The professional details a learner keeps up to date: specialty and title level. Name and ID
    number are verified identity and never change here. Audited."""
    errors = []
    specialty = Specialty.objects.filter(pk=specialty_id).first()
    if specialty is None:
        errors.append({"field": "specialty_id", "reason": _("The specialty does not exist")})
    if title_level not in Learner.TitleLevel.values:
        errors.append({"field": "title_level", "reason": _("Invalid title level")})
    if errors:
        raise ValidationFailed(_("The details are invalid"), detail={"errors": errors})
    with transaction.atomic():
        row = _learner_locked(user)
        before = snapshot(row, ["specialty", "title_level"])
        row.specialty = specialty  # type: ignore[assignment]
        row.title_level = title_level
        row.save(update_fields=["specialty", "title_level"])
        audit_record(actor=user, action="learner.profile_update", obj=row, before=before,
                     after=snapshot(row, ["specialty", "title_level"]))
    return row


def learner_employer_change(*, user: User, employer_id: int, acknowledged: bool) -> Learner:
    """Moves the learner to another employer, who must confirm them as at registration: until
    then none of the learner's hours count (credits.ledger) and no certificate can be issued.
    The learner must acknowledge that first. Refused while an equivalent-hours claim awaits the
    current employer's review (see rules.employer_change_refusal). Audited."""
    from jxjy.credits.models import EquivalentHoursClaim

    from .access import learner_of

    learner = learner_of(user)
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise _field_error("employer_id", _("The employer does not exist"))
    if not acknowledged:
        raise _field_error("acknowledged", _("Confirm that your hours will not count until the new employer "
                                             "confirms you"), code="employer_change_unacknowledged")
    with transaction.atomic():
        row = Learner.objects.select_for_update().get(pk=learner.pk)
        pending = EquivalentHoursClaim.objects.filter(learner=row,
                                                      status=EquivalentHoursClaim.Status.PENDING).count()
        refusal = rules.employer_change_refusal(current_employer_id=row.employer_id, new_employer_id=employer.pk,
                                                pending_claims=pending)
        if refusal == rules.EmployerChangeRefusal.SAME:
            raise Conflict(_("This is already your employer"), code="employer_unchanged")
        if refusal == rules.EmployerChangeRefusal.CLAIMS_PENDING:
            raise Conflict(_("An equivalent-hours claim awaits your current employer's review; wait for the "
                             "decision or withdraw the claim before changing employer"),
                           code="employer_change_claims_pending", detail={"pending_claims": pending})
        before = snapshot(row, ["employer", "affiliation", "affiliation_note"])
        row.employer = employer
        row.affiliation = Learner.Affiliation.PENDING
        row.affiliation_note = ""
        row.save(update_fields=["employer", "affiliation", "affiliation_note"])
        audit_record(actor=user, action="learner.employer_change", obj=row, before=before,
                     after=snapshot(row, ["employer", "affiliation", "affiliation_note"]))
    return row


# ---------------------------------------------------------------------------------------------
# Forgotten password, by a code texted to the phone on record


def _phone_key(phone: str) -> str:
    # Cache keys need not hold the number itself.
    return hashlib.sha256(f"forgot|{phone}".encode()).hexdigest()[:32]


def _forgot_inputs(login: str, phone: str) -> tuple[str, str]:
    login = (login or "").strip()
    errors = []
    if not login or len(login) > 150:
        errors.append({"field": "login", "reason": _("Enter your ID number or username")})
    normalised, reason = check_phone(phone)
    if reason or normalised is None:
        errors.append({"field": "phone", "reason": reason or _("Invalid phone")})
    if errors:
        raise ValidationFailed(_("The submitted data is invalid"), detail={"errors": errors})
    return login, normalised or ""


def _forgot_match(login: str, phone: str) -> User | None:
    """The learner whose login and phone on record these are, or None. The same queries run
    whatever the answer (no timing hint of which part failed)."""
    user = find_user(login)
    learner = Learner.objects.select_related("user").filter(user_id=user.pk if user else 0).first()
    phone_matches = secrets.compare_digest((learner.phone if learner else "").encode(), phone.encode())
    if user is None or learner is None or not phone_matches:
        return None
    # Staff have no learner record; a learner-role check still guards a changed role.
    if user.role != User.Role.LEARNER or not user.is_active:
        return None
    return user


def password_forgot_code_send(*, login: str, phone: str, ip: str | None) -> None:
    """Asks for a password-reset code. The answer is the same whether or not the ID number (or
    username) and phone belong to an account, and so is the work done here: both cases wait the
    same minute between requests for a phone and hand the same task to the queue, which sends the
    code only for an account (to its phone on record). Limited per address as well."""
    from jxjy.notices.rules import CodePolicy

    from . import tasks

    ratelimit.count(scope="forgot_send", key=ip)
    login, phone = _forgot_inputs(login, phone)
    wait = ratelimit.wait_seconds(scope="forgot_phone", key=_phone_key(phone), seconds=CodePolicy().resend_seconds)
    if wait:
        raise CodeWaitRequired(_("Please wait %(n)s seconds before asking for another code") % {"n": wait},
                               detail={"wait_seconds": wait})
    user = _forgot_match(login, phone)
    tasks.password_reset_code_send.delay(user.pk if user else None)


def password_reset_code_dispatch(*, user_id: int | None) -> str:
    """The queued half of `password_forgot_code_send`: texts the code to the learner's phone on
    record. A refusal of the codes module (the phone's daily cap) is logged and swallowed: the
    requester's answer was given already and must not differ."""
    from jxjy.notices.codes import code_send

    if user_id is None:
        return "no_account"
    learner = Learner.objects.filter(user_id=user_id, user__role=User.Role.LEARNER, user__is_active=True).first()
    if learner is None:
        return "no_account"
    try:
        code_send(phone=learner.phone, purpose=PASSWORD_RESET_PURPOSE)
    except DomainError as exc:
        logger.info("password reset code for user %s not sent: %s", user_id, exc.code)
        return exc.code
    return "sent"


def password_forgot_reset(*, login: str, phone: str, code: str, password: str, password2: str,
                          ip: str | None) -> User:
    """Sets a new password with the code texted to the phone on record (single use, valid as long
    as the code). A wrong code and details that match no account get the same answer; the new
    password is checked before the code, so a refused password does not spend the code. Every
    other way in ends (sessions, API tokens) and the lockout is lifted. Audited."""
    from jxjy.notices.codes import code_check

    ratelimit.count(scope="forgot_reset", key=ip)
    login, phone = _forgot_inputs(login, phone)
    user = _forgot_match(login, phone)
    errors = _new_password_errors(user or User(username=login), password, password2)
    if errors:
        raise ValidationFailed(_("The new password cannot be set"), detail={"errors": errors})
    ok = code_check(phone=phone, purpose=PASSWORD_RESET_PURPOSE if user else _NO_ACCOUNT_PURPOSE, code=code)
    if not ok or user is None:
        raise CodeInvalid(detail={"errors": [{"field": "code", "reason": str(CodeInvalid.message)}]})
    with transaction.atomic():
        row, tokens = _password_set(user=user, password=password, must_change=False)
        # Checked again under the lock: the account may have changed since the code was sent.
        if row.role != User.Role.LEARNER or not row.is_active:
            raise CodeInvalid()
        audit_record(actor=row, action="password.reset.sms", obj=row, after={"api_tokens_revoked": tokens})
    return row


# ---------------------------------------------------------------------------------------------
# Staff password reset by a superior


def staff_password_reset(*, actor: User, target: User) -> str:
    """A superior (the province, or a city for its bases and employers) resets a staff account's
    password to a temporary one, returned once and never stored in clear; the account must choose
    its own at the next sign-in. The target comes from access.access_staff (scope); the role rule
    is checked here again. Every sign-in of the account ends. Audited (without the password)."""
    if not rules.may_reset(actor.role, target.role, same_account=actor.pk == target.pk):
        raise PermissionDenied(_("You may not reset this account's password"), code="staff_reset_forbidden")
    temporary = rules.temporary_password()
    with transaction.atomic():
        row, tokens = _password_set(user=target, password=temporary, must_change=True)
        audit_record(actor=actor, action="password.reset.staff", obj=row,
                     after={"must_change_password": True, "api_tokens_revoked": tokens})
    return temporary


# ---------------------------------------------------------------------------------------------
# The learner's rights under the Personal Information Protection Law: a copy of their data, and
# cancelling the account


class AccountCancelRefused(Conflict):
    code = "cancellation_refused"
    message = gettext_lazy("The account cannot be cancelled yet")


def _cancel_reason_text(reason: rules.CancelRefusal, n: int) -> str:
    texts = {
        rules.CancelRefusal.UNPAID_ORDERS: _("%(n)s order(s) await payment: pay or cancel them first"),
        rules.CancelRefusal.UNINVOICED_ORDERS: _("%(n)s paid order(s) have no electronic invoice yet: wait until "
                                                 "the invoice is issued (usually within minutes)"),
        rules.CancelRefusal.PENDING_CLAIMS: _("%(n)s equivalent-hours claim(s) await your employer's review: wait "
                                              "for the decision or withdraw them"),
        rules.CancelRefusal.OPEN_COMPLAINTS: _("%(n)s complaint(s) you filed are still being handled: wait until "
                                               "they are resolved"),
        rules.CancelRefusal.EXAMS_IN_PROGRESS: _("%(n)s exam(s) are in progress: submit them first"),
    }
    return texts[reason] % {"n": n}


def cancel_blockers(learner: Learner) -> list[dict[str, Any]]:
    """What is still open for this learner, as reasons with counts and Chinese texts (empty: the
    account may be cancelled). Read-only; `account_cancel` reads it again under the lock."""
    from jxjy.billing.models import Invoice, Order
    from jxjy.credits.models import EquivalentHoursClaim
    from jxjy.exams.models import ExamAttempt
    from jxjy.service.models import Complaint

    orders = Order.objects.filter(learner=learner)
    issued = Invoice.objects.filter(order=OuterRef("pk"), kind=Invoice.Kind.BLUE, status=Invoice.Status.ISSUED)
    refusals = rules.cancel_refusals(
        unpaid_orders=orders.filter(status=Order.Status.PENDING).count(),
        uninvoiced_orders=orders.filter(status=Order.Status.PAID).exclude(Exists(issued)).count(),
        pending_claims=EquivalentHoursClaim.objects.filter(learner=learner,
                                                           status=EquivalentHoursClaim.Status.PENDING).count(),
        open_complaints=Complaint.objects.filter(complainant=learner, status__in=[
            Complaint.Status.SUBMITTED, Complaint.Status.ACCEPTED]).count(),
        exams_in_progress=ExamAttempt.objects.filter(enrolment__learner=learner, status=ExamAttempt.Status.OPEN,
                                                     deadline__gt=clock.now()).count())
    return [{"code": reason.value, "count": n, "message": _cancel_reason_text(reason, n)} for reason, n in refusals]


def personal_data_export(*, user: User, fmt: str) -> dict[str, Any]:
    """The learner's copy of everything the platform holds about them (personal_data), once per
    `JXJY_DATA_EXPORT_INTERVAL_SECONDS` (600) and format. Audited with the format and the counts
    only: the copy itself is never logged."""
    from . import personal_data
    from .access import learner_of

    learner_of(user)
    interval = int(getattr(settings, "JXJY_DATA_EXPORT_INTERVAL_SECONDS", 600))
    wait = ratelimit.wait_seconds(scope="data_export", key=f"{user.pk}:{fmt}", seconds=interval)
    if wait:
        raise ratelimit.RateLimited(
            _("You downloaded your personal data a moment ago; please try again in %(n)s minute(s)")
            % {"n": (wait + 59) // 60}, code="data_export_too_soon", detail={"retry_after": wait})
    data = personal_data.personal_data(user)
    audit_record(actor=user, action="personal_data.export", object_type="accounts.User", object_id=str(user.pk),
                 after={"format": fmt, "counts": personal_data.counts(data)})
    return data


def account_cancel(*, user: User, password: str) -> User:
    """A learner cancels their own account (注销, PIPL art. 47), proving it with the password.

    Refused while something is open with the learner (cancel_blockers). Then, in one transaction:
    sign-in ends for good (inactive, no usable password, sessions, API tokens and portal links
    removed), and the personal data is anonymised: name, ID number, phone and username replaced
    by stand-ins that keep the unique columns unique, the username freed. What the law keeps stays,
    pointing at the anonymised learner: the hours ledger (the employer's and the authorities'
    record), orders, payments and invoices (会计档案, 30 years: an issued invoice is not altered),
    certificates (verification then names "已注销用户"). Staff accounts are closed by their
    superior, not here. Audited without personal data."""
    from .access import learner_of

    if user.role != User.Role.LEARNER:
        raise PermissionDenied(_("Staff accounts are closed by the administrator above them, not here"),
                               code="cancel_staff_account")
    learner_of(user)
    now = clock.now()
    _prove_password(user, password, now, field="password", reason=_("The password is wrong"))
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        learner = Learner.objects.select_for_update().get(user=row)
        blockers = cancel_blockers(learner)
        if blockers:
            raise AccountCancelRefused(detail={"reasons": blockers})
        removed = _anonymise(row, learner, now)
        audit_record(actor=row, action="account.cancel", object_type="accounts.User", object_id=str(row.pk),
                     after=removed)
    return row


def _anonymise(user: User, learner: Learner, now: dt.datetime) -> dict[str, int]:
    """Replaces the learner's personal data everywhere the platform wrote it; returns counts of
    what was removed (for the audit entry). Call inside account_cancel's transaction."""
    from jxjy.certificates.models import Certificate
    from jxjy.core.models import AuditEntry
    from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
    from jxjy.notices.models import Notice, SandboxSms, SmsDailyCount, SmsMessage, SmsOptOut, VerificationCode
    from jxjy.portals.models import ExternalIdentity
    from jxjy.service.models import Complaint, Consultation

    old_name, old_id, old_phone = learner.name, learner.id_number, learner.phone
    name = rules.ANONYMISED_NAME
    stand_ins = [(old_id, rules.anonymised_id_number(learner.pk)), (old_phone, ""), (old_name, name)]

    def scrub(text: str) -> str:
        for old, new in stand_ins:
            if old:
                text = text.replace(old, new)
        return text

    def scrub_rows(qs: Any, fields: list[str]) -> None:
        # Free text the learner (or staff about them) wrote may name them; the record itself stays.
        for obj in qs.only("pk", *fields):
            changed = {f: scrub(getattr(obj, f)) for f in fields if scrub(getattr(obj, f)) != getattr(obj, f)}
            if changed:
                type(obj).objects.filter(pk=obj.pk).update(**changed)

    counts = {
        "api_tokens": ApiToken.objects.filter(user=user).delete()[0],
        "portal_identities": ExternalIdentity.objects.filter(user=user).delete()[0],
        "sessions": _sessions_end(user),
        "notices": Notice.objects.filter(recipient=user).delete()[0],
    }
    LoginFailure.objects.filter(user=user).delete()
    SmsOptOut.objects.filter(user=user).delete()
    if old_phone:
        VerificationCode.objects.filter(phone=old_phone).delete()
        SmsDailyCount.objects.filter(phone=old_phone).delete()
        for model in (SmsMessage, SandboxSms):
            scrub_rows(model.objects.filter(phone=old_phone), ["text"])
            model.objects.filter(phone=old_phone).update(phone="")

    learner.name, learner.id_number, learner.phone = name, rules.anonymised_id_number(learner.pk), ""
    learner.affiliation_note = ""
    learner.save(update_fields=["name", "id_number", "phone", "affiliation_note"])
    user.username = rules.anonymised_username(user.pk)
    user.display_name, user.first_name, user.last_name, user.email = name, "", "", ""
    user.set_unusable_password()
    user.is_active, user.cancelled_at, user.locked_until, user.must_change_password = False, now, None, False
    user.save(update_fields=["username", "display_name", "first_name", "last_name", "email", "password",
                             "is_active", "cancelled_at", "locked_until", "must_change_password"])

    for cert in Certificate.objects.filter(learner=learner).only("pk", "snapshot"):
        Certificate.objects.filter(pk=cert.pk).update(snapshot={**cert.snapshot, "name": name, "id_number": ""})
    scrub_rows(Consultation.objects.filter(asker=user), ["title", "question", "answer"])
    scrub_rows(Complaint.objects.filter(complainant=learner), ["description", "result"])
    scrub_rows(EquivalentHoursClaim.objects.filter(learner=learner),
               ["title", "description", "review_note", "revoke_reason"])
    scrub_rows(CreditEntry.objects.filter(learner=learner), ["note"])

    # The audit log keeps who did what (the actor's id, the objects' ids); only the name it wrote
    # into descriptions and the freed username are replaced.
    AuditEntry.objects.filter(actor=user).update(actor_name=user.username)
    mine = Q(actor=user) | Q(object_type="accounts.Learner", object_id=str(learner.pk)) | Q(
        object_type="accounts.User", object_id=str(user.pk))
    for label, ids in _owned_objects(learner, user).items():
        mine |= Q(object_type=label, object_id__in=[str(i) for i in ids])
    scrub_rows(AuditEntry.objects.filter(mine, object_repr__contains=old_name), ["object_repr"])
    return counts


def _owned_objects(learner: Learner, user: User) -> dict[str, list[int]]:
    from jxjy.billing.models import Invoice, Order
    from jxjy.certificates.models import Certificate
    from jxjy.credits.models import CreditEntry, EquivalentHoursClaim
    from jxjy.learning.models import Enrolment, SessionRegistration
    from jxjy.service.models import Complaint, Consultation

    models_ids: dict[str, list[int]] = {}
    for model, qs in [(Order, Order.objects.filter(learner=learner)),
                      (Invoice, Invoice.objects.filter(order__learner=learner)),
                      (Certificate, Certificate.objects.filter(learner=learner)),
                      (CreditEntry, CreditEntry.objects.filter(learner=learner)),
                      (EquivalentHoursClaim, EquivalentHoursClaim.objects.filter(learner=learner)),
                      (Enrolment, Enrolment.objects.filter(learner=learner)),
                      (SessionRegistration, SessionRegistration.objects.filter(learner=learner)),
                      (Complaint, Complaint.objects.filter(complainant=learner)),
                      (Consultation, Consultation.objects.filter(asker=user))]:
        models_ids[model._meta.label] = list(qs.values_list("pk", flat=True))
    return models_ids


def _sessions_end(user: User) -> int:
    """Deletes the account's stored sessions. The password made unusable already voids them
    (Django checks the session's password hash on each request); deleting them leaves nothing
    behind. Sessions live SESSION_COOKIE_AGE (30 minutes) idle, so the unexpired ones are few."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = []
    # Expiry is the real time Django set, not the platform's (possibly pinned) clock.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.pk)
    return Session.objects.filter(pk__in=ended).delete()[0]
