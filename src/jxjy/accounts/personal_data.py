"""Everything the platform holds about one learner, for the learner's own copy (个人信息查阅复制,
PIPL art. 45), and the workbook it is delivered in.

One selector per kind of record, each a read-only query into the app that owns the rows, filtered
by the learner (or their account) and nothing else: another person's row cannot enter the copy.
The question bank stays out (an attempt's scores are the learner's, the questions are not), so do
other people's notes (a complaint's investigation notes are the authority's work).

The ID number and phone appear unmasked here: it is the learner's own data on their own request.
The copy is never logged; the audit entry of an export records only the format and the counts.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from jxjy.core import clock

from .models import Learner, LoginFailure, PrivacyConsent, User

Row = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _rows(qs: Any, fields: list[str]) -> list[Row]:
    return [{k: _value(v) for k, v in row.items()} for row in qs.values(*fields)]


def profile(user: User, learner: Learner) -> list[Row]:
    return [{
        "username": user.username, "name": learner.name, "id_number": learner.id_number, "phone": learner.phone,
        "employer": learner.employer.name, "specialty": learner.specialty.name,
        "title_level": learner.get_title_level_display(), "employer_confirmation": learner.get_affiliation_display(),
        "registered_at": _value(learner.registered_at), "last_login": _value(user.last_login),
    }]


def consents(user: User, learner: Learner) -> list[Row]:
    return _rows(PrivacyConsent.objects.filter(user=user).order_by("at"),
                 ["policy__version", "policy__effective_on", "at", "channel"])


def login_failures(user: User, learner: Learner) -> list[Row]:
    return _rows(LoginFailure.objects.filter(user=user).order_by("at"), ["at", "ip"])


def activity(user: User, learner: Learner) -> list[Row]:
    """What the audit log recorded of the learner's own actions (personal data in it is masked)."""
    from jxjy.core.models import AuditEntry

    return _rows(AuditEntry.objects.filter(actor=user).order_by("at", "id"), ["at", "action", "object_type", "ip"])


def enrolments(user: User, learner: Learner) -> list[Row]:
    from jxjy.learning.models import Enrolment

    return _rows(Enrolment.objects.filter(learner=learner).order_by("created_at", "id"),
                 ["id", "course__title", "year", "status", "created_at", "activated_at", "completed_at"])


def lecture_progress(user: User, learner: Learner) -> list[Row]:
    from jxjy.learning.models import LectureProgress

    return _rows(LectureProgress.objects.filter(enrolment__learner=learner).order_by("enrolment_id", "lecture_id"),
                 ["enrolment_id", "lecture__title", "watched_ms", "completed_at", "updated_at"])


def playbacks(user: User, learner: Learner) -> list[Row]:
    from jxjy.learning.models import Playback

    return _rows(Playback.objects.filter(learner=learner).order_by("started_at", "id"),
                 ["enrolment_id", "lecture__title", "status", "started_at", "ended_at", "end_reason", "credited_ms",
                  "heartbeats"])


def in_person(user: User, learner: Learner) -> list[Row]:
    from jxjy.learning.models import SessionRegistration

    return _rows(SessionRegistration.objects.filter(learner=learner).order_by("created_at", "id"),
                 ["session__subject", "session__base__name", "session__starts_on", "session__ends_on",
                  "session__place", "status", "attended", "created_at", "confirmed_at", "cancelled_at"])


def exam_attempts(user: User, learner: Learner) -> list[Row]:
    from jxjy.exams.models import ExamAttempt

    return _rows(ExamAttempt.objects.filter(enrolment__learner=learner).order_by("started_at", "id"),
                 ["enrolment__course__title", "number", "status", "started_at", "submitted_at", "score",
                  "total_points", "pass_mark", "passed"])


def ledger(user: User, learner: Learner) -> list[Row]:
    from jxjy.credits.models import CreditEntry

    return _rows(CreditEntry.objects.filter(learner=learner).order_by("created_at", "id"),
                 ["id", "year", "category", "hours", "source", "reference", "reverses_id", "note", "created_at"])


def claims(user: User, learner: Learner) -> list[Row]:
    from jxjy.credits.models import EquivalentHoursClaim

    return _rows(EquivalentHoursClaim.objects.filter(learner=learner).order_by("submitted_at", "id"),
                 ["year", "type_name", "category", "title", "description", "started_on", "ended_on", "hours_claimed",
                  "hours_approved", "evidence_name", "status", "submitted_at", "reviewed_at", "review_note",
                  "withdrawn_at", "revoked_at", "revoke_reason"])


def evaluations(user: User, learner: Learner) -> list[Row]:
    from jxjy.evaluations.models import CourseEvaluation

    return _rows(CourseEvaluation.objects.filter(learner=learner).order_by("created_at", "id"),
                 ["course__title", "year", "overall", "content", "teaching", "video", "comment", "created_at",
                  "updated_at"])


def certificates(user: User, learner: Learner) -> list[Row]:
    from jxjy.certificates.models import Certificate

    rows = []
    for cert in Certificate.objects.filter(learner=learner).order_by("year", "version"):
        hours = cert.snapshot.get("hours", {})
        rows.append({"year": cert.year, "version": cert.version, "status": cert.status, "code": cert.code,
                     "issued_at": _value(cert.issued_at), "hours_public": hours.get("public"),
                     "hours_professional": hours.get("professional"), "hours_total": hours.get("total")})
    return rows


def orders(user: User, learner: Learner) -> list[Row]:
    from jxjy.billing.models import Order

    return _rows(Order.objects.filter(learner=learner).order_by("created_at", "id"),
                 ["number", "kind", "base__name", "year", "description", "hours", "amount", "relief", "status",
                  "invoice_buyer", "created_at", "paid_at", "closed_at"])


def payments(user: User, learner: Learner) -> list[Row]:
    from jxjy.billing.models import Payment

    return _rows(Payment.objects.filter(order__learner=learner).order_by("paid_at", "id"),
                 ["order__number", "gateway", "transaction_id", "amount", "paid_at"])


def refunds(user: User, learner: Learner) -> list[Row]:
    from jxjy.billing.models import Refund

    return _rows(Refund.objects.filter(order__learner=learner).order_by("refunded_at", "id"),
                 ["order__number", "amount", "reason", "refunded_at"])


def invoices(user: User, learner: Learner) -> list[Row]:
    from jxjy.billing.models import Invoice

    return _rows(Invoice.objects.filter(order__learner=learner).order_by("created_at", "id"),
                 ["order__number", "kind", "status", "number", "amount", "tax_amount", "buyer_type", "buyer_name",
                  "seller_name", "issued_at"])


def consultations(user: User, learner: Learner) -> list[Row]:
    from jxjy.service.models import Consultation

    return _rows(Consultation.objects.filter(asker=user).order_by("asked_at", "id"),
                 ["title", "question", "status", "asked_at", "answer", "answered_at", "public", "closed_at"])


def complaints(user: User, learner: Learner) -> list[Row]:
    from jxjy.service.models import Complaint

    return _rows(Complaint.objects.filter(complainant=learner).order_by("filed_at", "id"),
                 ["base__name", "course__title", "reason", "description", "evidence_name", "status", "filed_at",
                  "accepted_at", "resolved_at", "outcome", "result"])


def notices(user: User, learner: Learner) -> list[Row]:
    from jxjy.notices.models import Notice

    return [{"kind": n.kind, "title": n.title, "text": n.body, "created_at": _value(n.created_at),
             "read_at": _value(n.read_at)} for n in Notice.objects.filter(recipient=user).order_by("created_at", "id")]


def text_opt_outs(user: User, learner: Learner) -> list[Row]:
    from jxjy.notices.models import SmsOptOut

    return _rows(SmsOptOut.objects.filter(user=user).order_by("kind"), ["kind", "created_at"])


def portal_identities(user: User, learner: Learner) -> list[Row]:
    from jxjy.portals.models import ExternalIdentity

    return _rows(ExternalIdentity.objects.filter(user=user).order_by("provider"),
                 ["provider", "subject", "linked_at", "last_login_at"])


# Each kind: its key in the JSON, its sheet's title, its selector. In the order of the copy.
KINDS: list[tuple[str, Any, Callable[[User, Learner], list[Row]]]] = [
    ("profile", pgettext_lazy("personal data", "Profile"), profile),
    ("privacy_consents", pgettext_lazy("personal data", "Privacy consents"), consents),
    ("enrolments", pgettext_lazy("personal data", "Enrolments"), enrolments),
    ("lecture_progress", pgettext_lazy("personal data", "Lecture progress"), lecture_progress),
    ("playbacks", pgettext_lazy("personal data", "Viewing sessions"), playbacks),
    ("in_person_sessions", pgettext_lazy("personal data", "In-person sessions"), in_person),
    ("exam_attempts", pgettext_lazy("personal data", "Exam attempts"), exam_attempts),
    ("ledger", pgettext_lazy("personal data", "Hours ledger"), ledger),
    ("equivalent_claims", pgettext_lazy("personal data", "Equivalent-hours claims"), claims),
    ("course_evaluations", pgettext_lazy("personal data", "Course evaluations"), evaluations),
    ("certificates", pgettext_lazy("personal data", "Certificates"), certificates),
    ("orders", pgettext_lazy("personal data", "Orders"), orders),
    ("payments", pgettext_lazy("personal data", "Payments"), payments),
    ("refunds", pgettext_lazy("personal data", "Refunds"), refunds),
    ("invoices", pgettext_lazy("personal data", "Invoices"), invoices),
    ("consultations", pgettext_lazy("personal data", "Consultations"), consultations),
    ("complaints", pgettext_lazy("personal data", "Complaints"), complaints),
    ("notices", pgettext_lazy("personal data", "Notices"), notices),
    ("text_opt_outs", pgettext_lazy("personal data", "Text messages turned off"), text_opt_outs),
    ("portal_identities", pgettext_lazy("personal data", "Linked portal identities"), portal_identities),
    ("login_failures", pgettext_lazy("personal data", "Failed sign-ins"), login_failures),
    ("activity", pgettext_lazy("personal data", "Your actions in the audit log"), activity),
]


def personal_data(user: User) -> dict[str, Any]:
    """The whole copy: {"generated_at", "kinds": {key: title}, key: [rows], …}."""
    learner = Learner.objects.select_related("employer", "specialty").get(user=user)
    out: dict[str, Any] = {"generated_at": _value(clock.now()),
                           "kinds": {key: str(title) for key, title, _select in KINDS}}
    for key, _title, select in KINDS:
        out[key] = select(user, learner)
    return out


def counts(data: dict[str, Any]) -> dict[str, int]:
    return {key: len(data[key]) for key, _title, _select in KINDS}


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def workbook(data: dict[str, Any]) -> bytes:
    """The copy as an .xlsx: one sheet per kind, the JSON keys as the header row."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for key, title, _select in KINDS:
        sheet = book.create_sheet(title=str(title)[:31])
        rows = data[key]
        if not rows:
            sheet.append([str(pgettext_lazy("personal data", "None"))])
            continue
        header = list(rows[0])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(row.get(k)) for k in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
