"""Writes of the public service: policy articles, consultations, complaints. Each checks, then
changes state in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.accounts.models import Learner, User
from jxjy.core import clock, evidence
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jxjy.org.models import Division, TrainingBase

from . import access, documents
from .models import (
    Complaint,
    ComplaintNote,
    ComplaintStatement,
    Consultation,
    PolicyArticle,
    PolicyAttachment,
)
from .signals import complaint_accepted, complaint_filed, complaint_resolved

Role = User.Role

TITLE_MAX = 200
SUBJECT_MAX = 100
TEXT_MAX = 5000
BODY_MAX = 100_000
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_ARTICLE = 20

# Audit entries name what changed, never the free text a person typed (it may hold personal data).
_CONSULTATION_FIELDS = ["asker", "city", "article", "status", "public", "answered_by", "answered_at", "closed_at"]
_COMPLAINT_FIELDS = ["complainant", "base", "course", "city", "reason", "status", "outcome", "accepted_by",
                     "accepted_at", "resolved_by", "resolved_at"]


class _Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, reason: str) -> None:
        self.items.append({"field": field, "reason": reason})

    def raise_if_any(self, code: str) -> None:
        if self.items:
            raise ValidationFailed(pgettext("list separator", "; ").join(e["reason"] for e in self.items), code=code,
                                   detail={"errors": self.items})


def _text(value: Any) -> str:
    return str(value or "").strip()


def _required(errors: _Errors, field: str, value: str, limit: int) -> None:
    if not value:
        errors.add(field, _("This field is required"))
    elif len(value) > limit:
        errors.add(field, _("At most %(n)s characters") % {"n": limit})


# ---------------------------------------------------------------------------------------------
# Policy articles


def attachment_max_bytes() -> int:
    return int(getattr(settings, "JXJY_POLICY_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def _require_province(actor: User) -> None:
    if getattr(actor, "role", "") != Role.PROVINCE_ADMIN:
        raise PermissionDenied(_("Only the province publishes policy articles"), code="policy_province_only")


def _check_attachments(errors: _Errors, uploads: list[Any], existing: int = 0) -> None:
    """Every problem of every file, so that nothing is stored when one of them is refused."""
    if existing + len(uploads) > ATTACHMENTS_PER_ARTICLE:
        errors.add("attachments", _("An article may have at most %(n)s attachments") % {"n": ATTACHMENTS_PER_ARTICLE})
    for upload in uploads:
        problem = documents.problem(upload, max_bytes=attachment_max_bytes())
        if problem:
            errors.add("attachments", f"{os.path.basename(upload.name or '')[:120]}: {problem}")


@contextmanager
def _stored_files() -> Iterator[list[PolicyAttachment]]:
    """Attachments stored inside a transaction that then fails leave no file behind."""
    stored: list[PolicyAttachment] = []
    try:
        yield stored
    except BaseException:
        for item in stored:
            if item.file.name:
                item.file.storage.delete(item.file.name)
        raise


def _store_attachment(actor: User, article: PolicyArticle, upload: Any, stored: list[PolicyAttachment]
                      ) -> PolicyAttachment:
    found = documents.sniff(upload)
    assert found is not None
    item = PolicyAttachment(article=article, name=os.path.basename(upload.name)[:120], size=upload.size,
                            kind=found[0], uploaded_at=clock.now(), uploaded_by=actor)
    item.file.save(f"{uuid.uuid4().hex}{found[1]}", upload, save=False)
    stored.append(item)
    item.save()
    return item


def article_publish(*, actor: User, title: str, issuer: str, issued_on: Any, body: str, doc_number: str = "",
                    category: str = PolicyArticle.Category.NOTICE, attachments: list[Any] | None = None
                    ) -> PolicyArticle:
    """The province publishes a policy article to the library, with its official files if given."""
    _require_province(actor)
    uploads = [u for u in attachments or [] if u is not None]
    errors = _Errors()
    title, issuer, body, doc_number = _text(title), _text(issuer), _text(body), _text(doc_number)
    _required(errors, "title", title, TITLE_MAX)
    _required(errors, "issuer", issuer, 100)
    _required(errors, "body", body, BODY_MAX)
    if len(doc_number) > 60:
        errors.add("doc_number", _("At most %(n)s characters") % {"n": 60})
    date: dt.date | None = issued_on if isinstance(issued_on, dt.date) else None
    if date is None:
        try:
            date = dt.date.fromisoformat(_text(issued_on))
        except ValueError:
            errors.add("issued_on", _("Give the date as YYYY-MM-DD"))
    category = _text(category).upper() or PolicyArticle.Category.NOTICE
    if category not in PolicyArticle.Category.values:
        errors.add("category", _("Unknown category"))
    _check_attachments(errors, uploads)
    errors.raise_if_any("policy_invalid")
    assert date is not None
    with _stored_files() as stored, transaction.atomic():
        article = PolicyArticle.objects.create(title=title, issuer=issuer, issued_on=date, body=body,
                                               doc_number=doc_number, category=category,
                                               published_at=clock.now(), published_by=actor)
        for upload in uploads:
            _store_attachment(actor, article, upload, stored)
        audit_record(actor=actor, action="policy.publish", obj=article,
                     after={**snapshot(article, ["title", "doc_number", "issuer", "issued_on", "category"]),
                            "attachments": [a.pk for a in stored]})
    return article


def attachment_add(*, actor: User, article: PolicyArticle, upload: Any) -> PolicyAttachment:
    """The province attaches an official file to a published article."""
    _require_province(actor)
    errors = _Errors()
    if upload is None or not getattr(upload, "name", ""):
        errors.add("file", _("Choose a file"))
        errors.raise_if_any("attachment_invalid")
    _check_attachments(errors, [upload], existing=article.attachments.count())
    for error in errors.items:
        error["field"] = "file"
    errors.raise_if_any("attachment_invalid")
    with _stored_files() as stored, transaction.atomic():
        # Locked so that two uploads at once cannot pass the per-article limit together.
        PolicyArticle.objects.select_for_update().filter(pk=article.pk).first()
        if article.attachments.count() >= ATTACHMENTS_PER_ARTICLE:
            raise Conflict(_("An article may have at most %(n)s attachments") % {"n": ATTACHMENTS_PER_ARTICLE},
                           code="attachments_full")
        item = _store_attachment(actor, article, upload, stored)
        audit_record(actor=actor, action="policy.attachment_add", obj=article,
                     after={"attachment": item.pk, "name": item.name, "size": item.size, "kind": item.kind})
    return item


def attachment_delete(*, actor: User, attachment: PolicyAttachment) -> None:
    """The province removes an attachment; its file goes once the removal is committed."""
    _require_province(actor)
    with transaction.atomic():
        item = PolicyAttachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if item is None:
            raise NotFound(_("Attachment not found"), code="attachment_not_found")
        storage, name, article = item.file.storage, item.file.name or "", item.article
        audit_record(actor=actor, action="policy.attachment_delete", obj=article,
                     before={"attachment": item.pk, "name": item.name, "size": item.size, "kind": item.kind})
        item.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------------------------------------
# Consultations


def consultation_city(user: User) -> Division | None:
    """The city bureau that answers a user besides the province: a learner's employer's city, an
    employer's city, a city base's city. City bureaus ask the province."""
    role = getattr(user, "role", "")
    if role == Role.LEARNER:
        learner = Learner.objects.select_related("employer__county__parent").filter(user=user).first()
        return learner.employer.city if learner else None
    if role == Role.EMPLOYER_REVIEWER and user.employer_id:
        return user.employer.city if user.employer else None
    if role == Role.BASE_ADMIN and user.base_id and user.base and user.base.level == TrainingBase.Level.CITY:
        return user.base.city
    return None


def consultation_ask(*, actor: User, title: str, question: str, article: Any = None) -> Consultation:
    """Any signed-in user but the province asks a question, optionally about a policy article."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in first"), code="not_authenticated")
    if actor.role == Role.PROVINCE_ADMIN:
        raise PermissionDenied(_("The province answers consultations; it does not file them"),
                               code="consultation_province_asks")
    errors = _Errors()
    title, question = _text(title), _text(question)
    _required(errors, "title", title, SUBJECT_MAX)
    _required(errors, "question", question, TEXT_MAX)
    related = None
    if article not in (None, "", 0):
        if isinstance(article, PolicyArticle):
            related = article
        else:
            try:
                related = access.access_article(int(article))
            except (NotFound, ValueError, TypeError):
                errors.add("article", _("Policy article not found"))
    errors.raise_if_any("consultation_invalid")
    with transaction.atomic():
        item = Consultation.objects.create(asker=actor, city=consultation_city(actor), article=related, title=title,
                                           question=question, asked_at=clock.now())
        audit_record(actor=actor, action="consultation.ask", obj=item, after=snapshot(item, _CONSULTATION_FIELDS))
    return item


def consultation_answer(*, actor: User, consultation: Consultation, answer: str, public: bool = False) -> Consultation:
    """The province or the asker's city bureau answers; `public` shows it in the FAQ."""
    if not access.may_answer(actor, consultation):
        raise PermissionDenied(_("Only the province or the asker's city bureau answers this consultation"),
                               code="consultation_not_yours")
    answer = _text(answer)
    errors = _Errors()
    _required(errors, "answer", answer, TEXT_MAX)
    errors.raise_if_any("answer_invalid")
    with transaction.atomic():
        item = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if item.status != Consultation.Status.OPEN:
            raise Conflict(_("This consultation has already been answered"), code="consultation_not_open")
        before = snapshot(item, _CONSULTATION_FIELDS)
        item.status = Consultation.Status.ANSWERED
        item.answer = answer
        item.public = bool(public)
        item.answered_at = clock.now()
        item.answered_by = actor
        item.save(update_fields=["status", "answer", "public", "answered_at", "answered_by"])
        audit_record(actor=actor, action="consultation.answer", obj=item, before=before,
                     after=snapshot(item, _CONSULTATION_FIELDS))
    return item


def consultation_close(*, actor: User, consultation: Consultation) -> Consultation:
    """The asker closes an answered consultation."""
    if consultation.asker_id != actor.pk:
        raise PermissionDenied(_("Only the asker closes a consultation"), code="consultation_not_asker")
    with transaction.atomic():
        item = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if item.status != Consultation.Status.ANSWERED:
            raise Conflict(_("Only an answered consultation can be closed"), code="consultation_not_answered")
        before = snapshot(item, _CONSULTATION_FIELDS)
        item.status = Consultation.Status.CLOSED
        item.closed_at = clock.now()
        item.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, action="consultation.close", obj=item, before=before,
                     after=snapshot(item, _CONSULTATION_FIELDS))
    return item


# ---------------------------------------------------------------------------------------------
# Complaints


def complaint_authority(base: TrainingBase) -> Division | None:
    """The city bureau in charge of a base (None: the province, for a provincial base)."""
    return base.city if base.level == TrainingBase.Level.CITY else None


def _evidence_problem(upload: Any) -> str | None:
    return evidence.problem(upload, max_bytes=EVIDENCE_MAX_BYTES)


def complaint_file(*, actor: User, reason: str, description: str, base: Any = None, course: Any = None,
                   evidence: Any = None) -> Complaint:
    """A learner files a complaint against a base, or a course (and so its base)."""
    from jxjy.accounts.access import learner_of
    from jxjy.catalog.access import access_course

    learner = learner_of(actor)
    errors = _Errors()
    reason = _text(reason).upper()
    if reason not in Complaint.Reason.values:
        errors.add("reason", _("Choose the reason of the complaint"))
    description = _text(description)
    _required(errors, "description", description, TEXT_MAX)
    the_course = None
    the_base = None
    if course not in (None, "", 0):
        try:
            the_course = access_course(actor, int(course))
            the_base = the_course.base
        except (NotFound, ValueError, TypeError):
            errors.add("course", _("Course not found"))
    elif base not in (None, "", 0):
        try:
            the_base = TrainingBase.objects.select_related("city").get(pk=int(base))
        except (TrainingBase.DoesNotExist, ValueError, TypeError):
            errors.add("base", _("Training base not found"))
    else:
        errors.add("base", _("Choose the training base or the course the complaint is about"))
    has_file = evidence is not None and bool(getattr(evidence, "size", 0))
    if has_file:
        problem = _evidence_problem(evidence)
        if problem:
            errors.add("evidence", problem)
    errors.raise_if_any("complaint_invalid")
    assert the_base is not None
    with transaction.atomic():
        item = Complaint(complainant=learner, base=the_base, course=the_course, city=complaint_authority(the_base),
                         reason=reason, description=description, filed_at=clock.now())
        if has_file:
            ext = os.path.splitext(evidence.name)[1].lower()
            item.evidence_name = os.path.basename(evidence.name)[:120]
            item.evidence.save(f"{uuid.uuid4().hex}{ext}", evidence, save=False)
        item.save()
        audit_record(actor=actor, action="complaint.file", obj=item, after=snapshot(item, _COMPLAINT_FIELDS))
    complaint_filed.send(sender=Complaint, complaint=item)
    return item


def _locked_for(actor: User, complaint: Complaint) -> Complaint:
    if not access.may_handle(actor, complaint):
        raise PermissionDenied(_("Only the authority in charge of the base handles this complaint"),
                               code="complaint_not_yours")
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def complaint_accept(*, actor: User, complaint: Complaint) -> Complaint:
    with transaction.atomic():
        item = _locked_for(actor, complaint)
        if item.status != Complaint.Status.SUBMITTED:
            raise Conflict(_("This complaint has already been accepted"), code="complaint_not_submitted")
        before = snapshot(item, _COMPLAINT_FIELDS)
        item.status = Complaint.Status.ACCEPTED
        item.accepted_at = clock.now()
        item.accepted_by = actor
        item.save(update_fields=["status", "accepted_at", "accepted_by"])
        audit_record(actor=actor, action="complaint.accept", obj=item, before=before,
                     after=snapshot(item, _COMPLAINT_FIELDS))
    complaint_accepted.send(sender=Complaint, complaint=item)
    return item


def complaint_note(*, actor: User, complaint: Complaint, text: str) -> ComplaintNote:
    """An investigation note on an accepted complaint."""
    text = _text(text)
    errors = _Errors()
    _required(errors, "text", text, TEXT_MAX)
    errors.raise_if_any("note_invalid")
    with transaction.atomic():
        item = _locked_for(actor, complaint)
        if item.status != Complaint.Status.ACCEPTED:
            raise Conflict(_("Notes are added while a complaint is under investigation"),
                           code="complaint_not_accepted")
        note = ComplaintNote.objects.create(complaint=item, author=actor, text=text, at=clock.now())
        audit_record(actor=actor, action="complaint.note", obj=item, after={"note": note.pk})
    return note


def complaint_statement(*, actor: User, complaint: Complaint, text: str) -> ComplaintStatement:
    """The base complained about answers in writing while the authority investigates; it may
    write several statements (a first reply, then what it has put right). It cannot change the
    complaint: the authority in charge still resolves it."""
    if not access.may_reply(actor, complaint):
        raise PermissionDenied(_("Only the training base complained about replies to this complaint"),
                               code="complaint_not_your_base")
    text = _text(text)
    errors = _Errors()
    _required(errors, "text", text, TEXT_MAX)
    errors.raise_if_any("statement_invalid")
    with transaction.atomic():
        # Locked so that a resolution committing meanwhile cannot be followed by a late reply.
        item = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if item.status == Complaint.Status.RESOLVED:
            raise Conflict(_("This complaint has been resolved; no more replies can be added"),
                           code="complaint_closed")
        if item.status != Complaint.Status.ACCEPTED:
            raise Conflict(_("The base replies once the authority has accepted the complaint"),
                           code="complaint_not_accepted")
        statement = ComplaintStatement.objects.create(complaint=item, author=actor, text=text, at=clock.now())
        audit_record(actor=actor, action="complaint.statement", obj=item, after={"statement": statement.pk})
    return statement


def complaint_resolve(*, actor: User, complaint: Complaint, outcome: str, result: str) -> Complaint:
    """Closes the investigation: upheld or not, with the result the complainant reads."""
    outcome = _text(outcome).upper()
    result = _text(result)
    errors = _Errors()
    if outcome not in Complaint.Outcome.values:
        errors.add("outcome", _("Choose whether the complaint is upheld"))
    _required(errors, "result", result, TEXT_MAX)
    errors.raise_if_any("resolution_invalid")
    with transaction.atomic():
        item = _locked_for(actor, complaint)
        if item.status != Complaint.Status.ACCEPTED:
            raise Conflict(_("Accept the complaint before resolving it"), code="complaint_not_accepted")
        before = snapshot(item, _COMPLAINT_FIELDS)
        item.status = Complaint.Status.RESOLVED
        item.outcome = outcome
        item.result = result
        item.resolved_at = clock.now()
        item.resolved_by = actor
        item.save(update_fields=["status", "outcome", "result", "resolved_at", "resolved_by"])
        audit_record(actor=actor, action="complaint.resolve", obj=item, before=before,
                     after=snapshot(item, _COMPLAINT_FIELDS))
    complaint_resolved.send(sender=Complaint, complaint=item)
    return item


def overdue_days() -> int:
    """Working days (工作日, by the plans app's holiday calendars) the authority has to resolve a
    complaint, counted from the day after filing; past them the queue flags it. The setting keeps
    its name from when these were calendar days."""
    return int(getattr(settings, "JXJY_COMPLAINT_OVERDUE_DAYS", 15))
