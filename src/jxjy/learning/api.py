from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from jxjy.accounts.access import learner_of

from .models import Enrolment

router = Router(tags=["learning"])


def enrolment_out(e: Enrolment) -> dict:
    return {"id": e.pk, "course_id": e.course_id, "course_title": e.course.title, "year": e.year,
            "status": e.status.lower()}


@router.get("/me/enrolments")
def my_enrolments(request: HttpRequest) -> list[dict]:
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    qs = Enrolment.objects.filter(learner=learner).select_related("course").order_by("-year", "-id")
    return [enrolment_out(e) for e in qs]
