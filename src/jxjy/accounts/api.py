from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from jxjy.core.errors import NotFound

from . import access, services
from .auth import token_issue
from .models import Learner, User

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
            "role_display": user.get_role_display(), "scope": scope_of(user)}


class RegisterIn(Schema):
    id_number: str = Field(max_length=32)
    name: str = Field(max_length=50)
    phone: str = Field(max_length=20)
    password: str = Field(max_length=128)
    employer_id: int
    specialty_id: int
    title_level: str = Learner.TitleLevel.NONE
    username: str | None = Field(default=None, max_length=30)


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
