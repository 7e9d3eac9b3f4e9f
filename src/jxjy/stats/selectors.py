"""Reads for the statistics pages and API. Every figure is an aggregate computed by the database
(values/annotate with GROUP BY); Python only labels the few grouped rows, except the completion
report, which streams one row per learner from the ledger's own report query and counts them.

Scope: `city` None is the whole province; a city narrows learners (and so their hours, orders
and payments) to those whose employer is in that city, and courses to those of bases there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner
from jxjy.billing.models import Order, Payment, Refund
from jxjy.catalog.models import Category, Course
from jxjy.credits.ledger import ZERO
from jxjy.credits.models import CreditEntry
from jxjy.credits.selectors import hours_number, required_of, year_status_report
from jxjy.learning.selectors import rules_for_year
from jxjy.org.models import Division, TrainingBase

MONTHS = range(1, 13)
MONEY_ZERO = Decimal("0.00")


def _learner_q(city: Division | None, prefix: str = "") -> Q:
    """Learners whose employer is in `city` (a county of it, or the city itself)."""
    if city is None:
        return Q()
    return Q(**{f"{prefix}employer__county__parent_id": city.pk}) | Q(**{f"{prefix}employer__county_id": city.pk})


def scope_out(city: Division | None) -> dict[str, Any] | None:
    return {"code": city.code, "name": city.name} if city else None


# ---------------------------------------------------------------------------------------------
# Completion of the yearly duty

COMPLETE, PUBLIC_SHORT, PROFESSIONAL_SHORT, NOTHING_YET = "complete", "public_short", "professional_short", "nothing"


def completion_labels() -> dict[str, str]:
    return {COMPLETE: _("Complete"), PUBLIC_SHORT: _("Public hours short"),
            PROFESSIONAL_SHORT: _("Professional hours short"), NOTHING_YET: _("No hours yet")}


@dataclass
class Completion:
    year: int
    city: Division | None
    required: Any
    counts: dict[str, int]
    unconfirmed: int

    @property
    def learners(self) -> int:
        return sum(self.counts.values())


def completion(year: int, city: Division | None = None) -> Completion:
    """Learners by status for the year, in the one streamed query of `year_status_report`.

    Buckets, each learner in exactly one: complete (every minimum met); no hours yet (nothing
    counted: no entries, or not yet confirmed by the employer); public hours short (the public
    minimum not met); professional hours short (public met, the professional or total minimum
    not). Unconfirmed learners are also counted apart."""
    rules = rules_for_year(year)
    required = required_of(rules)
    learners = Learner.objects.filter(_learner_q(city))
    counts = dict.fromkeys((COMPLETE, PUBLIC_SHORT, PROFESSIONAL_SHORT, NOTHING_YET), 0)
    unconfirmed = 0
    for row in year_status_report(learners, year, rules):
        if not row.confirmed:
            unconfirmed += 1
        if row.completed:
            counts[COMPLETE] += 1
        elif row.public <= ZERO and row.professional <= ZERO:
            counts[NOTHING_YET] += 1
        elif row.public < required.public:
            counts[PUBLIC_SHORT] += 1
        else:
            counts[PROFESSIONAL_SHORT] += 1
    return Completion(year=year, city=city, required=required, counts=counts, unconfirmed=unconfirmed)


def completion_out(c: Completion) -> dict[str, Any]:
    labels = completion_labels()
    return {
        "year": c.year, "city": scope_out(c.city),
        "required": {"total": hours_number(c.required.total), "public": hours_number(c.required.public),
                     "professional": hours_number(c.required.professional)},
        "learners": c.learners, "unconfirmed": c.unconfirmed,
        "statuses": [{"status": key, "label": labels[key], "learners": n} for key, n in c.counts.items()],
    }


# ---------------------------------------------------------------------------------------------
# Hours recorded by category and source


def hours(year: int, city: Division | None = None) -> dict[str, Any]:
    """Hours recorded in the ledger for the year (reversals included, so the sums are net), by
    category and source: one GROUP BY query. Unconfirmed learners' recorded hours are included."""
    rows = (CreditEntry.objects.filter(year=year).filter(_learner_q(city, "learner__")).order_by()
            .values("category", "source").annotate(hours=Sum("hours"), entries=Count("id")))
    found = {(r["category"], r["source"]): r for r in rows}
    categories = dict(Category.choices)
    sources = dict(CreditEntry.Source.choices)
    items = []
    for cat in categories:
        for src in sources:
            r = found.get((cat, src))
            items.append({"category": cat, "category_label": str(categories[cat]), "source": src,
                          "source_label": str(sources[src]), "hours": hours_number(r["hours"] if r else ZERO),
                          "entries": r["entries"] if r else 0})
    total = sum((r["hours"] for r in found.values()), ZERO)
    by_category = {cat: hours_number(sum((r["hours"] for k, r in found.items() if k[0] == cat), ZERO))
                   for cat in categories}
    return {"year": year, "city": scope_out(city), "items": items, "by_category": by_category,
            "total": hours_number(total)}


# ---------------------------------------------------------------------------------------------
# Orders and money


def _by_month(qs: QuerySet, field: str, **aggregates: Any) -> dict[int, dict[str, Any]]:
    rows = qs.order_by().annotate(month=ExtractMonth(field)).values("month").annotate(**aggregates)
    return {r["month"]: r for r in rows}


def revenue(year: int, city: Division | None = None) -> dict[str, Any]:
    """Orders placed, payments received and refunds made in the calendar year (platform time
    zone), by month; and the ten bases that received the most. Four GROUP BY queries."""
    orders = Order.objects.filter(created_at__year=year).filter(_learner_q(city, "learner__"))
    payments = Payment.objects.filter(paid_at__year=year).filter(_learner_q(city, "order__learner__"))
    refunds = Refund.objects.filter(refunded_at__year=year).filter(_learner_q(city, "order__learner__"))
    placed = _by_month(orders, "created_at", orders=Count("id"),
                       enrolments=Count("id", filter=Q(kind=Order.Kind.ENROLMENT)))
    paid = _by_month(payments, "paid_at", paid_orders=Count("id"), paid=Sum("amount"))
    refunded = _by_month(refunds, "refunded_at", refunded=Sum("amount"))
    months = []
    for m in MONTHS:
        months.append({
            "month": m,
            "orders": placed.get(m, {}).get("orders", 0),
            "enrolments": placed.get(m, {}).get("enrolments", 0),
            "paid_orders": paid.get(m, {}).get("paid_orders", 0),
            "paid": paid.get(m, {}).get("paid") or MONEY_ZERO,
            "refunded": refunded.get(m, {}).get("refunded") or MONEY_ZERO,
        })
    bases = (payments.order_by().values("order__base_id", "order__base__name", "order__base__level")
             .annotate(paid=Sum("amount"), paid_orders=Count("id")).order_by("-paid", "order__base__name")[:10])
    levels = dict(TrainingBase.Level.choices)
    top = [{"base_id": b["order__base_id"], "name": b["order__base__name"], "level": b["order__base__level"],
            "level_label": str(levels.get(b["order__base__level"], "")), "paid": b["paid"],
            "paid_orders": b["paid_orders"]} for b in bases]
    totals = {
        "orders": sum(m["orders"] for m in months), "enrolments": sum(m["enrolments"] for m in months),
        "paid_orders": sum(m["paid_orders"] for m in months),
        "paid": sum((m["paid"] for m in months), MONEY_ZERO),
        "refunded": sum((m["refunded"] for m in months), MONEY_ZERO),
    }
    totals["net"] = totals["paid"] - totals["refunded"]
    return {"year": year, "city": scope_out(city), "months": months, "top_bases": top, "totals": totals}


# ---------------------------------------------------------------------------------------------
# The course catalogue


def courses(city: Division | None = None) -> dict[str, Any]:
    """Published courses by category and the level of the base offering them: one GROUP BY."""
    qs = Course.objects.filter(status=Course.Status.PUBLISHED)
    if city is not None:
        qs = qs.filter(base__city_id=city.pk)
    rows = qs.order_by().values("category", "base__level").annotate(courses=Count("id"), hours=Sum("hours"))
    found = {(r["category"], r["base__level"]): r for r in rows}
    categories = dict(Category.choices)
    levels = dict(TrainingBase.Level.choices)
    items = [{"category": cat, "category_label": str(categories[cat]), "base_level": lvl,
              "base_level_label": str(levels[lvl]),
              "courses": found[(cat, lvl)]["courses"] if (cat, lvl) in found else 0,
              "hours": found[(cat, lvl)]["hours"] if (cat, lvl) in found else 0}
             for cat in categories for lvl in levels]
    return {"city": scope_out(city), "items": items, "total": sum(i["courses"] for i in items)}


# ---------------------------------------------------------------------------------------------
# Learners' evaluations of the bases' courses


def evaluations(year: int, city: Division | None = None) -> dict[str, Any]:
    """Each base's course evaluations of the year's enrolments: count and averages (1–5) of the
    overall mark and the three aspects, best overall first; `city` narrows to its bases, as
    the course statistics do. One GROUP BY (evaluations.selectors.per_base)."""
    from jxjy.evaluations.selectors import per_base
    from jxjy.evaluations.views import aspect_labels

    levels = dict(TrainingBase.Level.choices)
    bases = [{"base_id": b["base_id"], "name": b["name"], "level": b["level"],
              "level_label": str(levels.get(b["level"], "")), "evaluations": b["count"], "courses": b["courses"],
              "averages": {k: float(v) if v is not None else None for k, v in b["averages"].items()}}
             for b in per_base(year, city)]
    return {"year": year, "city": scope_out(city), "labels": dict(aspect_labels()), "bases": bases,
            "total": sum(b["evaluations"] for b in bases)}
