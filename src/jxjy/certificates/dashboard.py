"""Dashboard panel of certificates: a learner's certificates and years ready to issue; the number
of valid certificates in a reviewer's or bureau's scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.plans.selectors import current_year

from . import access, selectors
from .models import Certificate


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    role = getattr(user, "role", "")
    if role == User.Role.LEARNER:
        learner = Learner.objects.filter(user=user).first()
        if learner is None:
            return []
        rows = selectors.learner_years(learner, current_year())
        context = {"learner_view": True, "issued": sum(r.state == selectors.ISSUED for r in rows),
                   "available": [r.year for r in rows if r.state == selectors.AVAILABLE]}
        title = _("My certificates")
    elif role in access.LOOKUP_ROLES:
        context = {"valid": access.certificates_visible(user).filter(status=Certificate.Status.VALID).count()}
        title = _("Certificates")
    else:
        return []
    return [{"title": title, "html": render_to_string("certificates/panel.html", context, request=request)}]
