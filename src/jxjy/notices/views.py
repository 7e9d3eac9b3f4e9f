"""Notice pages: the inbox (mobile first; htmx marks one or all read in place; a learner's text
message preferences below), opening a notice's link, and the SMS sandbox's outbox for the
province administrator. Notices are worded in the reader's language when shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.models import User

from . import access, conf, selectors, services, wording
from .models import Notice

PAGE = 20


def _preferences(request: HttpRequest) -> list[dict] | None:
    """The inbox's text message section: a learner's kinds and whether each is on (None: none)."""
    if getattr(request.user, "role", "") != User.Role.LEARNER:
        return None
    labels = dict(Notice.Kind.choices)
    return [{"kind": kind, "label": labels[kind], "sms": on}
            for kind, on in selectors.sms_preferences(request.user).items()]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page, "unread_only": unread_only,
                                                   "unread": selectors.unread_count(request.user),
                                                   "preferences": _preferences(request)})


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """The form sends a box per kind: a ticked box is "on", an unticked one (absent) "off"."""
    access.require_preferences_owner(request.user)
    ticked = set(request.POST.getlist("sms"))
    services.sms_preferences_set(actor=request.user,  # type: ignore[arg-type]
                                 sms={kind: kind in ticked for kind in wording.SMS_KINDS})
    messages.success(request, _("Your text message preferences are saved."))
    return redirect(reverse("notices:inbox") + "#preferences")


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


@login_required
@require_POST
def mark_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access.access_notice(request.user, notice_id)
    services.notice_mark_read(actor=request.user, notice=notice)  # type: ignore[arg-type]
    if _htmx(request):
        return render(request, "notices/_notice_read.html", {"n": notice, "unread": selectors.unread_count(request.user)})
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = services.notices_mark_all_read(actor=request.user)  # type: ignore[arg-type]
    if _htmx(request):
        page = Paginator(selectors.inbox(request.user), PAGE).get_page(1)
        return render(request, "notices/_list.html", {"page": page, "unread": 0, "oob": True})
    messages.success(request, _("%(n)s notices marked read.") % {"n": marked})
    return redirect("notices:inbox")


@login_required
def open_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Follows a notice's link, marking it read on the way (only the recipient's own flag changes)."""
    notice = access.access_notice(request.user, notice_id)
    services.notice_mark_read(actor=request.user, notice=notice)  # type: ignore[arg-type]
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None) and notice.link.startswith("/"):
        return redirect(notice.link)
    return redirect("notices:inbox")


@login_required
def sms_sandbox(request: HttpRequest) -> HttpResponse:
    access.require_sandbox_reader(request.user)
    page = Paginator(selectors.sms_log(), 50).get_page(request.GET.get("page"))
    outbox = {o.message_id: o for o in selectors.sandbox_outbox().filter(message_id__in=[m.pk for m in page])}
    rows = [(m, outbox.get(m.pk)) for m in page]
    return render(request, "notices/sms_sandbox.html", {"page": page, "rows": rows, "cap": conf.daily_cap(),
                                                        "gateway": conf.gateway_name()})
