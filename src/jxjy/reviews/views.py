"""Pages of base reviews (例行考核): the province's rounds and each round's overview, the
authorities' queue, one review with the base's self-assessment form, the assessment and the
confirmation, and the printable PDF. Thin: parse, access, one service, render. Actions answer
htmx with the review's card, a plain post with a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.core import clock
from jxjy.core.cards import card_action
from jxjy.core.errors import Conflict, DomainError, NotFound
from jxjy.core.media import serve_file

from . import access, review_pdf, selectors, services
from .api import self_items_from_form
from .models import BaseReview, Conclusion, Dimension, Finding

Status = BaseReview.Status


def _forbidden(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "reviews/forbidden.html", {"message": exc.message}, status=exc.status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    try:
        access.require_round_reader(user)
    except DomainError as exc:
        return _forbidden(request, exc)
    if getattr(user, "base_id", None) and not access.is_province(user):
        return mine(request)
    rounds = list(access.rounds_visible(user))
    status = request.GET.get("status", "").upper()
    try:
        round_id = int(request.GET.get("round", "") or 0) or None
    except ValueError:
        round_id = None
    listing = selectors.reviews_filtered(user, round_id=round_id, status=status if status in Status.values else "")
    return render(request, "reviews/index.html", {
        "rounds": rounds, "todo": list(selectors.todo(user)[:200]), "reviews": list(listing[:200]),
        "statuses": Status.choices, "status": status, "round_id": round_id,
        "may_open": access.is_province(user), "posted": {}, "errors": {}})


@login_required
@require_POST
def round_open(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    posted = {k: request.POST.get(k, "") for k in ("start_year", "end_year", "self_deadline", "pass_mark",
                                                   "excellent_mark", "assessment_deadline")}
    dims = [{"code": d, "max_score": request.POST.get(f"max_{d}") or 20} for d in Dimension.values]
    try:
        found = services.round_open(actor=user, dimensions=dims, **posted)
    except DomainError as exc:
        if exc.status == 403:
            return _forbidden(request, exc)
        messages.error(request, exc.message)
        return redirect("reviews:index")
    messages.success(request, _("Review round %(period)s opened for %(n)s bases.")
                     % {"period": found.period, "n": found.reviews.count()})
    return redirect("reviews:round", found.pk)


@login_required
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    user: Any = request.user
    try:
        found = access.access_round(user, round_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    if getattr(user, "base_id", None):
        return _forbidden(request, NotFound(_("Review round not found")))
    ov = selectors.overview(user, found)
    return render(request, "reviews/round.html", {
        "round": found, "overview": ov, "may_close": access.may_close_round(user, found, clock.today()),
        "conclusions": [(c, label, ov["by_conclusion"][c]) for c, label in Conclusion.choices],
        "statuses": [(s, label, ov["by_status"][s]) for s, label in Status.choices],
        "reviews": list(access.reviews_visible(user).filter(round=found))})


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    user: Any = request.user
    try:
        found = access.access_round(user, round_id)
        found = services.round_close(actor=user, review_round=found)
    except DomainError as exc:
        if exc.status in (403, 404):
            return _forbidden(request, exc)
        messages.error(request, exc.message)
        return redirect("reviews:round", round_id)
    messages.success(request, _("Review round %(period)s closed; %(n)s unfinished reviews recorded as overdue.")
                     % {"period": found.period, "n": found.reviews.filter(status=Status.OVERDUE).count()})
    return redirect("reviews:round", found.pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    found = selectors.own_review(request.user)
    if found is None:
        return _forbidden(request, Conflict(_("Your base has no review yet")))
    return redirect("reviews:review", found.pk)


def _context(request: HttpRequest, review: BaseReview, *, posted: Any = None,
             errors: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    today = clock.today()
    posted = posted or {}
    errors = errors or {}
    rows = review.rows()
    for row in rows:
        # What was typed comes back with its problems, so nothing is lost on an error.
        code = row["code"]
        row["posted"] = {k: posted.get(f"{k}_{code}", "") for k in ("text", "score", "comment")}
        row["errors"] = errors.get(f"text_{code}", []) + errors.get(f"score_{code}", []) + errors.get(
            f"comment_{code}", [])
    chosen = posted.getlist("findings") if hasattr(posted, "getlist") else []
    return {"review": review, "rows": rows, "posted": posted, "errors": errors, "chosen_findings": chosen,
            "findings_choices": Finding.choices,
            "may_self_assess": access.may_self_assess(user, review, today),
            "may_assess": access.may_assess(user, review, today),
            "may_confirm": access.may_confirm(user, review),
            "may_lift": access.may_lift_suspension(user, review),
            "own": access.is_own_base(user, review),
            "deadline_passed": access.self_deadline_passed(review, today), **extra}


@login_required
def review_page(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        found = access.access_review(request.user, review_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    return render(request, "reviews/review.html", {**_context(request, found),
                                                   "evaluations": selectors.evaluation_evidence(found)})


@login_required
def review_evidence(request: HttpRequest, review_id: int) -> HttpResponseBase:
    found = access.access_review(request.user, review_id)
    return serve_file(request, found.evidence, filename=found.evidence_name)


@login_required
def review_pdf_view(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        found = access.access_review(request.user, review_id)
        if found.status != Status.FINISHED:
            raise Conflict(_("Only a finished review can be printed"), code="review_not_finished")
    except DomainError as exc:
        return _forbidden(request, exc)
    authority, confirmer = review_pdf.authority_names(found)
    response = HttpResponse(review_pdf.render(found, authority=authority, confirmer=confirmer),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="base-review-{found.round.period}-{found.pk}.pdf"'
    return response


def _errors(exc: DomainError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for e in exc.detail.get("errors", []):
        errors.setdefault(e["field"], []).append(e["reason"])
    return errors


def _act(request: HttpRequest, review_id: int, action: str) -> HttpResponse:
    try:
        found = access.access_review(request.user, review_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    user: Any = request.user
    post = request.POST

    def assess() -> tuple[Any, str]:
        scores = {d: {"score": post.get(f"score_{d}", ""), "comment": post.get(f"comment_{d}", "")}
                  for d in Dimension.values}
        return (services.review_assess(actor=user, review=found, scores=scores, findings=post.getlist("findings"),
                                       findings_note=post.get("findings_note", ""), comment=post.get("comment", ""),
                                       suspend_base=post.get("suspend_base") == "1"),
                _("Assessment recorded."))

    actions = {
        "self": lambda: (services.review_self_assess(actor=user, review=found, items=self_items_from_form(post),
                                                     evidence=request.FILES.get("evidence")),
                         _("Self-assessment submitted.")),
        "assess": assess,
        "confirm": lambda: (services.review_confirm(actor=user, review=found,
                                                    suspend_base=post.get("suspend_base") == "1"),
                            _("Conclusion confirmed.")),
        "return": lambda: (services.review_return(actor=user, review=found, reason=post.get("reason", "")),
                           _("Assessment returned to the city bureau.")),
        "lift": lambda: (services.review_lift_suspension(actor=user, review=found),
                         _("Suspension lifted; the base is active again.")),
    }
    return card_action(request, found, actions[action], template="reviews/_review.html", context=_context,
                       url_name="reviews:review", error_context=lambda exc: {"errors": _errors(exc)})


@login_required
@require_POST
def self_assess(request: HttpRequest, review_id: int) -> HttpResponse:
    return _act(request, review_id, "self")


@login_required
@require_POST
def assess(request: HttpRequest, review_id: int) -> HttpResponse:
    return _act(request, review_id, "assess")


@login_required
@require_POST
def confirm(request: HttpRequest, review_id: int) -> HttpResponse:
    return _act(request, review_id, "confirm")


@login_required
@require_POST
def send_back(request: HttpRequest, review_id: int) -> HttpResponse:
    return _act(request, review_id, "return")


@login_required
@require_POST
def lift_suspension(request: HttpRequest, review_id: int) -> HttpResponse:
    return _act(request, review_id, "lift")
