"""Reads of the public service: the policy search, the FAQ, a complaint's working-day deadline,
a complaint's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.core import clock
from jxjy.core.masking import mask_text
from jxjy.core.search import query_words, ranked
from jxjy.plans.selectors import work_calendar
from jxjy.plans.workdays import WorkCalendar, add_workdays, count_workdays, latest_start_overdue

from .models import Complaint, ComplaintStatement, Consultation, PolicyArticle
from .services import overdue_days


def _contains(term: str) -> Q:
    return (Q(title__icontains=term) | Q(body__icontains=term) | Q(doc_number__icontains=term)
            | Q(issuer__icontains=term))


def policies_search(q: str | None = None, category: str | None = None) -> QuerySet[PolicyArticle]:
    """The policy library; `q` is cut into words with jieba as the course catalog does
    (`jxjy.core.search`): every word must occur whole or as all of its parts;
    articles whose title holds the whole query come first, then those whose title holds every word."""
    qs = PolicyArticle.objects.all()
    if category:
        qs = qs.filter(category=category.upper())
    return ranked(qs, q, _contains, ["-issued_on", "-id"])


def excerpt(text: str, q: str | None = None, width: int = 120) -> str:
    """A short piece of the body, around the first query word found."""
    text = " ".join(text.split())
    start = 0
    if q:
        for word, _parts in query_words(q):
            pos = text.find(word)
            if pos >= 0:
                start = max(0, pos - width // 4)
                break
    piece = text[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def faq(q: str | None = None) -> QuerySet[Consultation]:
    """Answered consultations the authority marked public."""
    qs = Consultation.objects.filter(public=True, status__in=[Consultation.Status.ANSWERED,
                                                              Consultation.Status.CLOSED]).select_related("article")
    if q and q.strip():
        for word, parts in query_words(q):
            match = Q(title__icontains=word) | Q(question__icontains=word) | Q(answer__icontains=word)
            if parts:
                every = Q()
                for part in parts:
                    every &= Q(title__icontains=part) | Q(question__icontains=part) | Q(answer__icontains=part)
                match |= every
            qs = qs.filter(match)
    return qs.order_by("-answered_at", "-id")


def faq_entry(item: Consultation) -> dict[str, Any]:
    """What the public sees of an FAQ entry: no asker, free text masked."""
    return {"id": item.pk, "title": mask_text(item.title), "question": mask_text(item.question),
            "answer": mask_text(item.answer), "answered_at": item.answered_at,
            "article": item.article_id, "article_title": item.article.title if item.article else ""}


def days_open(item: Complaint) -> int:
    """Calendar days since filing (the deadline counts working days: `complaint_due`)."""
    end = item.resolved_at or clock.now()
    return max(0, (end - item.filed_at).days)


def complaint_due(item: Complaint, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    """When the authority must have resolved a complaint: `overdue_days()` working days after the
    day it was filed (that day not counted), by the province's holiday calendars. `note` says
    which years had no calendar and were counted Monday to Friday (the date may then move)."""
    calendar = calendar if calendar is not None else work_calendar()
    filed = timezone.localdate(item.filed_at)
    due = add_workdays(filed, overdue_days(), calendar)
    end = timezone.localdate(item.resolved_at) if item.resolved_at else clock.today()
    missing = calendar.missing_years(filed, max(due, end))
    note = ""
    if missing:
        note = _("No holiday calendar for %(years)s: working days counted Monday to Friday") % {
            "years": pgettext("list separator", "; ").join(str(y) for y in missing)}
    return {"due_on": due, "working_days": overdue_days(), "working_days_open": count_workdays(filed, end, calendar),
            "overdue": item.status != Complaint.Status.RESOLVED and clock.today() > due, "note": note}


def is_overdue(item: Complaint, calendar: WorkCalendar | None = None) -> bool:
    return bool(complaint_due(item, calendar)["overdue"])


def overdue_filter(calendar: WorkCalendar | None = None) -> Q:
    """The open complaints past their working-day deadline: filed on or before the latest day
    whose deadline has passed."""
    calendar = calendar if calendar is not None else work_calendar()
    latest = latest_start_overdue(clock.today(), overdue_days(), calendar)
    after = timezone.make_aware(dt.datetime.combine(latest + dt.timedelta(days=1), dt.time.min))
    return ~Q(status=Complaint.Status.RESOLVED) & Q(filed_at__lt=after)


def complaint_timeline(item: Complaint, statements: list[ComplaintStatement] | None = None) -> list[dict[str, Any]]:
    """The complaint's steps in time order, as everyone who sees it may read them: filed,
    accepted, each statement of the base (its text masked: a base may quote a learner's ID or
    phone), resolved. Investigation notes are not steps: they stay with the authority."""
    if statements is None:
        statements = list(item.statements.all())
    events: list[dict[str, Any]] = [{"kind": "filed", "at": item.filed_at, "text": ""}]
    if item.accepted_at:
        events.append({"kind": "accepted", "at": item.accepted_at, "text": ""})
    events += [{"kind": "statement", "at": s.at, "text": mask_text(s.text), "id": s.pk} for s in statements]
    if item.resolved_at:
        events.append({"kind": "resolved", "at": item.resolved_at, "text": ""})
    order = {"filed": 0, "accepted": 1, "statement": 2, "resolved": 3}
    return sorted(events, key=lambda e: (e["at"], order[e["kind"]]))
