"""Events of the other apps → notices. The apps' services send signals (billing's `order_paid`,
credits' `claim_decided`, service's complaint signals, catalog's application signals, reviews'
`round_opened`) and the hours ledger's `post_save`; the receivers here turn them into notices.

A notice stores its kind and parameters (ids, numbers, names, ISO dates, choice codes; never an
ID number or a phone): `wording.py` words it when it is read, in the reader's language.

Never part of the business action: each receiver only registers work for after the commit
(`transaction.on_commit`), and that work's failure is logged with the event's name and the
exception's class, never with the person's data, and swallowed.

Text messages go only where a learner must act (README, "Notices"): a rejected equivalent-hours
claim (apply again or study instead), a certificate ready to be issued, and the year-end hours
reminder. Everything else is in-app only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse

from jxjy.accounts.models import User

from .models import Notice
from .services import Outgoing, notify
from .wording import hours_param

logger = logging.getLogger(__name__)
Kind = Notice.Kind
Role = User.Role


def after_commit(event: str, work: Callable[[], None]) -> None:
    """Runs `work` once the current transaction commits (at once outside one); never raises."""
    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a notice must never undo or fail the action
            logger.error("notices: %s notice failed (%s)", event, type(exc).__name__)

    try:
        transaction.on_commit(run)
    except Exception as exc:  # noqa: BLE001
        logger.error("notices: %s notice not scheduled (%s)", event, type(exc).__name__)


def _base_users(base_id: int | None) -> list[int]:
    if not base_id:
        return []
    return list(User.objects.filter(role=Role.BASE_ADMIN, base_id=base_id, is_active=True).values_list("pk", flat=True))


def _authority_users(city_id: int | None) -> list[int]:
    """The bureau in charge: a city's administrators, or the province's (no city)."""
    qs = User.objects.filter(is_active=True)
    qs = qs.filter(role=Role.CITY_ADMIN, city_id=city_id) if city_id else qs.filter(role=Role.PROVINCE_ADMIN)
    return list(qs.values_list("pk", flat=True))


# ---------------------------------------------------------------------------------------------
# billing: payment received


def payment_received(order_id: int) -> None:
    from jxjy.billing.models import Order

    order = Order.objects.select_related("learner").get(pk=order_id)
    if order.amount <= 0:
        return  # a free order: nothing was paid
    notify(recipients=[order.learner.user_id], message=Outgoing(
        kind=Kind.PAYMENT_RECEIVED, dedupe_key=f"order-paid:{order.pk}",
        params={"order": order.pk, "description": order.description, "amount": f"{order.amount:.2f}",
                "number": order.number},
        link=reverse("billing:order", args=[order.pk])))


def on_order_paid(sender: Any, order: Any = None, **kwargs: Any) -> None:
    order_id = getattr(order, "pk", None)
    if order_id is not None:
        after_commit("payment", lambda: payment_received(order_id))


# ---------------------------------------------------------------------------------------------
# credits: equivalent-hours claims decided; hours credited; the year complete


def claim_decided(claim_id: int) -> None:
    from jxjy.credits.models import EquivalentHoursClaim

    claim = EquivalentHoursClaim.objects.select_related("learner").get(pk=claim_id)
    link = reverse("credits:claim", args=[claim.pk])
    if claim.status == EquivalentHoursClaim.Status.APPROVED:
        message = Outgoing(
            kind=Kind.CLAIM_APPROVED, dedupe_key=f"claim-approved:{claim.pk}", link=link,
            params={"claim": claim.pk, "title": claim.title, "hours": hours_param(claim.hours_approved),
                    "year": claim.year})
    elif claim.status == EquivalentHoursClaim.Status.REJECTED:
        message = Outgoing(
            kind=Kind.CLAIM_REJECTED, dedupe_key=f"claim-rejected:{claim.pk}", link=link,
            # The employer's reason is the employer's words, shown as written in every language.
            params={"claim": claim.pk, "title": claim.title, "reason": claim.review_note, "year": claim.year},
            sms=True)
    else:
        return
    notify(recipients=[claim.learner.user_id], message=message)


def on_claim_decided(sender: Any, claim: Any = None, **kwargs: Any) -> None:
    claim_id = getattr(claim, "pk", None)
    if claim_id is not None:
        after_commit("claim", lambda: claim_decided(claim_id))


def hours_credited(entry_id: int) -> None:
    from jxjy.credits.models import CreditEntry

    entry = CreditEntry.objects.select_related("learner").get(pk=entry_id)
    notify(recipients=[entry.learner.user_id], message=Outgoing(
        kind=Kind.HOURS_CREDITED, dedupe_key=f"credited:{entry.pk}", link=reverse("learning:my_study"),
        params={"entry": entry.pk, "hours": hours_param(entry.hours), "title": entry.note, "year": entry.year,
                "category": entry.category}))


def certificate_available(learner_id: int, year: int) -> None:
    from jxjy.accounts.models import Learner
    from jxjy.certificates.selectors import valid_certificate
    from jxjy.credits.selectors import year_status

    learner = Learner.objects.get(pk=learner_id)
    if not year_status(learner, year).completed or valid_certificate(learner, year) is not None:
        return
    notify(recipients=[learner.user_id], message=Outgoing(
        kind=Kind.CERTIFICATE_AVAILABLE, dedupe_key=f"certificate:{year}", link=reverse("certificates:mine"),
        params={"year": year}, sms=True))


def on_entry_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    from jxjy.credits.models import CreditEntry

    entry_id, learner_id, year = instance.pk, instance.learner_id, instance.year
    if instance.source in (CreditEntry.Source.ONLINE_COURSE, CreditEntry.Source.IN_PERSON) and instance.hours > 0 \
            and instance.reverses_id is None:
        after_commit("credit", lambda: hours_credited(entry_id))
    if instance.hours > 0:
        after_commit("certificate", lambda: certificate_available(learner_id, year))


# ---------------------------------------------------------------------------------------------
# service: complaints


def _complaint(complaint_id: int) -> Any:
    from jxjy.service.models import Complaint

    return Complaint.objects.select_related("complainant", "base").get(pk=complaint_id)


def complaint_filed(complaint_id: int) -> None:
    item = _complaint(complaint_id)
    notify(recipients=_authority_users(item.city_id), message=Outgoing(
        kind=Kind.COMPLAINT_FILED, dedupe_key=f"complaint-filed:{item.pk}",
        link=reverse("service:complaint", args=[item.pk]),
        params={"complaint": item.pk, "base": item.base.name, "reason": item.reason}))


def complaint_accepted(complaint_id: int) -> None:
    item = _complaint(complaint_id)
    link = reverse("service:complaint", args=[item.pk])
    notify(recipients=[item.complainant.user_id], message=Outgoing(
        kind=Kind.COMPLAINT_ACCEPTED, dedupe_key=f"complaint-accepted:{item.pk}", link=link,
        params={"complaint": item.pk, "to": "complainant", "base": item.base.name, "reason": item.reason}))
    # The base's notice never names the complainant.
    notify(recipients=_base_users(item.base_id), message=Outgoing(
        kind=Kind.COMPLAINT_ACCEPTED, dedupe_key=f"complaint-accepted:{item.pk}", link=link,
        params={"complaint": item.pk, "to": "base", "base": item.base.name, "reason": item.reason}))


def complaint_resolved(complaint_id: int) -> None:
    item = _complaint(complaint_id)
    link = reverse("service:complaint", args=[item.pk])
    params = {"complaint": item.pk, "base": item.base.name, "outcome": item.outcome}
    notify(recipients=[item.complainant.user_id], message=Outgoing(
        kind=Kind.COMPLAINT_RESOLVED, dedupe_key=f"complaint-resolved:{item.pk}", link=link,
        params={**params, "to": "complainant"}))
    notify(recipients=_base_users(item.base_id), message=Outgoing(
        kind=Kind.COMPLAINT_RESOLVED, dedupe_key=f"complaint-resolved:{item.pk}", link=link,
        params={**params, "to": "base"}))


def _complaint_receiver(event: str, work: Callable[[int], None]) -> Callable[..., None]:
    def receiver(sender: Any, complaint: Any = None, **kwargs: Any) -> None:
        complaint_id = getattr(complaint, "pk", None)
        if complaint_id is not None:
            after_commit(event, lambda: work(complaint_id))
    return receiver


on_complaint_filed = _complaint_receiver("complaint filed", complaint_filed)
on_complaint_accepted = _complaint_receiver("complaint accepted", complaint_accepted)
on_complaint_resolved = _complaint_receiver("complaint resolved", complaint_resolved)


# ---------------------------------------------------------------------------------------------
# catalog: course applications


def application_moved(application_id: int) -> None:
    """After a submission or a review step: the base hears of a decision, the next authority of
    what waits in its queue."""
    from jxjy.catalog.models import ApplicationStep, CourseApplication

    app = CourseApplication.objects.select_related("course", "base").get(pk=application_id)
    Status = CourseApplication.Status
    title = app.course.title
    link = reverse("catalog:application", args=[app.pk])
    key = f"application:{app.pk}:{app.round}:{app.status}"
    decided = (Status.APPROVED, Status.RETURNED, Status.REJECTED, Status.PROVINCE_REVIEW)  # wording.py
    step = app.steps.order_by("-at", "-pk").first()
    # The base's own submission is no news to it; a step by a reviewer or by the checks is.
    if app.status in decided and step is not None and step.authority != ApplicationStep.Authority.BASE:
        notify(recipients=_base_users(app.base_id), message=Outgoing(
            kind=Kind.APPLICATION_DECIDED, dedupe_key=key, link=link,
            params={"application": app.pk, "status": app.status, "title": title}))
    if app.status == Status.CITY_REVIEW:
        reviewers = _authority_users(app.base.city_id)
    elif app.status == Status.PROVINCE_REVIEW:
        reviewers = _authority_users(None)
    else:
        return
    notify(recipients=reviewers, message=Outgoing(
        kind=Kind.APPLICATION_WAITING, dedupe_key=key, link=link,
        params={"application": app.pk, "title": title, "base": app.base.name}))


def on_application_moved(sender: Any, application: Any = None, **kwargs: Any) -> None:
    application_id = getattr(application, "pk", None)
    if application_id is not None:
        after_commit("application", lambda: application_moved(application_id))


# ---------------------------------------------------------------------------------------------
# reviews: a round opened


def round_opened(round_id: int) -> None:
    from jxjy.reviews.models import BaseReview, ReviewRound

    found = ReviewRound.objects.get(pk=round_id)
    base_ids = BaseReview.objects.filter(round=found).values("base_id")
    users = User.objects.filter(role=Role.BASE_ADMIN, base_id__in=base_ids, is_active=True).values_list("pk", flat=True)
    notify(recipients=list(users), message=Outgoing(
        kind=Kind.REVIEW_ROUND_OPENED, dedupe_key=f"review-round:{found.pk}", link=reverse("reviews:mine"),
        params={"round": found.pk, "start_year": found.start_year, "end_year": found.end_year,
                "deadline": found.self_deadline.isoformat()}))


def on_round_opened(sender: Any, review_round: Any = None, **kwargs: Any) -> None:
    round_id = getattr(review_round, "pk", None)
    if round_id is not None:
        after_commit("review round", lambda: round_opened(round_id))


# ---------------------------------------------------------------------------------------------


def connect() -> None:
    from jxjy.billing.signals import order_paid
    from jxjy.catalog.signals import application_moved as application_signal
    from jxjy.credits.models import CreditEntry
    from jxjy.credits.signals import claim_decided as claim_signal
    from jxjy.reviews.signals import round_opened as round_signal
    from jxjy.service import signals as service_signals

    order_paid.connect(on_order_paid, dispatch_uid="notices.order_paid")
    claim_signal.connect(on_claim_decided, dispatch_uid="notices.claim_decided")
    post_save.connect(on_entry_saved, sender=CreditEntry, dispatch_uid="notices.entry_saved")
    service_signals.complaint_filed.connect(on_complaint_filed, dispatch_uid="notices.complaint_filed")
    service_signals.complaint_accepted.connect(on_complaint_accepted, dispatch_uid="notices.complaint_accepted")
    service_signals.complaint_resolved.connect(on_complaint_resolved, dispatch_uid="notices.complaint_resolved")
    application_signal.connect(on_application_moved, dispatch_uid="notices.application_moved")
    round_signal.connect(on_round_opened, dispatch_uid="notices.round_opened")
