"""Pages of equivalent-hours claims (同等学时认证): the learner's claims and claim form, the
employer's review queue, one claim with its evidence and the review actions. Thin: parse, access,
one service, render. Actions answer htmx with the claim's card, a plain post with a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.access import access_learner, learner_of, learners_visible
from jxjy.accounts.models import User
from jxjy.catalog.models import Category
from jxjy.core.cards import card_action
from jxjy.core.errors import DomainError, NotFound, PermissionDenied
from jxjy.core.media import serve_file
from jxjy.plans.selectors import current_year, rules_for

from . import access, claims, selectors, services
from .models import EquivalentHoursClaim

Status = EquivalentHoursClaim.Status


def _url_or_blank(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _forbidden(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "credits/forbidden.html", {"message": exc.message}, status=exc.status)


def _type_rows(learner: Any, year: int) -> tuple[list[dict], Any, Any]:
    """The year's claim types with the hours the learner's claims take and what is left."""
    try:
        rules = rules_for(year).equivalent
    except NotFound:
        return [], None, None
    usage = selectors.claim_usage(learner, year, include_pending=True)
    rows = [{"type": t, "used": usage.of_type(t.code),
             "available": claims.most_allowed(rules=rules, claim_type=t, used_of_type=usage.of_type(t.code),
                                              used_overall=usage.overall)} for t in rules.types]
    return rows, rules, usage


# ---------------------------------------------------------------------------------------------
# Learners


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    try:
        learner = learner_of(request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        return _forbidden(request, exc)
    year = current_year()
    rows, rules, usage = _type_rows(learner, year)
    return render(request, "credits/my_claims.html", {
        "claims": selectors.claims_of(learner), "year": year, "rows": rows, "rules": rules, "usage": usage,
        "study_url": _url_or_blank("learning:my_study")})


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    try:
        learner = learner_of(request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        return _forbidden(request, exc)
    year = current_year()
    posted: dict[str, str] = {"year": str(year)}
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("year", "claim_type", "title", "description", "started_on",
                                                         "ended_on", "hours")}
        try:
            claim = services.claim_submit(actor=request.user, evidence=request.FILES.get("evidence"),  # type: ignore[arg-type]
                                          **posted)
        except DomainError as exc:
            message = exc.message
            for e in exc.detail.get("errors", []):
                errors.setdefault(e["field"], []).append(e["reason"])
        else:
            messages.success(request, _("Claim filed; your employer will review it."))
            return redirect("credits:claim", claim.pk)
    try:
        form_year = int(posted.get("year") or year)
    except ValueError:
        form_year = year
    rows, rules, usage = _type_rows(learner, form_year)
    return render(request, "credits/claim_form.html", {
        "posted": posted, "errors": errors, "message": message, "rows": rows, "rules": rules, "usage": usage,
        "year": form_year, "max_mb": services.EVIDENCE_MAX_BYTES // (1024 * 1024)},
        status=422 if message else 200)


# ---------------------------------------------------------------------------------------------
# One claim: for the learner, the employer and the bureaus


def _claim_context(request: HttpRequest, claim: EquivalentHoursClaim, **extra: Any) -> dict[str, Any]:
    user = request.user
    pending = claim.status == Status.PENDING
    return {"claim": claim, "reviewer": selectors.reviewer_name(claim),
            "own": claim.learner.user_id == user.pk,
            "may_review": pending and access.may_review(user, claim),
            "may_withdraw": pending and claim.learner.user_id == user.pk,
            "may_revoke": claim.status == Status.APPROVED and access.may_revoke(user, claim), **extra}


@login_required
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        claim = access.access_claim(request.user, claim_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    back = (reverse("credits:my_claims") if claim.learner.user_id == request.user.pk
            else reverse("credits:review_queue"))
    return render(request, "credits/claim.html", _claim_context(request, claim, back=back))


@login_required
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponseBase:
    claim = access.access_claim(request.user, claim_id)
    return serve_file(request, claim.evidence, filename=claim.evidence_name)


def _act(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
    try:
        claim = access.access_claim(request.user, claim_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    user: Any = request.user
    post = request.POST
    actions = {
        "withdraw": lambda: (services.claim_withdraw(actor=user, claim=claim), _("Claim withdrawn.")),
        "approve": lambda: (services.claim_approve(actor=user, claim=claim, hours=post.get("hours"),
                                                   note=post.get("note", "")),
                            _("Claim approved; the hours are credited.")),
        "reject": lambda: (services.claim_reject(actor=user, claim=claim, reason=post.get("reason", "")),
                           _("Claim rejected.")),
        "revoke": lambda: (services.claim_revoke(actor=user, claim=claim, reason=post.get("reason", "")),
                           _("Claim revoked; its hours are reversed.")),
    }
    return card_action(request, claim, actions[action], template="credits/_claim.html", context=_claim_context,
                       url_name="credits:claim")


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _act(request, claim_id, "withdraw")


@login_required
@require_POST
def claim_approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _act(request, claim_id, "approve")


@login_required
@require_POST
def claim_reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _act(request, claim_id, "reject")


@login_required
@require_POST
def claim_revoke(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _act(request, claim_id, "revoke")


# ---------------------------------------------------------------------------------------------
# Employer reviewers and bureaus


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    try:
        access.require_review_queue(request.user)
    except DomainError as exc:
        return _forbidden(request, exc)
    status = request.GET.get("status", Status.PENDING).upper()
    if status not in Status.values and status != "ALL":
        status = Status.PENDING
    qs = access.claims_visible(request.user)
    counts = dict(qs.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    if status != "ALL":
        qs = qs.filter(status=status)
    if status == Status.PENDING:
        qs = qs.order_by("submitted_at", "id")
    tabs = [{"value": s, "label": label, "count": counts.get(s, 0)} for s, label in Status.choices]
    return render(request, "credits/review_queue.html", {
        "claims": list(qs[:200]), "status": status, "tabs": tabs, "total": sum(counts.values())})


# ---------------------------------------------------------------------------------------------
# Ledger corrections by the province and the city bureaus (a city: learners of its city only,
# through accounts.access). Corrections are new entries written by the credits services.

CORRECTION_ROLES = (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN)


def _require_corrections(user: Any) -> None:
    if getattr(user, "role", "") not in CORRECTION_ROLES:
        raise PermissionDenied(_("Only the province or a city bureau may correct hours"), code="corrections_only")


def _year_param(value: Any) -> int:
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


def _corrections_url(learner_id: Any, year: Any) -> str:
    return f"{reverse('credits:corrections')}?learner={learner_id}&year={year}"


@login_required
def corrections(request: HttpRequest) -> HttpResponse:
    """Find a learner by name or ID number, see the year's entries, reverse one or add one.

    The search is posted, so that an ID number never lands in a URL or an access log, and an ID
    number typed is not shown back."""
    _require_corrections(request.user)
    query = request.POST.get("q", "").strip()[:50] if request.method == "POST" else ""
    year = _year_param(request.POST.get("year") if request.method == "POST" else request.GET.get("year"))
    found: list[Any] = []
    if query:
        found = list(learners_visible(request.user).filter(  # type: ignore[arg-type]
            Q(name__icontains=query) | Q(id_number__iexact=query)).order_by("name", "pk")[:20])
    learner = None
    shown_query = "" if any(c.isdigit() for c in query) else query
    context: dict[str, Any] = {"query": shown_query, "year": year, "found": found, "searched": bool(query),
                               "categories": Category.choices, "years": range(current_year() - 5, current_year() + 1)}
    if request.method == "GET" and request.GET.get("learner"):
        try:
            learner_id = int(request.GET["learner"])
        except ValueError:
            learner_id = 0
        learner = access_learner(request.user, learner_id)  # type: ignore[arg-type]
        entries = selectors.entries_of(learner, year)
        reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
        titles = selectors.entry_titles(entries)
        context.update({
            "learner": learner, "status": selectors.year_status(learner, year),
            "entries": [{"entry": e, "title": titles.get(e.pk, ""), "reversed": e.pk in reversed_ids,
                         "reversible": e.reverses_id is None and e.pk not in reversed_ids} for e in entries]})
    return render(request, "credits/corrections.html", context)


@login_required
@require_POST
def correction_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    _require_corrections(request.user)
    entry = access.access_credit_entry(request.user, entry_id)
    try:
        services.credit_entry_reverse(actor=request.user, entry=entry,  # type: ignore[arg-type]
                                      reason=request.POST.get("reason", "")[:200])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The entry has been reversed by a new entry."))
    return redirect(_corrections_url(entry.learner_id, entry.year))


@login_required
@require_POST
def correction_add(request: HttpRequest, learner_id: int) -> HttpResponse:
    _require_corrections(request.user)
    learner = access_learner(request.user, learner_id)  # type: ignore[arg-type]
    year = request.POST.get("year", "")
    try:
        services.credit_correction_add(actor=request.user, learner=learner, year=year,  # type: ignore[arg-type]
                                       category=request.POST.get("category", ""),
                                       hours=request.POST.get("hours", ""), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The correction has been recorded."))
    return redirect(_corrections_url(learner.pk, _year_param(year)))
