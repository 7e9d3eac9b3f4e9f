"""Pages of course evaluations: the learner's card on the enrolment page (htmx), a course's
public comments, and the evaluations of a base's courses (the base; the province with names).
Thin: parse, access, one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.models import User
from jxjy.catalog.access import access_course
from jxjy.core import clock
from jxjy.core.cards import card_action
from jxjy.core.errors import DomainError
from jxjy.learning.models import Enrolment
from jxjy.org.models import TrainingBase

from . import access, rules, selectors, services


def _forbidden(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "evaluations/forbidden.html", {"message": exc.message}, status=exc.status)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def aspect_labels() -> list[tuple[str, str]]:
    return [("overall", _("Overall")), ("content", _("Practical content")), ("teaching", _("Teaching")),
            ("video", _("Video and platform quality"))]


def card_context(request: HttpRequest, enrolment: Enrolment, *, posted: Any = None, errors: Any = None,
                 **extra: Any) -> dict[str, Any]:
    """The learner's evaluation card: the form (first time, or to change it within the edit
    window) or the evaluation as given. What was posted comes back with its problems."""
    evaluation = selectors.evaluation_of(enrolment)
    errors = errors or {}
    chosen = {}
    for name, _label in aspect_labels():
        if posted is not None:
            chosen[name] = rules.as_stars(posted.get(name))
        elif evaluation is not None:
            chosen[name] = getattr(evaluation, name)
    comment = posted.get("comment", "") if posted is not None else (evaluation.comment if evaluation else "")
    return {
        "enrolment": enrolment, "evaluation": evaluation,
        "complete": enrolment.status == Enrolment.Status.COMPLETED,
        "editable": evaluation is not None and rules.editable(evaluation.created_at, clock.now()),
        "groups": [{"name": name, "label": label, "chosen": chosen.get(name), "errors": errors.get(name, []),
                    "given": getattr(evaluation, name) if evaluation else None}
                   for name, label in aspect_labels()],
        "stars": list(rules.STARS), "comment": comment, "comment_errors": errors.get("comment", []),
        "comment_max": rules.COMMENT_MAX, "edit_days": rules.EDIT_DAYS, **extra}


def _errors(exc: DomainError) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for e in exc.detail.get("errors", []):
        errors.setdefault(e["field"], []).append(e["reason"])
    return {"errors": errors}


@login_required
@require_POST
def evaluate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """Submits the evaluation, or changes it when there is one."""
    user: Any = request.user
    try:
        enrolment = access.access_own_enrolment(user, enrolment_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    scores = {name: request.POST.get(name) for name in rules.SCORES}
    comment = request.POST.get("comment", "")

    def act() -> tuple[Enrolment, str]:
        existing = selectors.evaluation_of(enrolment)
        if existing is None:
            services.evaluation_submit(actor=user, enrolment=enrolment, scores=scores, comment=comment)
            return enrolment, _("Thank you for your evaluation.")
        services.evaluation_edit(actor=user, evaluation=existing, scores=scores, comment=comment)
        return enrolment, _("Your evaluation has been changed.")

    return card_action(request, enrolment, act, template="evaluations/_card.html", context=card_context,
                       url_name="learning:enrolment", error_context=_errors)


def course_comments(request: HttpRequest, course_id: int) -> HttpResponse:
    """Everything learners wrote about a course, newest first, ten a page, signed "李**"."""
    course = access_course(request.user, course_id)
    found, comments = selectors.comments_page(course.pk, request.GET.get("page"))
    return render(request, "evaluations/course.html", {
        "course": course, "summary": selectors.course_summary(course.pk), "page": found, "comments": comments,
        "labels": aspect_labels()})


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """A base's courses' evaluations (averages, then each one newest first, without names); the
    province picks a base, or sees all, with the learners' names."""
    user: Any = request.user
    try:
        access.require_reader(user)
    except DomainError as exc:
        return _forbidden(request, exc)
    visible = access.evaluations_visible(user)
    is_province = user.role == User.Role.PROVINCE_ADMIN
    bases: list[TrainingBase] = []
    base_id = None
    if is_province:
        bases = list(TrainingBase.objects.filter(pk__in=visible.values("course__base_id")).order_by("name"))
        base_id = _int(request.GET.get("base"))
        if base_id:
            visible = visible.filter(course__base_id=base_id)
    year = _int(request.GET.get("year"))
    course_id = _int(request.GET.get("course"))
    years = sorted(set(access.evaluations_visible(user).values_list("year", flat=True)), reverse=True)
    listing = selectors.list_filtered(visible, course_id=course_id, year=year)
    found = Paginator(listing, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "evaluations/overview.html", {
        "summary": selectors.summary(listing), "courses": selectors.by_course(selectors.list_filtered(visible, year=year)),
        "page": found, "authors": access.may_see_authors(user), "labels": aspect_labels(),
        "bases": bases, "base_id": base_id, "years": years, "year": year, "course_id": course_id,
        "query": query.urlencode(), "base": getattr(user, "base", None) if not is_province else None})
