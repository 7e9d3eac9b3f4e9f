"""Dashboard panels of the accounts app: who you are and what waits for you."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .access import learners_visible
from .models import Learner, User


def panels(request: HttpRequest) -> list[dict]:
    user: User = request.user  # type: ignore[assignment]
    context: dict = {"user": user}
    if user.role == User.Role.LEARNER:
        context["learner"] = Learner.objects.filter(user=user).select_related("employer", "specialty").first()
    if user.role == User.Role.EMPLOYER_REVIEWER:
        context["pending"] = learners_visible(user).filter(affiliation=Learner.Affiliation.PENDING)
    return [{"title": _("Account"), "html": render_to_string("accounts/panel_me.html", context, request=request)}]
