"""What each kind of notice says: its title and text from the notice's parameters, in the active
language, worded when read (the inbox, the header's panel, the API answer in the request's
language); and its text message, always in Chinese (phones in China, the 【陕西继续教育】 signature).

A notice stores only its kind and parameters (`Notice.params`: numbers, names, dates as ISO
strings, ids, and choice codes such as a complaint's outcome, which are worded here too). A row
without parameters, or whose parameters cannot be worded, shows the words stored on it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

from . import rules
from .models import Notice

logger = logging.getLogger(__name__)
Kind = Notice.Kind
Params = Mapping[str, Any]

# Texts go out in Chinese whatever the language of the request that caused them.
SMS_LANGUAGE = "zh-hans"

# The kinds that may send a text message, each of which a learner may turn off (verification
# codes are not notices: they always go).
SMS_KINDS: tuple[str, ...] = (Kind.CLAIM_REJECTED, Kind.CERTIFICATE_AVAILABLE, Kind.HOURS_REMINDER)


# ---------------------------------------------------------------------------------------------
# Numbers


def hours_param(value: Any) -> str:
    """Hours as a parameter: "24", "1.5" (a string: JSON has no decimals)."""
    d = Decimal(value or 0)
    return str(int(d)) if d == d.to_integral_value() else f"{d:.1f}"


def _plural_n(value: Decimal) -> int:
    # gettext's plural formulas take integers. A number with a fraction takes the "other" form in
    # English (CLDR: "1.5 hours", "0.5 hours"), and Chinese has one form only: 2 selects it.
    return int(value) if value == value.to_integral_value() else 2


def _hours(value: Any) -> tuple[str, int]:
    d = Decimal(str(value))
    return hours_param(d), _plural_n(d)


def _date(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%Y-%m-%d")


def _choice(field_choices: Any, code: str) -> str:
    return str(dict(field_choices).get(code, code))


# ---------------------------------------------------------------------------------------------
# In-app: (title, text) per kind


def _payment(p: Params) -> tuple[str, str]:
    return (_("Payment received: %(description)s") % {"description": p["description"]},
            _("We have received ¥%(amount)s for order %(number)s. An electronic invoice follows.")
            % {"amount": p["amount"], "number": p["number"]})


def _claim_approved(p: Params) -> tuple[str, str]:
    hours, n = _hours(p["hours"])
    return (_("Equivalent-hours claim approved: %(title)s") % {"title": p["title"]},
            ngettext("%(hours)s hour was credited to %(year)s.", "%(hours)s hours were credited to %(year)s.", n)
            % {"hours": hours, "year": p["year"]})


def _claim_rejected(p: Params) -> tuple[str, str]:
    return (_("Equivalent-hours claim rejected: %(title)s") % {"title": p["title"]},
            _("Your employer's reason: %(reason)s") % {"reason": p["reason"]})


def _hours_credited(p: Params) -> tuple[str, str]:
    from jxjy.credits.models import CreditEntry

    hours, n = _hours(p["hours"])
    category = _choice(CreditEntry._meta.get_field("category").choices or [], p["category"])
    return (ngettext("%(hours)s hour credited: %(title)s", "%(hours)s hours credited: %(title)s", n)
            % {"hours": hours, "title": p["title"]},
            _("Credited to %(year)s as %(category)s hours.") % {"year": p["year"], "category": category})


def _certificate(p: Params) -> tuple[str, str]:
    return (_("Your %(year)s certificate is available") % {"year": p["year"]},
            _("You have met both minimums of %(year)s. Issue and print your certificate on the platform.")
            % {"year": p["year"]})


def _complaint_reason(code: str) -> str:
    from jxjy.service.models import Complaint

    return _choice(Complaint.Reason.choices, code)


def _complaint_outcome(code: str) -> str:
    from jxjy.service.models import Complaint

    return _choice(Complaint.Outcome.choices, code)


def _complaint_filed(p: Params) -> tuple[str, str]:
    return (_("New complaint about %(base)s") % {"base": p["base"]},
            _("A complaint (%(reason)s) awaits acceptance.") % {"reason": _complaint_reason(p["reason"])})


def _complaint_accepted(p: Params) -> tuple[str, str]:
    if p["to"] == "base":
        return (_("A complaint against your base has been accepted"),
                _("The authority is investigating a complaint (%(reason)s). You may read it and answer with a "
                  "written statement.") % {"reason": _complaint_reason(p["reason"])})
    return (_("Your complaint has been accepted"),
            _("Your complaint about %(base)s is now under investigation.") % {"base": p["base"]})


def _complaint_resolved(p: Params) -> tuple[str, str]:
    outcome = _complaint_outcome(p["outcome"])
    if p["to"] == "base":
        return (_("A complaint against your base has been resolved"),
                _("Outcome: %(outcome)s.") % {"outcome": outcome})
    return (_("Your complaint has been resolved"),
            _("Your complaint about %(base)s: %(outcome)s. Read the result on the platform.")
            % {"base": p["base"], "outcome": outcome})


def _application_decided(p: Params) -> tuple[str, str]:
    decided: dict[str, Callable[[], tuple[str, str]]] = {
        "APPROVED": lambda: (_("Course application approved: %(title)s"),
                             _("The course has been approved and is now on the platform.")),
        "RETURNED": lambda: (_("Course application returned for changes: %(title)s"),
                             _("Read the reviewer's opinion, change the application and submit it again.")),
        "REJECTED": lambda: (_("Course application rejected: %(title)s"),
                             _("Read the reviewer's opinion on the application page.")),
        "PROVINCE_REVIEW": lambda: (_("Course application forwarded to the province: %(title)s"),
                                    _("The city bureau agreed; the province reviews it now.")),
    }
    head, body = decided[p["status"]]()
    return head % {"title": p["title"]}, body


def _application_waiting(p: Params) -> tuple[str, str]:
    return (_("Course application to review: %(title)s") % {"title": p["title"]},
            _("From %(base)s.") % {"base": p["base"]})


def _review_round(p: Params) -> tuple[str, str]:
    return (_("Base review round %(period)s opened") % {"period": f"{p['start_year']}–{p['end_year']}"},
            _("Submit your base's self-assessment by %(deadline)s.") % {"deadline": _date(p["deadline"])})


# Year-end reminders: only what is missing is named ("专业课0学时" never appears).


def missing_phrase(p: Params) -> str:
    """The hours still missing, e.g. "5 public hours and 56 professional hours (61 hours in all)",
    "56 professional hours"; the total only where it says more than the parts."""
    public, professional, total = (Decimal(str(p[k])) for k in ("public", "professional", "total"))
    parts = []
    if public > 0:
        hours, n = _hours(public)
        parts.append(ngettext("%(n)s public hour", "%(n)s public hours", n) % {"n": hours})
    if professional > 0:
        hours, n = _hours(professional)
        parts.append(ngettext("%(n)s professional hour", "%(n)s professional hours", n) % {"n": hours})
    hours, n = _hours(total)
    all_hours = ngettext("%(n)s hour", "%(n)s hours", n) % {"n": hours}
    if not parts:
        return all_hours  # both minimums met, the yearly total not (a plan may ask more than both)
    phrase = parts[0] if len(parts) == 1 else (
        pgettext("missing hours", "%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]})
    if len(parts) == 2 or total > public + professional:
        phrase = pgettext("missing hours", "%(parts)s (%(total)s in all)") % {"parts": phrase, "total": all_hours}
    return phrase


def _reminder(p: Params) -> tuple[str, str]:
    figures = {"year": p["year"], "missing": missing_phrase(p), "deadline": _date(p["deadline"])}
    if p["stage"] == rules.MAKEUP:
        return (_("Make-up study for %(year)s: hours still missing") % figures,
                _("For %(year)s you still lack %(missing)s. Make-up study for %(year)s closes on %(deadline)s.")
                % figures)
    return (_("%(year)s: hours still missing") % figures,
            _("For %(year)s you still lack %(missing)s. The year closes on %(deadline)s.") % figures)


WORDINGS: dict[str, Callable[[Params], tuple[str, str]]] = {
    Kind.PAYMENT_RECEIVED: _payment,
    Kind.CLAIM_APPROVED: _claim_approved,
    Kind.CLAIM_REJECTED: _claim_rejected,
    Kind.HOURS_CREDITED: _hours_credited,
    Kind.CERTIFICATE_AVAILABLE: _certificate,
    Kind.COMPLAINT_FILED: _complaint_filed,
    Kind.COMPLAINT_ACCEPTED: _complaint_accepted,
    Kind.COMPLAINT_RESOLVED: _complaint_resolved,
    Kind.APPLICATION_DECIDED: _application_decided,
    Kind.APPLICATION_WAITING: _application_waiting,
    Kind.REVIEW_ROUND_OPENED: _review_round,
    Kind.HOURS_REMINDER: _reminder,
}

_UNWORDABLE = (KeyError, TypeError, ValueError, InvalidOperation, AttributeError)


def notice_words(kind: str, params: Params | None, stored_title: str = "", stored_body: str = "") -> tuple[str, str]:
    """(title, text) of a notice in the active language; the stored words for a row without
    parameters (older rows, free-form kinds) or whose parameters no longer fit its wording."""
    wording = WORDINGS.get(kind)
    if params is not None and wording is not None:
        try:
            return wording(params)
        except _UNWORDABLE as exc:
            # The kind and the exception's class only: parameters may hold names.
            logger.warning("notices: a %s notice could not be worded (%s)", kind, type(exc).__name__)
    title = stored_title or _choice(Kind.choices, kind)
    return title, stored_body


# ---------------------------------------------------------------------------------------------
# Text messages (Chinese)


def _sms_claim_rejected(p: Params) -> str:
    return _("Your equivalent-hours claim for %(year)s was not approved by your employer. Please sign in to the "
             "platform to read the reason.") % {"year": p["year"]}


def _sms_certificate(p: Params) -> str:
    return _("Your continuing-education hours for %(year)s are complete. Please sign in to the platform to issue "
             "your certificate.") % {"year": p["year"]}


def _sms_reminder(p: Params) -> str:
    figures = {"year": p["year"], "missing": missing_phrase(p), "deadline": _date(p["deadline"])}
    if p["stage"] == rules.MAKEUP:
        return _("Your %(year)s continuing education still lacks %(missing)s; make-up study closes on "
                 "%(deadline)s.") % figures
    return _("Your %(year)s continuing education still lacks %(missing)s; please complete them by "
             "%(deadline)s.") % figures


SMS_WORDINGS: dict[str, Callable[[Params], str]] = {
    Kind.CLAIM_REJECTED: _sms_claim_rejected,
    Kind.CERTIFICATE_AVAILABLE: _sms_certificate,
    Kind.HOURS_REMINDER: _sms_reminder,
}


def sms_words(kind: str, params: Params) -> str:
    """A notice's text message, in Chinese whatever the active language (signature added by
    `sms_send`). Raises KeyError for a kind that sends no texts."""
    with override(SMS_LANGUAGE):
        return SMS_WORDINGS[kind](params)
