"""Evaluation fragments other apps' pages include: the learner's card on the enrolment page and a
course's public summary on the course page. Both come from here, so that those apps need only
these two tags and no import of this app."""

from __future__ import annotations

from typing import Any

from django import template

from jxjy.core.errors import DomainError

from .. import selectors
from ..views import aspect_labels, card_context

register = template.Library()


@register.inclusion_tag("evaluations/_card_slot.html", takes_context=True)
def evaluation_card(context: Any, enrolment: Any) -> dict[str, Any]:
    """The invitation to evaluate (or the evaluation given), for the enrolment's own learner once
    the course is complete; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or enrolment.learner.user_id != getattr(user, "pk", None):
        return {"show": False}
    try:
        ctx = card_context(request, enrolment)
    except DomainError:
        return {"show": False}
    return {"show": ctx["complete"], "csrf_token": context.get("csrf_token"), "request": request, **ctx}


@register.inclusion_tag("evaluations/_summary.html")
def course_evaluation_summary(course: Any) -> dict[str, Any]:
    found, comments = selectors.comments_page(course.pk, 1, per_page=5)
    return {"course": course, "summary": selectors.course_summary(course.pk), "comments": comments,
            "more": found.paginator.count > len(comments), "labels": aspect_labels()}


@register.filter
def star_text(value: Any) -> str:
    """★★★★☆ for 4 (rounded for an average), as a picture beside the number that says it."""
    try:
        n = max(0, min(5, round(float(value))))
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def get_score(evaluation: Any, name: str) -> Any:
    return evaluation.scores().get(name)
