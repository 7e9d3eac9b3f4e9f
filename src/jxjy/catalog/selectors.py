"""Reads on courses and applications: the catalog search, the review queues, and what still
stands between an application and its submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.accounts.models import User
from jxjy.core.search import query_words, ranked  # noqa: F401 - query_words is used by tests and other apps
from jxjy.org.models import Specialty, TrainingBase
from jxjy.plans.rules import YearRules
from jxjy.plans.selectors import current_plan

from . import integrations
from .models import Category, CheckStatus, Course, CourseApplication, Level

Role = User.Role
Status = CourseApplication.Status

# ---------------------------------------------------------------------------------------------
# Catalog search


def _contains(term: str) -> Q:
    return Q(title__icontains=term) | Q(description__icontains=term)


def courses_search(qs: QuerySet[Course], *, category: str | None = None, specialty: str | None = None,
                   level: str | None = None, q: str | None = None) -> QuerySet[Course]:
    """Filters a course queryset; `q` matches title and description word by word.

    Every word of the query must occur, either whole or as all of its parts, so 「软件工程」 finds
    「软件工程项目管理」 and also 「工程软件」, but not 「建筑工程」. Courses whose title holds the
    whole query come first, then those whose title holds every word. Plain `LIKE` lookups keep
    this the same on SQLite and PostgreSQL.
    """
    if category:
        qs = qs.filter(category=category.upper())
    if level:
        qs = qs.filter(level=level.upper())
    if specialty:
        qs = qs.filter(Q(specialty__code=specialty) | Q(specialty__pk=int(specialty)) if specialty.isdigit()
                       else Q(specialty__code=specialty))
    return ranked(qs, q, _contains, ["-published_at", "-id"])


# ---------------------------------------------------------------------------------------------
# Review queues


def applications_waiting_for(user: Any) -> QuerySet[CourseApplication]:
    """The applications at the user's step of the chain (its review queue)."""
    from .access import applications_visible

    qs = applications_visible(user)
    role = getattr(user, "role", "")
    if role == Role.PROVINCE_ADMIN:
        return qs.filter(status=Status.PROVINCE_REVIEW)
    if role == Role.CITY_ADMIN:
        return qs.filter(status=Status.CITY_REVIEW)
    if role == Role.BASE_ADMIN:
        return qs.filter(status__in=Status.editable())
    return qs.none()


def first_authority_status(application: CourseApplication) -> str:
    return Status.CITY_REVIEW if application.base.level == TrainingBase.Level.CITY else Status.PROVINCE_REVIEW


# ---------------------------------------------------------------------------------------------
# What stands between an application and its submission


@dataclass
class SubmissionCheck:
    """Reasons that refuse a submission (`errors`) and checks still running (`pending`)."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def add(self, code: str, reason: str, field: str = "", **extra: Any) -> None:
        self.errors.append({"code": code, "field": field, "reason": reason, **extra})

    @property
    def ok(self) -> bool:
        return not self.errors and not self.pending


def failing_rules(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The rule rows of a stored check report whose status is fail."""
    if not report:
        return []
    rows: list[Any] = []
    for key in ("rules", "checks", "rows", "results"):
        if isinstance(report.get(key), list):
            rows = report[key]
            break
    return [r for r in rows if isinstance(r, dict) and r.get("status") == "fail"]


def _rule_summary(rows: list[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        text = str(row.get("message") or row.get("rule") or "")
        if row.get("measured") not in (None, ""):
            text += _(" (measured %(m)s, required %(r)s)") % {"m": row.get("measured"), "r": row.get("required")}
        parts.append(text)
    return "; ".join(parts)


_COVERED_COURSE_RULES = {"course_hours", "lecture_count", "preview"}


def allowed_hours(category: str, rules: YearRules) -> list[int]:
    """The hours classes a course of this category may have in the year."""
    spec = rules.spec or {}
    if category == Category.PUBLIC:
        hours = {s.hours for s in rules.public_subjects}
        if spec.get("public_course_hours"):
            hours.add(int(spec["public_course_hours"]))
        return sorted(hours)
    return sorted(set(rules.professional_hours_classes) or {int(h) for h in spec.get("professional_hours_classes", [])})


def expected_lectures(category: str, hours: int, rules: YearRules) -> int:
    spec = rules.spec or {}
    if category == Category.PUBLIC and spec.get("public_course_lectures") and \
            hours == int(spec.get("public_course_hours") or hours):
        return int(spec["public_course_lectures"])
    per = float(spec.get("hours_per_lecture") or 1)
    return int(round(hours / per))


def patriotic_hours(lectures: list[Any], rules: YearRules) -> float:
    per = float((rules.spec or {}).get("hours_per_lecture") or 1)
    return sum(per for lecture in lectures if lecture.patriotic)


def _file_state(check: SubmissionCheck, *, has_file: bool, status: str, report: dict | None, field_name: str,
                missing_code: str, missing_reason: str, label: str) -> None:
    if not has_file:
        check.add(missing_code, missing_reason, field_name)
    elif status in CheckStatus.in_progress() or status == CheckStatus.NONE:
        check.pending.append({"field": field_name, "status": status or CheckStatus.PENDING})
    elif status == CheckStatus.FAIL:
        rows = failing_rules(report)
        check.add("spec_check_failed",
                  _("%(what)s does not meet the courseware spec: %(rules)s") % {
                      "what": label, "rules": _rule_summary(rows) or _("see the check report")},
                  field_name, rules=[r.get("rule") for r in rows])


def submission_check(application: CourseApplication, rules: YearRules | None = None) -> SubmissionCheck:
    """Every reason why the application may not be submitted now, all at once, and the spec
    checks still running. Reads the stored check reports; never opens a video."""
    rules = rules or current_plan().rules()
    course = application.course
    base = application.base
    check = SubmissionCheck()
    lectures = list(course.lectures.all())

    if base.status != TrainingBase.Status.ACTIVE:
        check.add("base_suspended", _("The training base is suspended and may not apply for courses"), "base")
    permission = (TrainingBase.Permission.ONLINE_PUBLIC if course.category == Category.PUBLIC
                  else TrainingBase.Permission.ONLINE_PROFESSIONAL)
    if not base.has_permission(permission):
        if course.category == Category.PUBLIC:
            reason = _("Only provincial bases chosen by the province may offer online public courses")
        else:
            reason = _("The base has no permission for online professional courses")
        check.add("permission_missing", reason, "category", permission=str(permission))

    if course.category == Category.PROFESSIONAL:
        if course.specialty_id is None:
            check.add("specialty_required", _("A professional course needs a specialty"), "specialty")
        elif not base.specialty_scope.filter(pk=course.specialty_id).exists():
            check.add("specialty_out_of_scope",
                      _("The specialty %(s)s is outside the base's accredited scope") % {"s": course.specialty.name},
                      "specialty", specialty=course.specialty.code)
        if course.level not in Level.values:
            check.add("level_required", _("A professional course needs a level (junior, intermediate or senior)"),
                      "level")

    allowed = allowed_hours(course.category, rules)
    if course.hours not in allowed:
        check.add("hours_class_invalid",
                  _("%(h)s hours is not an hours class of the year (allowed: %(a)s)") % {
                      "h": course.hours, "a": "/".join(str(h) for h in allowed)},
                  "hours", allowed=allowed)
    expected = expected_lectures(course.category, course.hours, rules)
    if len(lectures) != expected:
        check.add("lecture_count_mismatch",
                  _("A course of %(h)s hours has %(e)s lectures; this one has %(n)s") % {
                      "h": course.hours, "e": expected, "n": len(lectures)},
                  "lectures", expected=expected, actual=len(lectures))
    if course.category == Category.PUBLIC and rules.patriotic_min_hours:
        have = patriotic_hours(lectures, rules)
        if have < rules.patriotic_min_hours:
            check.add("patriotic_hours_short",
                      _("A public course needs at least %(m)s hours of patriotic content; it has %(h)s") % {
                          "m": rules.patriotic_min_hours, "h": f"{have:g}"},
                      "lectures", required=rules.patriotic_min_hours, actual=have)

    for lecture in lectures:
        _file_state(check, has_file=bool(lecture.video), status=lecture.check_status, report=lecture.check_report,
                    field_name=f"lectures.{lecture.number}.video", missing_code="video_missing",
                    missing_reason=_("Lecture %(n)s has no video") % {"n": lecture.number},
                    label=_("The video of lecture %(n)s") % {"n": lecture.number})
    _file_state(check, has_file=bool(course.preview_video), status=course.preview_check_status,
                report=course.preview_check_report, field_name="preview", missing_code="preview_missing",
                missing_reason=_("The course has no preview video"), label=_("The preview video"))

    if not check.pending and lectures and all(lec.check_report for lec in lectures):
        reports: list[dict[str, Any]] = [lec.check_report for lec in lectures if lec.check_report]
        if course.preview_check_report:
            reports.append(course.preview_check_report)
        course_report = integrations.check_course(reports, rules.spec, category=course.category, hours=course.hours)
        if course_report and course_report.get("verdict") == "fail":
            # Hours class, lecture count and the preview are reported above in the platform's words.
            rows = [r for r in failing_rules(course_report) if r.get("rule") not in _COVERED_COURSE_RULES]
            if rows:
                check.add("course_spec_failed",
                          _("The course as a whole does not meet the courseware spec: %(rules)s") % {
                              "rules": _rule_summary(rows)},
                          "lectures", rules=[r.get("rule") for r in rows])

    if not application.teachers.exists():
        check.add("teachers_missing", _("List at least one teacher (name, title, post)"), "teachers")
    if not application.aspects.strip() or not application.outcomes.strip():
        check.add("course_system_incomplete",
                  _("Describe the course system: the aspects covered and what learners master"), "aspects")
    if not application.pledge_accepted:
        check.add("pledge_missing", _("Accept the compliance pledge"), "pledge_accepted")
    if not application.contact_name.strip() or not application.contact_phone.strip():
        check.add("contact_missing", _("Give a contact person and telephone"), "contact_phone")

    bank = integrations.bank_status(course=course, exam_rules=rules.exam)
    if bank is not None and not bank.get("ok", False):
        missing = bank.get("missing") or {}
        check.add("question_bank_short",
                  _("The question bank is short of the year's minimum (missing: %(m)s)") % {
                      "m": ", ".join(f"{_QUESTION_KINDS.get(k, k)} {v}" for k, v in missing.items() if v) or "-"},
                  "question_bank", missing=missing, counts=bank.get("counts"), required=bank.get("required"))
    return check


_QUESTION_KINDS = {"single": gettext_lazy("single-choice"), "multiple": gettext_lazy("multiple-choice"),
                   "true_false": gettext_lazy("true/false")}


def specialty_by_code(code: str) -> Specialty | None:
    return Specialty.objects.filter(code=code).first()
