"""Dashboard panels: the catalog for everyone, applications for bases, queues for reviewers."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import User

from .access import applications_visible
from .models import Course, CourseApplication
from .selectors import applications_waiting_for

Role = User.Role


def panels(request: HttpRequest) -> list[dict]:
    user: User = request.user  # type: ignore[assignment]
    result = [{"title": _("Course catalog"), "html": render_to_string("catalog/panel_catalog.html", {
        "published": Course.objects.filter(status=Course.Status.PUBLISHED).count()}, request=request)}]
    if user.role in (Role.BASE_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
        counts = dict(applications_visible(user).order_by().values_list("status").annotate(n=Count("id")))
        rows = [(label, counts.get(value, 0)) for value, label in CourseApplication.Status.choices
                if counts.get(value)]
        result.append({"title": _("Course applications"), "html": render_to_string(
            "catalog/panel_applications.html", {
                "waiting": applications_waiting_for(user).count(), "rows": rows,
                "is_base": user.role == Role.BASE_ADMIN}, request=request)})
    return result
