from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from jxjy.core.errors import NotFound
from jxjy.core.middleware import current

from . import access, services
from .auth import bearer_token, token_issue
from .models import Learner, User
from .privacy import consent_needed

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(Schema):
    token: str


@router.post("/auth/token", auth=None, response=TokenOut)
def auth_token(request: HttpRequest, payload: TokenIn) -> dict:
    user = services.login_check(login=payload.username, password=payload.password)
    return {"token": token_issue(user=user)}


def scope_of(user: User) -> dict:
    scope: dict = {}
    if user.city_id:
        scope["city"] = {"code": user.city.code, "name": user.city.name}
    if user.base_id:
        scope["base"] = {"id": user.base_id, "name": user.base.name}
    if user.employer_id:
        scope["employer"] = {"id": user.employer_id, "name": user.employer.name}
    if user.role == User.Role.LEARNER:
        learner = Learner.objects.filter(user=user).select_related("employer").first()
        if learner:
            scope["learner"] = learner_out(learner)
    return scope


def learner_out(learner: Learner) -> dict:
    return {
        "id": learner.pk,
        "name": learner.name,
        "id_number": learner.masked_id_number,
        "phone": learner.masked_phone,
        "employer": {"id": learner.employer_id, "name": learner.employer.name},
        "specialty": {"id": learner.specialty_id, "name": learner.specialty.name},
        "title_level": learner.title_level,
        "affiliation": learner.affiliation,
    }


@router.get("/me")
def me(request: HttpRequest) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    return {"id": user.pk, "username": user.username, "name": str(user), "role": user.role,
            "role_display": user.get_role_display(), "scope": scope_of(user),
            "must_change_password": user.must_change_password,
            "privacy_consent_required": getattr(consent_needed(user), "version", None)}


class RegisterIn(Schema):
    id_number: str = Field(max_length=32)
    name: str = Field(max_length=50)
    phone: str = Field(max_length=20)
    password: str = Field(max_length=128)
    employer_id: int
    specialty_id: int
    title_level: str = Learner.TitleLevel.NONE
    username: str | None = Field(default=None, max_length=30)
    # The version of GET /privacy-policy the registrant agreed to; registration needs the one in force.
    privacy_version: str | None = Field(default=None, max_length=20)


@router.post("/learners", auth=None, response={201: dict})
def register(request: HttpRequest, payload: RegisterIn) -> Status:
    learner = services.learner_register(**payload.dict())
    return Status(201, learner_out(learner))


@router.get("/learners")
def learners(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict:
    qs = access.learners_visible(request.auth).order_by("id")  # type: ignore[attr-defined]
    limit = max(1, min(limit, 200))
    return {"count": qs.count(), "items": [learner_out(x) for x in qs[offset:offset + limit]]}


@router.get("/learners/{learner_id}")
def learner_detail(request: HttpRequest, learner_id: int) -> dict:
    return learner_out(access.access_learner(request.auth, learner_id))  # type: ignore[attr-defined]


class AffiliationIn(Schema):
    confirm: bool
    note: str = Field(default="", max_length=200)


@router.post("/learners/{learner_id}/affiliation")
def affiliation(request: HttpRequest, learner_id: int, payload: AffiliationIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    learner = access.access_learner(user, learner_id)
    if user.role != User.Role.EMPLOYER_REVIEWER:
        raise NotFound(_("Learner not found"), code="learner_not_found")
    return learner_out(services.learner_affiliation_review(reviewer=user, learner=learner,
                                                           confirm=payload.confirm, note=payload.note))


# ---------------------------------------------------------------------------------------------
# Self-service


class PasswordChangeIn(Schema):
    current_password: str = Field(max_length=256)
    password: str = Field(max_length=128)
    password2: str = Field(max_length=128)


@router.post("/me/password")
def me_password(request: HttpRequest, payload: PasswordChangeIn) -> dict:
    """Changes the password. Every API token is revoked; a caller that signed in with a token gets
    a new one here. The session making the call (if any) stays signed in."""
    from django.contrib.auth import update_session_auth_hash

    user = services.password_change(user=request.auth, **payload.dict())  # type: ignore[attr-defined]
    out: dict = {"changed": True}
    if bearer_token(request):
        out["token"] = token_issue(user=user)
    elif hasattr(request, "session"):
        update_session_auth_hash(request, user)
    return out


class PhoneCodeIn(Schema):
    phone: str = Field(max_length=20)


@router.post("/me/phone/code", response={202: dict})
def me_phone_code(request: HttpRequest, payload: PhoneCodeIn) -> Status:
    services.phone_change_code_send(user=request.auth, phone=payload.phone)  # type: ignore[attr-defined]
    return Status(202, {"sent": True})


class PhoneChangeIn(Schema):
    phone: str = Field(max_length=20)
    code: str = Field(max_length=10)


@router.post("/me/phone")
def me_phone(request: HttpRequest, payload: PhoneChangeIn) -> dict:
    learner = services.phone_change(user=request.auth, phone=payload.phone, code=payload.code)  # type: ignore[attr-defined]
    return learner_out(learner)


class ProfileIn(Schema):
    specialty_id: int
    title_level: str = Field(max_length=12)


@router.post("/me/profile")
def me_profile(request: HttpRequest, payload: ProfileIn) -> dict:
    return learner_out(services.learner_profile_update(user=request.auth, **payload.dict()))  # type: ignore[attr-defined]


class EmployerChangeIn(Schema):
    employer_id: int
    acknowledged: bool = False


@router.post("/me/employer")
def me_employer(request: HttpRequest, payload: EmployerChangeIn) -> dict:
    """Moves to another employer, who must confirm (hours do not count until then): send
    `acknowledged: true` to say the learner knows."""
    return learner_out(services.learner_employer_change(user=request.auth, **payload.dict()))  # type: ignore[attr-defined]


class ForgotCodeIn(Schema):
    login: str = Field(max_length=150)
    phone: str = Field(max_length=20)


def forgot_sent_message() -> str:
    return _("If the ID number (or username) and the phone belong to a learner account, a code has been "
             "sent to that phone. It is valid for 5 minutes.")


@router.post("/password/forgot/code", auth=None, response={202: dict})
def forgot_code(request: HttpRequest, payload: ForgotCodeIn) -> Status:
    """Asks for a password-reset code by text. The answer never says whether an account matched."""
    services.password_forgot_code_send(login=payload.login, phone=payload.phone, ip=current().ip)
    return Status(202, {"message": forgot_sent_message()})


class ForgotResetIn(Schema):
    login: str = Field(max_length=150)
    phone: str = Field(max_length=20)
    code: str = Field(max_length=10)
    password: str = Field(max_length=128)
    password2: str = Field(max_length=128)


@router.post("/password/forgot/reset", auth=None)
def forgot_reset(request: HttpRequest, payload: ForgotResetIn) -> dict:
    services.password_forgot_reset(**payload.dict(), ip=current().ip)
    return {"reset": True}


def staff_out(user: User) -> dict:
    return {"id": user.pk, "username": user.username, "name": str(user), "role": user.role,
            "role_display": user.get_role_display(), "scope": scope_of(user), "is_active": user.is_active,
            "must_change_password": user.must_change_password}


@router.get("/staff-accounts")
def staff_accounts(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict:
    """The staff accounts whose password the caller may reset (province: city, base and employer
    accounts; a city: its bases' and employers')."""
    qs = access.staff_visible(request.auth).order_by("role", "username")  # type: ignore[attr-defined]
    limit = max(1, min(limit, 200))
    return {"count": qs.count(), "items": [staff_out(x) for x in qs[offset:offset + limit]]}


@router.post("/staff-accounts/{user_id}/reset-password")
def staff_reset_password(request: HttpRequest, user_id: int) -> dict:
    """A temporary password, shown this once; the account must change it at its next sign-in."""
    actor = request.auth  # type: ignore[attr-defined]
    target = access.access_staff(actor, user_id)
    return {"temporary_password": services.staff_password_reset(actor=actor, target=target)}


# ---------------------------------------------------------------------------------------------
# Personal information: the policy, consent, the learner's copy, cancelling the account


@router.get("/privacy-policy", auth=None)
def privacy_policy(request: HttpRequest) -> dict:
    """The privacy policy in force (plain text; a line starting with # is a heading)."""
    from .privacy import current_policy

    policy = current_policy()
    if policy is None:
        raise NotFound()
    return {"version": policy.version, "effective_on": policy.effective_on, "title": policy.title,
            "body": policy.body}


class ConsentIn(Schema):
    version: str = Field(max_length=20)


@router.post("/me/privacy-consent")
def me_privacy_consent(request: HttpRequest, payload: ConsentIn) -> dict:
    """Agrees to the version in force (409 `privacy_version_changed` if another took effect)."""
    from .privacy import consent_accept

    row = consent_accept(user=request.auth, version=payload.version)  # type: ignore[attr-defined]
    return {"version": row.policy.version, "at": row.at}


@router.get("/me/data")
def me_data(request: HttpRequest, format: str = "json") -> Any:
    """Everything the platform holds about the calling learner (ID number and phone unmasked: their
    own), as JSON or, with `format=xlsx`, a workbook with one sheet per kind. Once per 10 minutes
    and format (429 `data_export_too_soon`)."""
    from .privacy_views import attachment

    fmt = "xlsx" if format == "xlsx" else "json"
    copy = services.personal_data_export(user=request.auth, fmt=fmt)  # type: ignore[attr-defined]
    if fmt == "xlsx":
        return attachment(copy, fmt)
    return copy


@router.get("/me/cancel")
def me_cancel_check(request: HttpRequest) -> dict:
    """Whether the calling learner may cancel the account now, and if not, why."""
    blockers = services.cancel_blockers(access.learner_of(request.auth))  # type: ignore[attr-defined]
    return {"may_cancel": not blockers, "reasons": blockers}


class CancelIn(Schema):
    password: str = Field(max_length=256)


@router.post("/me/cancel")
def me_cancel(request: HttpRequest, payload: CancelIn) -> dict:
    """Cancels the calling learner's account (409 `cancellation_refused` with `detail.reasons` while
    something is open). Sign-in ends for good and the personal data is anonymised."""
    services.account_cancel(user=request.auth, password=payload.password)  # type: ignore[attr-defined]
    if hasattr(request, "session"):
        request.session.flush()
    return {"cancelled": True}
