"""The catalog's seams to the courseware spec check and the question banks.

Both are built by other apps; everything the catalog needs from them passes through here, so
tests can put a fake in their place (monkeypatch these functions) and the catalog keeps
working, with the check or bank rule left out, while one of them is not installed.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ProgressFn = Callable[[float], None]


def _spec():  # type: ignore[no-untyped-def]
    try:
        from jxjy.courseware import spec
    except ImportError:
        return None
    return spec


def check_available() -> bool:
    return _spec() is not None


def _as_dict(report: Any) -> dict[str, Any]:
    if isinstance(report, dict):
        return report
    return dict(report.to_dict())


def check_file(path: str | Path, rules: dict, *, role: str, deep: bool = False,
               progress: ProgressFn | None = None) -> dict[str, Any] | None:
    """The spec check of one file as a JSON-ready report (`verdict`, `duration`, `width`,
    `height`, rule rows), or None when the courseware check is not installed."""
    spec = _spec()
    if spec is None:
        return None
    kwargs: dict[str, Any] = {"role": role, "deep": deep}
    # The core may or may not report progress; pass the callback only where it is accepted.
    if progress is not None and "progress" in inspect.signature(spec.check_file).parameters:
        kwargs["progress"] = progress
    report = spec.check_file(str(path), rules, **kwargs)
    data = _as_dict(report)
    # `aspect` is kept too: the course rules compare the lectures' aspect ratios.
    for name in ("verdict", "duration", "width", "height", "aspect"):
        if name not in data and hasattr(report, name):
            data[name] = getattr(report, name)
    return data


def _file_report(spec: Any, data: dict[str, Any]) -> Any:
    rows = [spec.Row(rule=str(r.get("rule", "")), status=str(r.get("status", "")), measured=str(r.get("measured", "")),
                     required=str(r.get("required", "")), message=str(r.get("message", "")),
                     **({"judged": bool(r["judged"])} if "judged" in r else {}))
            for r in data.get("rows") or []]
    return spec.FileReport(file=str(data.get("file", "")), role=str(data.get("role", "lecture")), rows=rows,
                           duration=data.get("duration"), width=data.get("width"), height=data.get("height"),
                           aspect=data.get("aspect"), readable=bool(data.get("readable", True)))


def check_course(reports: list[dict[str, Any]], rules: dict, *, category: str,
                 hours: int) -> dict[str, Any] | None:
    """The course-level rules (one resolution and aspect for all lectures, lecture count,
    preview) over stored file reports: `{"verdict", "rows"}` of the course rows only, or None
    when unavailable."""
    spec = _spec()
    if spec is None or not hasattr(spec, "check_course"):
        return None
    try:
        result = spec.check_course([_file_report(spec, r) for r in reports], rules, category=category, hours=hours)
        rows = [row.to_dict() for row in result.course_rows]
    except (TypeError, AttributeError, KeyError, ValueError):
        # Stored reports from an older core that the present one cannot read: the file rules
        # still decide; the course rules are left to the province's own look.
        logger.warning("course-level check could not read stored reports", exc_info=True)
        return None
    verdict = "fail" if any(r["status"] == "fail" for r in rows) else (
        "warn" if any(r["status"] == "warn" for r in rows) else "pass")
    return {"verdict": verdict, "rows": rows}


def bank_status(*, course: Any, exam_rules: Any) -> dict[str, Any] | None:
    """The course's question bank against the year's minimum, or None before banks exist."""
    try:
        from jxjy.exams.selectors import bank_report
    except ImportError:
        return None
    return dict(bank_report(course=course, exam_rules=exam_rules))


def make_video(path: str | Path, *, seconds: float, **kwargs: Any) -> Path | None:
    """A small generated video (demo data), or None when the generator is not installed."""
    try:
        from jxjy.courseware.testvideos import make_video as _make
    except ImportError:
        return None
    return Path(_make(path, seconds=seconds, **kwargs))


def enrolment_offer(*, user: Any, course: Any) -> dict[str, Any] | None:
    """What the course page offers a signed-in learner for the current study year: the price
    (billing's quote at the learner's county rate) and where to post to enrol, or, once
    enrolled, where to go on (study, or pay a pending order). None for anyone else, for a course
    not published, or while billing or studying is not installed."""
    from jxjy.accounts.models import User
    from jxjy.core.errors import DomainError

    if not getattr(user, "is_authenticated", False) or user.role != User.Role.LEARNER or not course.is_published:
        return None
    try:
        from django.urls import reverse

        from jxjy.billing.models import Order
        from jxjy.billing.selectors import quote_for
        from jxjy.learning.models import Enrolment
        from jxjy.plans.selectors import current_year

        year = current_year()
        enrolment = (Enrolment.objects.filter(learner__user=user, course=course, year=year)
                     .exclude(status=Enrolment.Status.CANCELLED).first())
        if enrolment is not None:
            offer: dict[str, Any] = {"year": year, "enrolment": enrolment}
            if enrolment.can_study:
                offer["study_url"] = reverse("learning:enrolment", args=[enrolment.pk])
            else:
                order = Order.objects.filter(kind=Order.Kind.ENROLMENT, reference_id=enrolment.pk,
                                             status=Order.Status.PENDING).first()
                if order is not None:
                    offer["pay_url"] = reverse("billing:pay", args=[order.pk])
            return offer
        quote = quote_for(user=user, year=year, mode="online", hours=course.hours)
        return {"year": year, "quote": quote, "enrol_url": reverse("billing:enrol", args=[course.pk])}
    except (ImportError, DomainError):
        # Without a plan or a learner record there is nothing to offer; the page still shows.
        return None
