"""Dashboard panel: a learner's exams, or a base's question banks."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.core.errors import NotFound
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

from .access import bank_courses
from .selectors import bank_report, exam_standing


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    role = getattr(user, "role", "")
    if role == User.Role.LEARNER:
        learner = Learner.objects.filter(user=user).first()
        if learner is None:
            return []
        enrolments = (Enrolment.objects.filter(learner=learner, status__in=(Enrolment.Status.ACTIVE,
                                                                            Enrolment.Status.COMPLETED))
                      .select_related("course").order_by("-year", "-id"))
        rows = []
        seen = set()
        for e in enrolments:
            if e.course_id in seen:
                continue
            seen.add(e.course_id)
            rows.append({"course": e.course, "enrolment": e, "standing": exam_standing(learner, e.course)})
        html = render_to_string("exams/panel.html", {"exam_rows": rows, "bank_rows": None}, request=request)
        return [{"title": _("Exams"), "html": html}]
    if role == User.Role.BASE_ADMIN:
        try:
            exam_rules = current_rules().exam
        except NotFound:
            return []
        rows = [{"course": c, "report": bank_report(course=c, exam_rules=exam_rules)}
                for c in bank_courses(user).order_by("title")]
        html = render_to_string("exams/panel.html", {"exam_rows": None, "bank_rows": rows}, request=request)
        return [{"title": _("Question banks"), "html": html}]
    return []
