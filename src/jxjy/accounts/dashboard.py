"""Dashboard panels of the accounts app: who you are and what waits for you."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .access import learners_visible
from .models import Learner, PrivacyConsent, User
from .privacy import consent_needed


def panels(request: HttpRequest) -> list[dict]:
    user: User = request.user  # type: ignore[assignment]
    context: dict = {"user": user}
    if user.role == User.Role.LEARNER:
        context["learner"] = Learner.objects.filter(user=user).select_related("employer", "specialty").first()
    if user.role == User.Role.EMPLOYER_REVIEWER:
        context["pending"] = learners_visible(user).filter(affiliation=Learner.Affiliation.PENDING)
    panels = [{"title": _("Account"), "html": render_to_string("accounts/panel_me.html", context, request=request)}]
    policy = consent_needed(user)
    if policy is not None:
        # Asked here, not by blocking pages: the learner agrees once and the question goes away.
        # (Accounts registered before the policy was introduced are asked too, as for a new version.)
        earlier = PrivacyConsent.objects.filter(user=user).exists()
        panels.insert(0, {"title": _("Privacy policy updated") if earlier else _("Privacy policy"),
                          "html": render_to_string("accounts/panel_privacy.html",
                                                   {"policy": policy, "earlier": earlier}, request=request)})
    return panels
