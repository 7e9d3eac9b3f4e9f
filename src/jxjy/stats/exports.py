"""The statistics tables as Excel workbooks (one link per table on the page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.billing.excel import workbook
from jxjy.core.errors import NotFound
from jxjy.org.models import Division

from . import selectors

Sheet = tuple[str, Sequence[str], list[Sequence[Any]]]


def _completion(year: int, city: Division | None) -> list[Sheet]:
    data = selectors.completion_out(selectors.completion(year, city))
    rows: list[Sequence[Any]] = [(s["label"], s["learners"]) for s in data["statuses"]]
    rows.append((_("All learners"), data["learners"]))
    rows.append((_("Not yet confirmed by the employer"), data["unconfirmed"]))
    return [(_("Completion"), (_("Status"), _("Number of learners")), rows)]


def _hours(year: int, city: Division | None) -> list[Sheet]:
    data = selectors.hours(year, city)
    rows: list[Sequence[Any]] = [(i["category_label"], i["source_label"], i["hours"], i["entries"])
                                 for i in data["items"]]
    rows.append((pgettext("stats table", "Total"), "", data["total"], sum(i["entries"] for i in data["items"])))
    return [(_("Hours"), (_("Category"), _("Source"), _("Hours"), _("Entries")), rows)]


def _revenue(year: int, city: Division | None) -> list[Sheet]:
    data = selectors.revenue(year, city)
    months: list[Sequence[Any]] = [(m["month"], m["orders"], m["enrolments"], m["paid_orders"], m["paid"],
                                    m["refunded"]) for m in data["months"]]
    t = data["totals"]
    months.append((pgettext("stats table", "Total"), t["orders"], t["enrolments"], t["paid_orders"], t["paid"], t["refunded"]))
    bases: list[Sequence[Any]] = [(b["name"], b["level_label"], b["paid_orders"], b["paid"])
                                  for b in data["top_bases"]]
    return [(_("By month"), (_("Month"), _("Orders placed"), _("Course enrolments"), _("Paid orders"),
                             _("Paid (yuan)"), _("Refunded (yuan)")), months),
            (_("Top bases"), (_("Training base"), _("Base level"), _("Paid orders"), _("Paid (yuan)")), bases)]


def _courses(year: int, city: Division | None) -> list[Sheet]:
    data = selectors.courses(city)
    rows: list[Sequence[Any]] = [(i["category_label"], i["base_level_label"], i["courses"], i["hours"])
                                 for i in data["items"]]
    rows.append((pgettext("stats table", "Total"), "", data["total"], sum(i["hours"] for i in data["items"])))
    return [(_("Courses"), (_("Category"), _("Base level"), _("Published courses"), _("Credit hours")), rows)]


TABLES: dict[str, Callable[[int, Division | None], list[Sheet]]] = {
    "completion": _completion, "hours": _hours, "revenue": _revenue, "courses": _courses}


def export(table: str, year: int, city: Division | None) -> bytes:
    make = TABLES.get(table)
    if make is None:
        raise NotFound(_("No such table"), code="stats_table_not_found")
    return workbook(make(year, city))
