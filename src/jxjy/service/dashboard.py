"""Dashboard panels of the public service: a learner's way in; the authorities' open items."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import User

from . import access, selectors
from .models import Complaint, Consultation


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    role = getattr(user, "role", "")
    if access.is_authority(user):
        complaints = access.complaint_queue(user)
        html = render_to_string("service/panel.html", {
            "authority": True,
            "open_consultations": access.consultation_queue(user).filter(status=Consultation.Status.OPEN).count(),
            "submitted": complaints.filter(status=Complaint.Status.SUBMITTED).count(),
            "investigating": complaints.filter(status=Complaint.Status.ACCEPTED).count(),
            "overdue": complaints.filter(selectors.overdue_filter()).count()}, request=request)
        return [{"title": _("Consultations and complaints"), "html": html}]
    if role == User.Role.BASE_ADMIN:
        ours = access.complaint_queue(user)
        investigating = ours.filter(status=Complaint.Status.ACCEPTED)
        html = render_to_string("service/panel.html", {
            "base": True, "resolved": ours.filter(status=Complaint.Status.RESOLVED).count(),
            "investigating": investigating.count(),
            "awaiting": investigating.filter(statements__isnull=True).count()}, request=request)
        return [{"title": _("Complaints against our base"), "html": html}]
    mine = access.consultations_visible(user).filter(asker=user)
    html = render_to_string("service/panel.html", {
        "learner": role == User.Role.LEARNER,
        "answered": mine.filter(status=Consultation.Status.ANSWERED).count(),
        "waiting": mine.filter(status=Consultation.Status.OPEN).count(),
        "complaints_open": (access.complaints_visible(user).exclude(status=Complaint.Status.RESOLVED).count()
                            if role == User.Role.LEARNER else 0)}, request=request)
    return [{"title": _("Policy consultation"), "html": html}]
