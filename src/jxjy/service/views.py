"""Pages of the public service: the policy library and FAQ (anyone), consultations (asker and
authorities), complaints (learner, authority in charge, the base once accepted, which replies
with statements while it is investigated). Thin: parse,
access, one service, render. A DomainError raised here becomes a Chinese error page (core
middleware); a failed form shows its errors in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.core.cards import card_action
from jxjy.core.errors import DomainError, NotFound
from jxjy.core.masking import mask_text
from jxjy.core.media import serve_file
from jxjy.plans.selectors import work_calendar

from . import access, documents, selectors, services
from .models import Complaint, Consultation, PolicyArticle


def _form_errors(exc: DomainError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for e in exc.detail.get("errors", []):
        errors.setdefault(e["field"], []).append(e["reason"])
    return errors


# ---------------------------------------------------------------------------------------------
# Policy library and FAQ (anyone)


def policy_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "").upper()
    if category not in PolicyArticle.Category.values:
        category = ""
    articles = list(selectors.policies_search(q, category)[:100])
    rows = [{"article": a, "excerpt": selectors.excerpt(a.body, q)} for a in articles]
    template = "service/_policy_results.html" if request.headers.get("HX-Request") else "service/policy_list.html"
    return render(request, template, {"rows": rows, "q": q, "category": category,
                                      "categories": PolicyArticle.Category.choices,
                                      "may_publish": getattr(request.user, "role", "") == "PROVINCE_ADMIN"})


def policy_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = access.access_article(article_id)
    faq = selectors.faq().filter(article=article)[:20]
    return render(request, "service/policy_detail.html", {
        "article": article, "paragraphs": [p for p in article.body.splitlines() if p.strip()],
        "faq": [selectors.faq_entry(c) for c in faq], "attachments": list(article.attachments.all()),
        "may_manage": getattr(request.user, "role", "") == "PROVINCE_ADMIN",
        "max_mb": services.attachment_max_bytes() // (1024 * 1024)})


def policy_attachment(request: HttpRequest, article_id: int, attachment_id: int) -> HttpResponseBase:
    item = access.access_attachment(article_id, attachment_id)
    response = serve_file(request, item.file, filename=item.name)
    response["Content-Disposition"] = documents.content_disposition(item.name)
    return response


@login_required
@require_POST
def policy_attachment_add(request: HttpRequest, article_id: int) -> HttpResponse:
    article = access.access_article(article_id)
    try:
        services.attachment_add(actor=request.user, article=article,  # type: ignore[arg-type]
                                upload=request.FILES.get("file"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Attachment added."))
    return redirect("service:policy", article.pk)


@login_required
@require_POST
def policy_attachment_delete(request: HttpRequest, article_id: int, attachment_id: int) -> HttpResponse:
    item = access.access_attachment(article_id, attachment_id)
    services.attachment_delete(actor=request.user, attachment=item)  # type: ignore[arg-type]
    messages.success(request, _("Attachment deleted."))
    return redirect("service:policy", article_id)


def faq_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    entries = [selectors.faq_entry(c) for c in selectors.faq(q)[:100]]
    return render(request, "service/faq.html", {"entries": entries, "q": q})


@login_required
def policy_new(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", "") != "PROVINCE_ADMIN":
        raise NotFound()
    posted: dict[str, str] = {"category": PolicyArticle.Category.NOTICE}
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("title", "doc_number", "issuer", "issued_on", "category",
                                                         "body")}
        try:
            article = services.article_publish(actor=request.user,  # type: ignore[arg-type]
                                               attachments=request.FILES.getlist("attachments"), **posted)
        except DomainError as exc:
            message, errors = exc.message, _form_errors(exc)
        else:
            messages.success(request, _("Policy article published."))
            return redirect("service:policy", article.pk)
    return render(request, "service/policy_form.html", {
        "posted": posted, "errors": errors, "message": message, "categories": PolicyArticle.Category.choices,
        "max_mb": services.attachment_max_bytes() // (1024 * 1024)},
        status=422 if message else 200)


# ---------------------------------------------------------------------------------------------
# Consultations


@login_required
def my_consultations(request: HttpRequest) -> HttpResponse:
    items = access.consultations_visible(request.user).filter(asker=request.user)
    return render(request, "service/my_consultations.html", {"items": items[:200]})


@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    posted: dict[str, str] = {"article": request.GET.get("article", "")}
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("title", "question", "article")}
        try:
            item = services.consultation_ask(actor=request.user, **posted)  # type: ignore[arg-type]
        except DomainError as exc:
            message, errors = exc.message, _form_errors(exc)
        else:
            messages.success(request, _("Your question has been sent; you will see the answer here."))
            return redirect("service:consultation", item.pk)
    article = None
    if posted.get("article", "").isdigit():
        article = PolicyArticle.objects.filter(pk=int(posted["article"])).first()
    return render(request, "service/consultation_form.html", {
        "posted": posted, "errors": errors, "message": message, "article": article,
        "authority": services.consultation_city(request.user)},  # type: ignore[arg-type]
        status=422 if message else 200)


def _consultation_context(request: HttpRequest, item: Consultation, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    own = item.asker_id == user.pk
    learner = getattr(item.asker, "learner", None) if item.asker.role == "LEARNER" else None
    return {"item": item, "own": own, "learner": learner,
            "may_answer": item.status == Consultation.Status.OPEN and access.may_answer(user, item),
            "may_close": own and item.status == Consultation.Status.ANSWERED, **extra}


@login_required
def consultation_page(request: HttpRequest, consultation_id: int) -> HttpResponse:
    item = access.access_consultation(request.user, consultation_id)
    return render(request, "service/consultation.html", _consultation_context(request, item))


def _consultation_act(request: HttpRequest, consultation_id: int, action: str) -> HttpResponse:
    user: Any = request.user
    item = access.access_consultation(user, consultation_id)
    try:
        if action == "answer":
            item = services.consultation_answer(actor=user, consultation=item, answer=request.POST.get("answer", ""),
                                                public=request.POST.get("public") == "on")
            done = _("Answer sent.")
        else:
            item = services.consultation_close(actor=user, consultation=item)
            done = _("Consultation closed.")
    except DomainError as exc:
        if request.headers.get("HX-Request"):
            item.refresh_from_db()
            return render(request, "service/_consultation.html",
                          _consultation_context(request, item, error=exc.message, posted=request.POST))
        messages.error(request, exc.message)
        return redirect("service:consultation", item.pk)
    if request.headers.get("HX-Request"):
        return render(request, "service/_consultation.html", _consultation_context(request, item, done=done))
    messages.success(request, done)
    return redirect("service:consultation", item.pk)


@login_required
@require_POST
def consultation_answer(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _consultation_act(request, consultation_id, "answer")


@login_required
@require_POST
def consultation_close(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _consultation_act(request, consultation_id, "close")


def _tabs(qs: Any, choices: list[tuple[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    counts = dict(qs.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    return [{"value": v, "label": label, "count": counts.get(v, 0)} for v, label in choices], sum(counts.values())


@login_required
def consultation_queue(request: HttpRequest) -> HttpResponse:
    qs = access.consultation_queue(request.user)
    status = request.GET.get("status", Consultation.Status.OPEN).upper()
    if status not in Consultation.Status.values and status != "ALL":
        status = Consultation.Status.OPEN
    tabs, total = _tabs(qs, Consultation.Status.choices)
    if status != "ALL":
        qs = qs.filter(status=status)
    if status == Consultation.Status.OPEN:
        qs = qs.order_by("asked_at", "id")
    return render(request, "service/consultation_queue.html", {
        "items": list(qs[:200]), "status": status, "tabs": tabs, "total": total})


# ---------------------------------------------------------------------------------------------
# Complaints


@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    from jxjy.accounts.access import learner_of

    learner_of(request.user)  # type: ignore[arg-type]
    items = access.complaints_visible(request.user).filter(complainant__user=request.user)
    calendar = work_calendar()
    return render(request, "service/my_complaints.html", {
        "items": [(c, selectors.days_open(c), selectors.complaint_due(c, calendar)) for c in items[:200]]})


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    from jxjy.accounts.access import learner_of
    from jxjy.catalog.access import courses_visible
    from jxjy.org.models import TrainingBase

    learner_of(request.user)  # type: ignore[arg-type]
    posted: dict[str, str] = {"base": request.GET.get("base", ""), "course": request.GET.get("course", "")}
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("base", "course", "reason", "description")}
        try:
            item = services.complaint_file(actor=request.user, evidence=request.FILES.get("evidence"),  # type: ignore[arg-type]
                                           **posted)
        except DomainError as exc:
            message, errors = exc.message, _form_errors(exc)
        else:
            messages.success(request, _("Complaint filed; the authority in charge will handle it."))
            return redirect("service:complaint", item.pk)
    course = None
    if posted.get("course", "").isdigit():
        course = courses_visible(request.user).filter(pk=int(posted["course"])).first()
    return render(request, "service/complaint_form.html", {
        "posted": posted, "errors": errors, "message": message, "course": course,
        "bases": TrainingBase.objects.filter(status=TrainingBase.Status.ACTIVE).order_by("name"),
        "reasons": Complaint.Reason.choices, "max_mb": services.EVIDENCE_MAX_BYTES // (1024 * 1024)},
        status=422 if message else 200)


def _complaint_context(request: HttpRequest, item: Complaint, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    sees = access.sees_complainant(user, item)
    handles = access.may_handle(user, item)
    replies = access.may_reply(user, item)
    statements = list(item.statements.select_related("author"))
    due = selectors.complaint_due(item)
    return {"item": item, "sees_complainant": sees, "authority": access.is_authority(user),
            "timeline": selectors.complaint_timeline(item, statements),
            "may_reply": replies and item.status == Complaint.Status.ACCEPTED,
            "description": item.description if sees else mask_text(item.description),
            "notes": list(item.notes.select_related("author")) if access.is_authority(user) else [],
            "days_open": selectors.days_open(item), "due": due, "overdue": due["overdue"],
            "overdue_days": services.overdue_days(),
            "may_accept": handles and item.status == Complaint.Status.SUBMITTED,
            "may_investigate": handles and item.status == Complaint.Status.ACCEPTED,
            "outcomes": Complaint.Outcome.choices, **extra}


@login_required
def complaint_page(request: HttpRequest, complaint_id: int) -> HttpResponse:
    item = access.access_complaint(request.user, complaint_id)
    return render(request, "service/complaint.html", _complaint_context(request, item))


@login_required
def complaint_evidence(request: HttpRequest, complaint_id: int) -> HttpResponseBase:
    item = access.access_complaint(request.user, complaint_id)
    if not access.may_see_evidence(request.user, item):
        raise NotFound(_("Complaint not found"), code="complaint_not_found")
    return serve_file(request, item.evidence, filename=item.evidence_name)


def _complaint_act(request: HttpRequest, complaint_id: int, action: str) -> HttpResponse:
    user: Any = request.user
    item = access.access_complaint(user, complaint_id)
    post = request.POST

    def note() -> tuple[Any, str]:
        services.complaint_note(actor=user, complaint=item, text=post.get("text", ""))
        item.refresh_from_db()
        return item, _("Note added.")

    def statement() -> tuple[Any, str]:
        services.complaint_statement(actor=user, complaint=item, text=post.get("text", ""))
        item.refresh_from_db()
        return item, _("Statement sent to the authority in charge.")

    actions = {
        "accept": lambda: (services.complaint_accept(actor=user, complaint=item), _("Complaint accepted.")),
        "note": note,
        "statement": statement,
        "resolve": lambda: (services.complaint_resolve(actor=user, complaint=item, outcome=post.get("outcome", ""),
                                                       result=post.get("result", "")),
                            _("Complaint resolved.")),
    }
    return card_action(request, item, actions[action], template="service/_complaint.html",
                       context=_complaint_context, url_name="service:complaint")


@login_required
@require_POST
def complaint_accept(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _complaint_act(request, complaint_id, "accept")


@login_required
@require_POST
def complaint_note(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _complaint_act(request, complaint_id, "note")


@login_required
@require_POST
def complaint_statement(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _complaint_act(request, complaint_id, "statement")


@login_required
@require_POST
def complaint_resolve(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _complaint_act(request, complaint_id, "resolve")


@login_required
def complaint_queue(request: HttpRequest) -> HttpResponse:
    qs = access.complaint_queue(request.user)
    is_base = getattr(request.user, "role", "") == "BASE_ADMIN"
    default = Complaint.Status.ACCEPTED if is_base else Complaint.Status.SUBMITTED
    status = request.GET.get("status", default).upper()
    choices = [(v, label) for v, label in Complaint.Status.choices if not is_base or v in access.BASE_SEES]
    if status not in [v for v, _label in choices] and status != "ALL":
        status = default
    tabs, total = _tabs(qs, choices)
    calendar = work_calendar()
    overdue_n = qs.filter(selectors.overdue_filter(calendar)).count()
    if status != "ALL":
        qs = qs.filter(status=status)
    if status != Complaint.Status.RESOLVED:
        qs = qs.order_by("filed_at", "id")
    rows = []
    for c in qs[:200]:
        due = selectors.complaint_due(c, calendar)
        rows.append({"item": c, "days_open": selectors.days_open(c), "due": due, "overdue": due["overdue"]})
    return render(request, "service/complaint_queue.html", {
        "rows": rows, "status": status, "tabs": tabs, "total": total, "is_base": is_base,
        "overdue_n": overdue_n, "overdue_days": services.overdue_days()})
