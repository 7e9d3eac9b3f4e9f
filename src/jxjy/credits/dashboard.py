"""Dashboard panels of equivalent-hours claims: a learner's way in, the reviewers' queue."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User

from .access import REVIEW_QUEUE_ROLES, claims_visible
from .models import EquivalentHoursClaim


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    role = getattr(user, "role", "")
    pending = claims_visible(user).filter(status=EquivalentHoursClaim.Status.PENDING).count()
    if role == User.Role.LEARNER:
        learner = Learner.objects.filter(user=user).first()
        if learner is None:
            return []
        html = render_to_string("credits/panel.html", {"learner": learner, "pending": pending}, request=request)
        return [{"title": _("Equivalent-hours claims"), "html": html}]
    if role in REVIEW_QUEUE_ROLES:
        corrections = role in (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN)
        html = render_to_string("credits/panel.html", {"pending": pending, "corrections": corrections},
                                request=request)
        return [{"title": _("Equivalent-hours claims to review"), "html": html}]
    return []
