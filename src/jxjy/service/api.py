"""The public service API (政策在线咨询, 投诉在线受理).

Policies: `GET /policies?q=&category=` (anyone), `GET /policies/{id}`, `POST /policies` (province);
each article's `attachments` `[{id, name, size, kind, url}]` (its official files: anyone downloads,
the province adds with multipart `POST /policies/{id}/attachments` and deletes with
`DELETE /policies/{id}/attachments/{aid}`).
FAQ: `GET /faq?q=` (anyone). Consultations: `GET|POST /me/consultations` `{"title", "question",
"article"}`, `GET /me/consultations/{id}`, `POST /me/consultations/{id}/close`; the authorities'
queue `GET /consultations?status=OPEN`, `GET /consultations/{id}`,
`POST /consultations/{id}/answer {"answer", "public"}`. Complaints (learners):
`GET|POST /me/complaints` (multipart: `base` or `course`, `reason`, `description`, `evidence`),
`GET /me/complaints/{id}`; the authority in charge: `GET /complaints?status=`,
`GET /complaints/{id}[/evidence]`, `POST /complaints/{id}/accept`, `.../note {"text"}`,
`.../resolve {"outcome": "UPHELD"|"NOT_UPHELD", "result"}`; the base complained about reads its
accepted and resolved ones (masked, without the complainant) and, while one is under
investigation, answers with `POST /complaints/{id}/statement {"text"}` (one or more); every
complaint shows its base's `statements` and its deadline (`due_on`: `working_days` working days
after filing by the holiday calendars, `overdue`, `due_note` when a year had no calendar).
Lists answer `{"count", "items"}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from jxjy.core.masking import mask_text
from jxjy.core.media import serve_file
from jxjy.plans.selectors import work_calendar
from jxjy.plans.workdays import WorkCalendar

from . import access, documents, selectors, services
from .models import (
    Complaint,
    ComplaintNote,
    ComplaintStatement,
    Consultation,
    PolicyArticle,
    PolicyAttachment,
)

router = Router(tags=["service"])


def _page(items: Any, limit: int, offset: int, out: Any) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return {"count": items.count(), "items": [out(i) for i in items[offset:offset + limit]]}


def attachment_out(a: PolicyAttachment) -> dict[str, Any]:
    return {"id": a.pk, "name": a.name, "size": a.size, "kind": a.kind,
            "url": reverse("api:service_policy_attachment", kwargs={"article_id": a.article_id,
                                                                    "attachment_id": a.pk})}


def article_out(a: PolicyArticle, *, with_body: bool = False, q: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.pk, "title": a.title, "doc_number": a.doc_number, "issuer": a.issuer,
                           "issued_on": a.issued_on, "category": a.category,
                           "category_display": a.get_category_display(), "published_at": a.published_at,
                           "attachments": [attachment_out(x) for x in a.attachments.all()]}
    if with_body:
        out["body"] = a.body
    else:
        out["excerpt"] = selectors.excerpt(a.body, q)
    return out


@router.get("/policies", auth=None)
def policies(request: HttpRequest, q: str = "", category: str = "", limit: int = 20, offset: int = 0) -> dict:
    """The policy library, searched word by word (jieba) when `q` is given; anyone may read."""
    qs = selectors.policies_search(q, category).prefetch_related("attachments")
    return _page(qs, limit, offset, lambda a: article_out(a, q=q))


@router.get("/policies/{article_id}", auth=None)
def policy(request: HttpRequest, article_id: int) -> dict:
    return article_out(access.access_article(article_id), with_body=True)


class ArticleIn(Schema):
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    issued_on: str = ""
    category: str = PolicyArticle.Category.NOTICE
    body: str = ""


@router.post("/policies", response={201: dict})
def policy_publish(request: HttpRequest, payload: ArticleIn) -> tuple[int, dict]:
    article = services.article_publish(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return 201, article_out(article, with_body=True)


@router.post("/policies/{article_id}/attachments", response={201: dict})
def policy_attachment_add(request: HttpRequest, article_id: int, file: UploadedFile | None = File(None)
                          ) -> tuple[int, dict]:
    """Multipart `file`: the province attaches an official PDF, Word or Excel file."""
    article = access.access_article(article_id)
    item = services.attachment_add(actor=request.auth, article=article, upload=file)  # type: ignore[attr-defined]
    return 201, attachment_out(item)


@router.get("/policies/{article_id}/attachments/{attachment_id}", auth=None,
            url_name="service_policy_attachment")
def policy_attachment(request: HttpRequest, article_id: int, attachment_id: int) -> HttpResponseBase:
    item = access.access_attachment(article_id, attachment_id)
    response = serve_file(request, item.file, filename=item.name)
    response["Content-Disposition"] = documents.content_disposition(item.name)
    return response


@router.delete("/policies/{article_id}/attachments/{attachment_id}", response={204: None})
def policy_attachment_delete(request: HttpRequest, article_id: int, attachment_id: int) -> tuple[int, None]:
    item = access.access_attachment(article_id, attachment_id)
    services.attachment_delete(actor=request.auth, attachment=item)  # type: ignore[attr-defined]
    return 204, None


@router.get("/faq", auth=None)
def faq(request: HttpRequest, q: str = "", limit: int = 50, offset: int = 0) -> dict:
    """Answered consultations the authorities made public, without the asker."""
    return _page(selectors.faq(q), limit, offset, selectors.faq_entry)


# ---------------------------------------------------------------------------------------------
# Consultations


def _person(user: Any) -> dict[str, Any]:
    """An asker as the authority sees them: name, role, masked ID for learners."""
    out: dict[str, Any] = {"name": str(user), "role": user.role}
    learner = getattr(user, "learner", None) if user.role == "LEARNER" else None
    if learner is not None:
        out["id_number"] = learner.masked_id_number
        out["employer"] = learner.employer.name
    return out


def consultation_out(c: Consultation, *, with_asker: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.pk, "title": c.title, "question": c.question, "status": c.status,
        "status_display": c.get_status_display(), "asked_at": c.asked_at,
        "article": c.article_id, "article_title": c.article.title if c.article else "",
        "authority": c.city.name if c.city else None, "answer": c.answer, "answered_at": c.answered_at,
        "answered_by": str(c.answered_by) if c.answered_by else "", "public": c.public, "closed_at": c.closed_at}
    if with_asker:
        out["asker"] = _person(c.asker)
    return out


class ConsultationIn(Schema):
    title: str = ""
    question: str = ""
    article: int | None = None


@router.get("/me/consultations")
def my_consultations(request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    qs = access.consultations_visible(user).filter(asker=user)
    if status:
        qs = qs.filter(status=status.upper())
    return _page(qs, limit, offset, consultation_out)


@router.post("/me/consultations", response={201: dict})
def my_consultation_ask(request: HttpRequest, payload: ConsultationIn) -> tuple[int, dict]:
    item = services.consultation_ask(actor=request.auth, title=payload.title,  # type: ignore[attr-defined]
                                     question=payload.question, article=payload.article)
    return 201, consultation_out(item)


@router.get("/me/consultations/{consultation_id}")
def my_consultation(request: HttpRequest, consultation_id: int) -> dict:
    return consultation_out(access.access_own_consultation(request.auth, consultation_id))  # type: ignore[attr-defined]


@router.post("/me/consultations/{consultation_id}/close")
def my_consultation_close(request: HttpRequest, consultation_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_own_consultation(user, consultation_id)
    return consultation_out(services.consultation_close(actor=user, consultation=item))


@router.get("/consultations")
def consultation_queue(request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0) -> dict:
    """The authority's consultations (`?status=OPEN`: the queue, oldest first)."""
    qs = access.consultation_queue(request.auth)  # type: ignore[attr-defined]
    if status:
        qs = qs.filter(status=status.upper())
    if status.upper() == Consultation.Status.OPEN:
        qs = qs.order_by("asked_at", "id")
    return _page(qs, limit, offset, lambda c: consultation_out(c, with_asker=True))


@router.get("/consultations/{consultation_id}")
def consultation_detail(request: HttpRequest, consultation_id: int) -> dict:
    return consultation_out(access.access_consultation(request.auth, consultation_id),  # type: ignore[attr-defined]
                            with_asker=True)


class AnswerIn(Schema):
    answer: str = ""
    public: bool = False


@router.post("/consultations/{consultation_id}/answer")
def consultation_answer(request: HttpRequest, consultation_id: int, payload: AnswerIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_consultation(user, consultation_id)
    item = services.consultation_answer(actor=user, consultation=item, answer=payload.answer, public=payload.public)
    return consultation_out(item, with_asker=True)


# ---------------------------------------------------------------------------------------------
# Complaints


def note_out(n: ComplaintNote) -> dict[str, Any]:
    return {"id": n.pk, "text": n.text, "at": n.at, "author": str(n.author)}


def statement_out(s: ComplaintStatement, *, with_author: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.pk, "text": mask_text(s.text), "at": s.at}
    if with_author:
        out["author"] = str(s.author)
    return out


def complaint_out(c: Complaint, user: Any, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    """A complaint as `user` may see it: the base gets neither the complainant nor the evidence,
    and its free text masked; notes are for the authorities; the base's statements for everyone
    who sees the complaint (the author's name for the authorities and the base)."""
    sees = access.sees_complainant(user, c)
    replies = access.may_reply(user, c)
    due = selectors.complaint_due(c, calendar)
    out: dict[str, Any] = {
        "id": c.pk, "base": {"id": c.base_id, "name": c.base.name, "level": c.base.level},
        "course": {"id": c.course_id, "title": c.course.title} if c.course else None,
        "authority": c.city.name if c.city else None,
        "reason": c.reason, "reason_display": c.get_reason_display(),
        "description": c.description if sees else mask_text(c.description),
        "status": c.status, "status_display": c.get_status_display(),
        "filed_at": c.filed_at, "accepted_at": c.accepted_at, "resolved_at": c.resolved_at,
        "outcome": c.outcome or None, "outcome_display": c.get_outcome_display() if c.outcome else "",
        "result": c.result, "days_open": selectors.days_open(c), "overdue": due["overdue"],
        "due_on": due["due_on"], "working_days": due["working_days"], "working_days_open": due["working_days_open"],
        "due_note": due["note"],
        "statements": [statement_out(s, with_author=replies or access.is_authority(user))
                       for s in c.statements.select_related("author")],
        "may_reply": replies and c.status == Complaint.Status.ACCEPTED,
    }
    if sees:
        learner = c.complainant
        out["complainant"] = {"name": learner.name, "id_number": learner.masked_id_number,
                              "phone": learner.masked_phone, "employer": learner.employer.name}
        out["evidence"] = ({"name": c.evidence_name,
                            "url": reverse("api:service_complaint_evidence", kwargs={"complaint_id": c.pk})}
                           if c.evidence else None)
    if access.is_authority(user):
        out["notes"] = [note_out(n) for n in c.notes.select_related("author")]
        out["may_handle"] = access.may_handle(user, c)
    return out


@router.get("/me/complaints")
def my_complaints(request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    qs = access.complaints_visible(user).filter(complainant__user=user)
    if status:
        qs = qs.filter(status=status.upper())
    calendar = work_calendar()
    return _page(qs, limit, offset, lambda c: complaint_out(c, user, calendar))


@router.post("/me/complaints", response={201: dict})
def my_complaint_file(request: HttpRequest, reason: Form[str] = "", description: Form[str] = "",
                      base: Form[str] = "", course: Form[str] = "",
                      evidence: UploadedFile | None = File(None)) -> tuple[int, dict]:
    """Multipart form: a complaint against a base (`base`) or a course (`course`), with optional
    evidence (PDF, JPG or PNG)."""
    user = request.auth  # type: ignore[attr-defined]
    item = services.complaint_file(actor=user, reason=reason, description=description, base=base, course=course,
                                   evidence=evidence)
    return 201, complaint_out(item, user)


@router.get("/me/complaints/{complaint_id}")
def my_complaint(request: HttpRequest, complaint_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    return complaint_out(access.access_own_complaint(user, complaint_id), user)


@router.get("/complaints")
def complaint_queue(request: HttpRequest, status: str = "", overdue: bool = False, limit: int = 50,
                    offset: int = 0) -> dict:
    """The authority's complaints (open ones oldest first), or a base's resolved ones."""
    user = request.auth  # type: ignore[attr-defined]
    qs = access.complaint_queue(user)
    if status:
        qs = qs.filter(status=status.upper())
    if overdue:
        qs = qs.filter(selectors.overdue_filter())
    if status.upper() in (Complaint.Status.SUBMITTED, Complaint.Status.ACCEPTED):
        qs = qs.order_by("filed_at", "id")
    calendar = work_calendar()
    return _page(qs, limit, offset, lambda c: complaint_out(c, user, calendar))


@router.get("/complaints/{complaint_id}")
def complaint_detail(request: HttpRequest, complaint_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    return complaint_out(access.access_complaint(user, complaint_id), user)


@router.get("/complaints/{complaint_id}/evidence", url_name="service_complaint_evidence")
def complaint_evidence(request: HttpRequest, complaint_id: int) -> HttpResponseBase:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_complaint(user, complaint_id)
    if not access.may_see_evidence(user, item):
        from jxjy.core.errors import NotFound

        raise NotFound(code="complaint_not_found")
    return serve_file(request, item.evidence, filename=item.evidence_name)


class NoteIn(Schema):
    text: str = ""


class StatementIn(Schema):
    text: str = ""


class ResolveIn(Schema):
    outcome: str = ""
    result: str = ""


@router.post("/complaints/{complaint_id}/accept")
def complaint_accept(request: HttpRequest, complaint_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_complaint(user, complaint_id)
    return complaint_out(services.complaint_accept(actor=user, complaint=item), user)


@router.post("/complaints/{complaint_id}/note", response={201: dict})
def complaint_note(request: HttpRequest, complaint_id: int, payload: NoteIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_complaint(user, complaint_id)
    services.complaint_note(actor=user, complaint=item, text=payload.text)
    return 201, complaint_out(access.access_complaint(user, complaint_id), user)


@router.post("/complaints/{complaint_id}/resolve")
def complaint_resolve(request: HttpRequest, complaint_id: int, payload: ResolveIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_complaint(user, complaint_id)
    return complaint_out(services.complaint_resolve(actor=user, complaint=item, outcome=payload.outcome,
                                                    result=payload.result), user)


@router.post("/complaints/{complaint_id}/statement", response={201: dict})
def complaint_statement(request: HttpRequest, complaint_id: int, payload: StatementIn) -> tuple[int, dict]:
    """The base complained about replies in writing while the complaint is under investigation."""
    user = request.auth  # type: ignore[attr-defined]
    item = access.access_complaint(user, complaint_id)
    services.complaint_statement(actor=user, complaint=item, text=payload.text)
    return 201, complaint_out(access.access_complaint(user, complaint_id), user)
