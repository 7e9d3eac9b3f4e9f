"""Writes of notices: in-app notices (send, mark read), text messages (send, deliver).

Notifying is never part of the business action that causes it: events.py calls these after the
action has committed, and a failure is logged (without personal data) and swallowed there.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.core import clock
from jxjy.core.errors import Conflict, DomainError, ValidationFailed

from . import conf, rules, selectors, wording
from .models import Notice, SmsDailyCount, SmsMessage, SmsOptOut
from .sms import SmsRejected, get_gateway

logger = logging.getLogger(__name__)

TEXT_MAX = 500


class SmsCapReached(DomainError):
    status = 429
    code = "sms_daily_cap"


# ---------------------------------------------------------------------------------------------
# In-app notices


@dataclass(frozen=True)
class Outgoing:
    """What to tell: the kind and its parameters (worded when read, `wording.py`), the link, and
    whether the learners among the recipients also get the kind's text message (in Chinese; unless
    they turned it off). A kind without a wording (`OTHER`) carries its `title` and `body`."""

    kind: str
    params: dict[str, Any] | None = None
    link: str = ""
    dedupe_key: str = ""
    sms: bool = False
    title: str = ""
    body: str = ""


def _recipient_ids(recipients: Iterable[User | int]) -> list[int]:
    ids = []
    for r in recipients:
        pk = r if isinstance(r, int) else r.pk
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def notify(*, recipients: Iterable[User | int], message: Outgoing) -> list[Notice]:
    """Puts the notice in each recipient's inbox (once per `dedupe_key` when given) and, for the
    learners among them with a phone who have not turned this kind's texts off, sends the text
    message. Returns the notices created now."""
    ids = _recipient_ids(recipients)
    if not ids:
        return []
    now = clock.now()
    with transaction.atomic():
        if message.dedupe_key:
            already = set(Notice.objects.filter(recipient_id__in=ids, dedupe_key=message.dedupe_key)
                          .values_list("recipient_id", flat=True))
            ids = [i for i in ids if i not in already]
        rows = [Notice(recipient_id=i, kind=message.kind, params=message.params, stored_title=message.title[:200],
                       stored_body=message.body, link=message.link, dedupe_key=message.dedupe_key, created_at=now)
                for i in ids]
        try:
            with transaction.atomic():
                created = Notice.objects.bulk_create(rows)
        except IntegrityError:
            # A concurrent sender won for some recipients: theirs stand, the others go in now.
            Notice.objects.bulk_create(rows, ignore_conflicts=True)
            created = []
    if message.sms and ids:
        text = wording.sms_words(message.kind, message.params or {})
        phones = (Learner.objects.filter(user_id__in=ids).exclude(phone="")
                  .exclude(user__sms_opt_outs__kind=message.kind).values_list("phone", flat=True))
        for phone in phones:
            _sms_quietly(phone=phone, text=text, purpose=message.kind.lower())
    return created


def _sms_quietly(*, phone: str, text: str, purpose: str) -> None:
    """A notice's text message: a refusal (cap reached, no gateway here) leaves the in-app notice."""
    if not conf.gateway_name():
        return
    try:
        sms_send(phone=phone, text=text, purpose=purpose)
    except DomainError as exc:
        logger.info("notices: text message not sent (%s)", exc.code)


def notice_mark_read(*, actor: User, notice: Notice) -> Notice:
    """The recipient marks a notice read (again: nothing changes)."""
    if notice.recipient_id != actor.pk:
        raise Conflict(_("This notice is not yours"), code="notice_not_yours")
    if notice.read_at is None:
        notice.read_at = clock.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, actor: User) -> int:
    """Marks every unread notice of the user read; the number marked."""
    return Notice.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=clock.now())


# ---------------------------------------------------------------------------------------------
# Text messages


def _invalid(code: str, reason: str, field: str) -> ValidationFailed:
    return ValidationFailed(reason, code=code, detail={"errors": [{"field": field, "reason": reason}]})


def _count_one(phone: str) -> None:
    """Counts a message against the phone's daily cap, or refuses it: one conditional UPDATE, so
    two concurrent sends cannot both take the last place."""
    cap = conf.daily_cap()
    day = clock.today()
    if not rules.cap_allows(0, cap):
        raise SmsCapReached(_("Text messages are switched off"), code="sms_daily_cap", detail={"cap": cap})
    try:
        with transaction.atomic():
            SmsDailyCount.objects.get_or_create(phone=phone, day=day)
    except IntegrityError:
        pass  # created meanwhile by a concurrent send
    updated = SmsDailyCount.objects.filter(phone=phone, day=day, count__lt=cap).update(count=F("count") + 1)
    if not updated:
        raise SmsCapReached(_("This phone has received the most text messages allowed today (%(cap)s); "
                              "please try again tomorrow") % {"cap": cap}, detail={"cap": cap})


def sms_send(*, phone: str, text: str, purpose: str) -> SmsMessage:
    """Sends one text message: the platform's signature is put in front, the phone's daily cap
    (JXJY_SMS_DAILY_CAP) is applied, the message is recorded and delivered by a retried task once
    the caller's transaction commits (so a rolled-back action sends nothing). Raises
    ValidationFailed (`phone_invalid`, `sms_text_invalid`, `sms_purpose_required`), Conflict
    `sms_not_configured`, or 429 `sms_daily_cap`."""
    phone = str(phone or "").strip()
    if not rules.phone_valid(phone):
        raise _invalid("phone_invalid", _("Enter a valid mobile phone number (11 digits)"), "phone")
    purpose = str(purpose or "").strip()
    if not purpose or len(purpose) > 40:
        raise _invalid("sms_purpose_required", _("Name the purpose of the text message (at most 40 characters)"),
                       "purpose")
    body = rules.with_signature(str(text or ""), conf.signature())
    if body == conf.signature() or len(body) > TEXT_MAX:
        raise _invalid("sms_text_invalid", _("The text message must have a text of at most %(n)s characters")
                       % {"n": TEXT_MAX}, "text")
    name = conf.gateway_name()
    if not name:
        raise Conflict(_("Text messages are not set up on this platform"), code="sms_not_configured")
    get_gateway(name)  # an unknown or switched-off gateway refuses now, not in the worker
    with transaction.atomic():
        _count_one(phone)
        message = SmsMessage.objects.create(phone=phone, text=body, purpose=purpose, gateway=name,
                                            created_at=clock.now())
        transaction.on_commit(functools.partial(_enqueue_delivery, message.pk))
    return message


def _enqueue_delivery(message_id: int) -> None:
    from . import tasks

    try:
        tasks.sms_deliver.delay(message_id)
    except Exception as exc:  # noqa: BLE001 - the sender's action has committed; the row stays QUEUED
        logger.error("notices: text message %s could not be queued (%s)", message_id, type(exc).__name__)


class SmsDeliveryError(Exception):
    """The gateway failed in a way a later attempt may not: the task retries."""


def sms_deliver(*, message_id: int) -> SmsMessage:
    """Hands a queued message to its gateway. Idempotent: a sent or failed message is left as it
    is. A temporary failure records the attempt and raises SmsDeliveryError (the task retries);
    a refusal marks the message failed for good."""
    message = SmsMessage.objects.get(pk=message_id)
    if message.status != SmsMessage.Status.QUEUED:
        return message
    gateway = get_gateway(message.gateway)
    try:
        result = gateway.send(phone=message.phone, text=message.text, message_id=message.pk)
    except SmsRejected as exc:
        _record_failure(message, exc, final=True)
        return SmsMessage.objects.get(pk=message_id)
    except Exception as exc:
        _record_failure(message, exc, final=False)
        raise SmsDeliveryError(type(exc).__name__) from exc
    SmsMessage.objects.filter(pk=message.pk, status=SmsMessage.Status.QUEUED).update(
        status=SmsMessage.Status.SENT, provider_id=result.provider_id[:64], sent_at=clock.now(),
        attempts=F("attempts") + 1, error="")
    return SmsMessage.objects.get(pk=message_id)


def _record_failure(message: SmsMessage, exc: Exception, *, final: bool) -> None:
    # Only the exception's class is kept and logged: a provider's message may quote the number.
    fields = {"attempts": F("attempts") + 1, "error": type(exc).__name__[:200]}
    if final:
        fields["status"] = SmsMessage.Status.FAILED
    SmsMessage.objects.filter(pk=message.pk, status=SmsMessage.Status.QUEUED).update(**fields)
    logger.warning("notices: text message %s not delivered (%s)%s", message.pk, type(exc).__name__,
                   "" if not final else ", given up")


def sms_give_up(*, message_id: int) -> None:
    """After the last retry: the message is failed (the in-app notice, if any, stays)."""
    SmsMessage.objects.filter(pk=message_id, status=SmsMessage.Status.QUEUED).update(status=SmsMessage.Status.FAILED)
    logger.warning("notices: text message %s given up after retries", message_id)


# ---------------------------------------------------------------------------------------------
# Preferences: text messages a learner has turned off


def sms_preferences_set(*, actor: User, sms: Mapping[str, Any]) -> dict[str, bool]:
    """Turns the text messages of the named kinds on (True) or off (False); kinds not named stay as
    they are. Only the kinds in `wording.SMS_KINDS` may be turned off: verification codes always
    go. Raises ValidationFailed `notice_kind_invalid`. Answers every kind's setting."""
    errors = [{"field": f"sms.{kind}", "reason": _("Text messages of this kind cannot be turned off")}
              for kind, on in sms.items() if kind not in wording.SMS_KINDS or not isinstance(on, bool)]
    if errors:
        raise ValidationFailed(_("Only the text messages of the listed kinds can be turned on or off"),
                               code="notice_kind_invalid", detail={"errors": errors})
    with transaction.atomic():
        on = [kind for kind, value in sms.items() if value]
        off = [kind for kind, value in sms.items() if not value]
        if on:
            SmsOptOut.objects.filter(user_id=actor.pk, kind__in=on).delete()
        if off:
            now = clock.now()
            SmsOptOut.objects.bulk_create([SmsOptOut(user_id=actor.pk, kind=kind, created_at=now) for kind in off],
                                          ignore_conflicts=True)
    return selectors.sms_preferences(actor)


# ---------------------------------------------------------------------------------------------
# Housekeeping


@dataclass
class PruneSummary:
    notice_cutoff: dt.datetime  # read notices sent before this go
    count_cutoff: dt.date  # daily SMS counters of days before this go
    notices: int = 0
    sms_counts: int = 0


def _delete_in_batches(qs: QuerySet, batch_size: int) -> int:
    """Deletes what `qs` selects a batch of ids at a time: short transactions, no long lock on a
    table the platform writes all day. The conditions are applied again at the delete."""
    deleted = 0
    while True:
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        with transaction.atomic():
            count, _by_model = qs.filter(pk__in=ids).delete()
        deleted += count
        if len(ids) < batch_size:
            return deleted


def notices_prune(*, dry_run: bool = False, batch_size: int = 1000) -> PruneSummary:
    """Deletes read notices older than JXJY_NOTICE_RETENTION_DAYS (365; unread ones stay, however
    old) and daily SMS counters older than JXJY_SMS_COUNT_RETENTION_DAYS (30; the cap reads today's
    only). A dry run counts. Raises ValidationFailed `retention_invalid` for a period under a day."""
    now = clock.now()
    try:
        notice_cutoff = now - rules.retention(conf.notice_retention_days())
        count_cutoff = clock.today() - rules.retention(conf.sms_count_retention_days())
    except ValueError as exc:
        raise ValidationFailed(_("A retention period must be at least one day"), code="retention_invalid") from exc
    summary = PruneSummary(notice_cutoff=notice_cutoff, count_cutoff=count_cutoff)
    notices = Notice.objects.filter(read_at__isnull=False, created_at__lt=notice_cutoff)
    counts = SmsDailyCount.objects.filter(day__lt=count_cutoff)
    if dry_run:
        summary.notices, summary.sms_counts = notices.count(), counts.count()
    else:
        summary.notices = _delete_in_batches(notices, max(1, batch_size))
        summary.sms_counts = _delete_in_batches(counts, max(1, batch_size))
    return summary
