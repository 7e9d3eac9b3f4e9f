"""Dashboard panels of studying: a learner's year at a glance, a base's sessions."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User


def panels(request: HttpRequest) -> list[dict]:
    from jxjy.credits.selectors import year_status
    from jxjy.plans.selectors import current_year

    user = request.user
    role = getattr(user, "role", "")
    if role == User.Role.LEARNER:
        learner = Learner.objects.filter(user=user).first()
        if learner is None:
            return []
        status = year_status(learner, current_year())
        html = render_to_string("learning/panel_learner.html", {"status": status}, request=request)
        return [{"title": _("My study"), "html": html}]
    if role == User.Role.BASE_ADMIN and getattr(user, "base_id", None):
        from .models import InPersonSession

        count = InPersonSession.objects.filter(base_id=user.base_id, status=InPersonSession.Status.SCHEDULED).count()
        html = render_to_string("learning/panel_base.html", {"scheduled": count}, request=request)
        return [{"title": _("In-person sessions"), "html": html}]
    return []
