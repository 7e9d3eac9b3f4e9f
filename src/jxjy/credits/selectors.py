"""Reads on the hours ledger: a learner's yearly status and entries, and the status of many
learners at once for reports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import FilteredRelation, Q, QuerySet, Sum

from jxjy.accounts.models import Learner
from jxjy.learning.selectors import rules_for_year
from jxjy.plans.rules import YearRules

from . import ledger
from .models import CreditEntry, EquivalentHoursClaim


def required_of(rules: YearRules) -> ledger.Required:
    return ledger.Required(total=Decimal(rules.hours_total), public=Decimal(rules.hours_public),
                           professional=Decimal(rules.hours_professional))


def year_status(learner: Learner, year: int, rules: YearRules | None = None) -> ledger.YearStatus:
    """The learner's status for a year, in one query over the ledger."""
    rules = rules or rules_for_year(year)
    pairs = (CreditEntry.objects.filter(learner=learner, year=year).values("category")
             .annotate(hours=Sum("hours")).values_list("category", "hours"))
    return ledger.year_status(year=year, entries=pairs, required=required_of(rules), confirmed=learner.is_confirmed)


def entries_of(learner: Learner, year: int) -> list[CreditEntry]:
    return list(CreditEntry.objects.filter(learner=learner, year=year).order_by("created_at", "id"))


def entry_titles(entries: list[CreditEntry]) -> dict[int, str]:
    """A readable title per entry: the course or session behind it, in two queries."""
    from jxjy.learning.models import Enrolment, InPersonSession

    def ids(prefix: str) -> set[int]:
        out = set()
        for e in entries:
            kind, _sep, value = e.reference.partition(":")
            if kind == prefix and value.isdigit():
                out.add(int(value))
        return out

    by_kind = {
        "enrolment": dict(Enrolment.objects.filter(pk__in=ids("enrolment")).values_list("pk", "course__title")),
        "session": dict(InPersonSession.objects.filter(pk__in=ids("session")).values_list("pk", "subject")),
        "claim": dict(EquivalentHoursClaim.objects.filter(pk__in=ids("claim")).values_list("pk", "title")),
    }
    titles = {}
    for e in entries:
        kind, _sep, value = e.reference.partition(":")
        title = by_kind.get(kind, {}).get(int(value), "") if value.isdigit() else ""
        titles[e.pk] = title or e.note or e.reference
    return titles


@dataclass(frozen=True)
class ClaimUsage:
    """Hours a learner's claims of a year take from the caps: per type and in all."""

    by_type: dict[str, Decimal]
    overall: Decimal

    def of_type(self, code: str) -> Decimal:
        return self.by_type.get(code, ledger.ZERO)


def claim_usage(learner: Learner, year: int, *, include_pending: bool,
                exclude_id: int | None = None) -> ClaimUsage:
    """Approved hours of the learner's claims of the year, plus the hours of pending ones when
    `include_pending` (see `claims.py` for when each applies)."""
    qs = EquivalentHoursClaim.objects.filter(learner=learner, year=year)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    approved = (qs.filter(status=EquivalentHoursClaim.Status.APPROVED).values("claim_type")
                .annotate(h=Sum("hours_approved")).values_list("claim_type", "h"))
    by_type: dict[str, Decimal] = {}
    for code, hours in approved:
        by_type[code] = by_type.get(code, ledger.ZERO) + (hours or ledger.ZERO)
    if include_pending:
        pending = (qs.filter(status=EquivalentHoursClaim.Status.PENDING).values("claim_type")
                   .annotate(h=Sum("hours_claimed")).values_list("claim_type", "h"))
        for code, hours in pending:
            by_type[code] = by_type.get(code, ledger.ZERO) + (hours or ledger.ZERO)
    return ClaimUsage(by_type=by_type, overall=sum(by_type.values(), ledger.ZERO))


def claims_of(learner: Learner, year: int | None = None) -> QuerySet[EquivalentHoursClaim]:
    qs = EquivalentHoursClaim.objects.filter(learner=learner).select_related("reviewed_by")
    return qs.filter(year=year) if year else qs


def reviewer_name(claim: EquivalentHoursClaim) -> str | None:
    """Who reviewed, as the employer's reviewer account names itself."""
    user = claim.reviewed_by if claim.reviewed_by_id else None
    return (user.display_name or user.username) if user is not None else None


def hours_number(value: Decimal) -> int | float:
    """Hours as a JSON number: 24 rather than "24.0"."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True, slots=True)
class ReportRow:
    learner_id: int
    confirmed: bool
    public: Decimal
    professional: Decimal
    completed: bool


def year_status_report(learners: QuerySet[Learner], year: int, rules: YearRules | None = None,
                       chunk_size: int = 20000) -> Iterator[ReportRow]:
    """The yearly status of every learner of `learners` (e.g. a city's), streamed.

    One query: the learners LEFT JOIN their entries of the year, summed per category with a
    GROUP BY in the database, so a learner without entries comes out with zeros; completion is
    the ledger core's rule applied to each row. Counted figures are 0 for unconfirmed learners.
    """
    required = required_of(rules or rules_for_year(year))
    zero = ledger.ZERO
    completed = ledger.completed_from_totals
    confirmed_value = Learner.Affiliation.CONFIRMED
    rows = (learners.order_by().annotate(year_entries=FilteredRelation(
                "credit_entries", condition=Q(credit_entries__year=year)))
            .values("pk", "affiliation")
            .annotate(public=Sum("year_entries__hours", filter=Q(year_entries__category=ledger.PUBLIC),
                                 default=zero),
                      professional=Sum("year_entries__hours", filter=Q(year_entries__category=ledger.PROFESSIONAL),
                                       default=zero))
            .values_list("pk", "affiliation", "public", "professional"))
    for learner_id, affiliation, public, professional in rows.iterator(chunk_size=chunk_size):
        confirmed = affiliation == confirmed_value
        yield ReportRow(learner_id, confirmed, public if confirmed else zero, professional if confirmed else zero,
                        completed(public, professional, confirmed, required))
