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
    message = "登录失败次数过多，账户已锁定15分钟，请稍后再试"


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
    raise NotAuthenticated("用户名或密码错误", code="bad_credentials")


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
        errors.append({"field": "name", "reason": "请填写姓名(不超过50字)"})
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        errors.append({"field": "employer_id", "reason": "工作单位不存在"})
    specialty = Specialty.objects.filter(pk=specialty_id).first()
    if specialty is None:
        errors.append({"field": "specialty_id", "reason": "专业不存在"})
    if title_level not in Learner.TitleLevel.values:
        errors.append({"field": "title_level", "reason": "职称层级无效"})
    if username is not None and username.strip():
        username = username.strip()
        if len(username) < 3 or len(username) > 30 or not username.isascii() or not username.replace("_", "").isalnum():
            errors.append({"field": "username", "reason": "用户名应为3-30位字母、数字或下划线"})
    else:
        username = None
    try:
        validate_password(password)
    except DjangoValidationError as exc:
        errors.append({"field": "password", "reason": "；".join(str(m) for m in exc.messages)})
    if errors:
        raise ValidationFailed("注册信息有误", detail={"errors": errors})
    if Learner.objects.filter(id_number=normalised_id).exists():
        raise Conflict("该身份证号已注册", code="already_registered")
    if username and User.objects.filter(username=username).exists():
        raise Conflict("该用户名已被使用", code="username_taken")
    try:
        with transaction.atomic():
            user = User(username=username or f"u{secrets.token_hex(5)}", role=User.Role.LEARNER, display_name=name)
            user.set_password(password)
            user.save()
            return Learner.objects.create(user=user, id_number=normalised_id, name=name, phone=normalised_phone,
                                          employer=employer, specialty=specialty, title_level=title_level)
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise Conflict("该身份证号已注册", code="already_registered") from exc


def learner_affiliation_review(*, reviewer: User, learner: Learner, confirm: bool, note: str = "") -> Learner:
    """The employer confirms (or declines) that the learner works there."""
    if reviewer.role != User.Role.EMPLOYER_REVIEWER or reviewer.employer_id != learner.employer_id:
        raise PermissionDenied("只有学员所在单位的审核员可以确认")
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
    required = {User.Role.CITY_ADMIN: city_id, User.Role.BASE_ADMIN: base_id,
                User.Role.EMPLOYER_REVIEWER: employer_id}
    if role not in User.Role.values or role == User.Role.LEARNER:
        raise ValidationFailed("角色无效")
    if role in required and not required[role]:
        raise ValidationFailed("该角色必须指定管辖范围")
    with transaction.atomic():
        user = User(username=username, role=role, display_name=display_name, city_id=city_id, base_id=base_id,
                    employer_id=employer_id, is_staff=role == User.Role.PROVINCE_ADMIN,
                    is_superuser=role == User.Role.PROVINCE_ADMIN)
        user.set_password(password)
        user.save()
        if actor is not None:
            audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user))
    return user
