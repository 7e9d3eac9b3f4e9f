from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from . import access, services
from .models import Division, Employer, Specialty, TrainingBase
from .selectors import division_by_code

router = Router(tags=["org"])


def division_out(d: Division) -> dict:
    return {"code": d.code, "name": d.name, "kind": d.kind, "parent": d.parent.code if d.parent_id else None,
            "aliases": [{"code": a.code, "name": a.name} for a in d.aliases.all()]}


@router.get("/divisions", auth=None)
def divisions(request: HttpRequest, parent: str | None = None, kind: str | None = None) -> list[dict]:
    qs = Division.objects.select_related("parent").prefetch_related("aliases")
    if parent:
        qs = qs.filter(parent=division_by_code(parent))
    if kind:
        qs = qs.filter(kind=kind.upper())
    return [division_out(d) for d in qs]


@router.get("/divisions/{code}", auth=None)
def division(request: HttpRequest, code: str) -> dict:
    return division_out(division_by_code(code))


@router.get("/specialties", auth=None)
def specialties(request: HttpRequest) -> list[dict]:
    return [{"id": s.pk, "code": s.code, "name": s.name} for s in Specialty.objects.all()]


def employer_out(e: Employer, *, full: bool = False) -> dict:
    out = {"id": e.pk, "name": e.name, "county": {"code": e.county.code, "name": e.county.name}}
    if full:
        out["credit_code"] = e.credit_code
    return out


@router.get("/employers/directory", auth=None)
def employer_directory(request: HttpRequest, q: str = "", county: str | None = None) -> list[dict]:
    """The public list that registration picks the work unit from."""
    qs = Employer.objects.select_related("county")
    if q:
        qs = qs.filter(name__icontains=q)
    if county:
        qs = qs.filter(county=division_by_code(county))
    return [employer_out(e) for e in qs[:100]]


@router.get("/employers")
def employers(request: HttpRequest) -> list[dict]:
    return [employer_out(e, full=True) for e in access.employers_visible(request.auth)]  # type: ignore[attr-defined]


@router.get("/employers/{employer_id}")
def employer(request: HttpRequest, employer_id: int) -> dict:
    return employer_out(access.access_employer(request.auth, employer_id), full=True)  # type: ignore[attr-defined]


class EmployerIn(Schema):
    name: str = Field(min_length=2, max_length=100)
    credit_code: str = Field(max_length=32)
    county_code: str = Field(max_length=6)


@router.post("/employers", response={201: dict})
def employer_create(request: HttpRequest, payload: EmployerIn) -> Status:
    e = services.employer_create(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return Status(201, employer_out(e, full=True))


def base_out(b: TrainingBase) -> dict:
    return {"id": b.pk, "name": b.name, "level": b.level, "city": {"code": b.city.code, "name": b.city.name},
            "specialty_scope": [{"code": s.code, "name": s.name} for s in b.specialty_scope.all()],
            "permissions": b.permissions, "status": b.status}


@router.get("/bases")
def bases(request: HttpRequest) -> list[dict]:
    qs = access.bases_visible(request.auth).prefetch_related("specialty_scope")  # type: ignore[attr-defined]
    return [base_out(b) for b in qs]


@router.get("/bases/{base_id}")
def base(request: HttpRequest, base_id: int) -> dict:
    return base_out(access.access_base(request.auth, base_id))  # type: ignore[attr-defined]


class BaseIn(Schema):
    name: str = Field(min_length=2, max_length=100)
    level: str
    city_code: str
    specialty_codes: list[str] = []
    permissions: list[str] = []


@router.post("/bases", response={201: dict})
def base_create(request: HttpRequest, payload: BaseIn) -> Status:
    return Status(201, base_out(services.base_create(actor=request.auth, **payload.dict())))  # type: ignore[attr-defined]


class BaseStatusIn(Schema):
    status: str
    reason: str = Field(default="", max_length=200)


@router.post("/bases/{base_id}/status")
def base_status(request: HttpRequest, base_id: int, payload: BaseStatusIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    b = access.access_base(user, base_id)
    return base_out(services.base_set_status(actor=user, base=b, status=payload.status, reason=payload.reason))
