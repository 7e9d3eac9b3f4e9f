"""Course evaluations (课程评价).

- `POST /enrolments/{id}/evaluation` (the enrolment's learner, once it is complete) with
  `{"overall", "content", "teaching", "video": 1–5, "comment": "…"}` → 201 and the evaluation; a
  second one is refused (409 `already_evaluated`), an incomplete enrolment too (409
  `enrolment_not_complete`).
- `PUT /enrolments/{id}/evaluation` the same body: changes it within 30 days of its submission
  (then 409 `evaluation_locked`). `GET /enrolments/{id}/evaluation`: the learner's own.
- `GET /courses/{id}/evaluations?page=` (anyone): the summary (count, averages per score, the
  distribution of overall stars) and one page of comments, newest first, signed "李**".
- `GET /evaluations?course=&year=&page=` a base's administrator its own courses', the province
  everyone's, the province alone with each learner's name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from jxjy.catalog.access import access_course
from jxjy.core.errors import NotFound

from . import access, rules, selectors, services
from .models import CourseEvaluation

router = Router(tags=["evaluations"])


def num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def summary_out(found: selectors.Summary) -> dict[str, Any]:
    body = found.as_dict()
    body["averages"] = {k: num(v) for k, v in found.averages.items()}
    return body


def evaluation_out(e: CourseEvaluation) -> dict[str, Any]:
    return {"id": e.pk, "enrolment_id": e.enrolment_id, "course": {"id": e.course_id, "title": e.course.title},
            "year": e.year, **e.scores(), "comment": e.comment, "created_at": e.created_at,
            "updated_at": e.updated_at, "edit_until": e.edit_until}


class EvaluationIn(Schema):
    # Any: the stars are checked by the evaluation's rules, which answer in the one error shape.
    overall: Any = None
    content: Any = None
    teaching: Any = None
    video: Any = None
    comment: str | None = ""


def _body(payload: EvaluationIn) -> tuple[dict[str, Any], str]:
    return {name: getattr(payload, name) for name in rules.SCORES}, payload.comment or ""


@router.post("/enrolments/{enrolment_id}/evaluation", response={201: dict}, url_name="evaluation_submit")
def evaluation_submit(request: HttpRequest, enrolment_id: int, payload: EvaluationIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    enrolment = access.access_own_enrolment(user, enrolment_id)
    scores, comment = _body(payload)
    return 201, evaluation_out(services.evaluation_submit(actor=user, enrolment=enrolment, scores=scores,
                                                          comment=comment))


@router.put("/enrolments/{enrolment_id}/evaluation", url_name="evaluation_edit")
def evaluation_edit(request: HttpRequest, enrolment_id: int, payload: EvaluationIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = _own(user, enrolment_id)
    scores, comment = _body(payload)
    return evaluation_out(services.evaluation_edit(actor=user, evaluation=found, scores=scores, comment=comment))


@router.get("/enrolments/{enrolment_id}/evaluation")
def evaluation_get(request: HttpRequest, enrolment_id: int) -> dict:
    return evaluation_out(_own(request.auth, enrolment_id))  # type: ignore[attr-defined]


def _own(user: Any, enrolment_id: int) -> CourseEvaluation:
    found = selectors.evaluation_of(access.access_own_enrolment(user, enrolment_id))
    if found is None:
        raise NotFound(_("This course has not been evaluated yet"), code="evaluation_not_found")
    return found


@router.get("/courses/{course_id}/evaluations", auth=None, url_name="course_evaluations")
def course_evaluations(request: HttpRequest, course_id: int, page: int = 1) -> dict:
    course = access_course(request.user, course_id)
    found, comments = selectors.comments_page(course.pk, page)
    return {"course": {"id": course.pk, "title": course.title},
            "summary": summary_out(selectors.course_summary(course.pk)),
            "comments": [{"author": c.author, "date": c.date, "overall": c.overall, "comment": c.comment}
                         for c in comments],
            "page": found.number, "pages": found.paginator.num_pages, "total": found.paginator.count}


@router.get("/evaluations", url_name="evaluations_list")
def evaluations_list(request: HttpRequest, course: int | None = None, year: int | None = None,
                     page: int = 1) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    access.require_reader(user)
    visible = access.evaluations_visible(user)
    qs = selectors.list_filtered(visible, course_id=course, year=year)
    found = Paginator(qs, 50).get_page(page)
    authors = access.may_see_authors(user)
    items = []
    for e in found.object_list:
        item = {"id": e.pk, "course": {"id": e.course_id, "title": e.course.title},
                "base": {"id": e.course.base_id, "name": e.course.base.name}, "year": e.year, **e.scores(),
                "comment": e.comment, "created_at": e.created_at}
        if authors:
            item["learner"] = {"id": e.learner_id, "name": e.learner.name}
        items.append(item)
    return {"summary": summary_out(selectors.summary(selectors.list_filtered(visible, course_id=course, year=year))),
            "courses": [{**c, "averages": {k: num(v) for k, v in c["averages"].items()}}
                        for c in selectors.by_course(selectors.list_filtered(visible, year=year))],
            "items": items, "page": found.number, "pages": found.paginator.num_pages,
            "total": found.paginator.count}
