"""The privacy policy (个人信息保护政策) in force and the learners' consent to it.

The policy is data: each version has its effective date, and the one in force is the latest
version whose date has come. Registration records consent to it; when the province publishes a
newer version, a learner who has not agreed to it yet is asked on the dashboard (once: agreeing
records it and the question goes away). Nothing else waits for it: pages and API calls, the
player's heartbeats among them, work on meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jxjy.core import clock
from jxjy.core.audit import audit_record
from jxjy.core.errors import Conflict, ValidationFailed

from .models import PrivacyConsent, PrivacyPolicy, User

SHIPPED_POLICIES = sorted((Path(__file__).resolve().parent / "data").glob("privacy_policy_*.json"))


def policy_load_shipped() -> None:
    """The shipped versions (accounts/data), added if missing; never changes a stored one. Run with
    core's reference data after every migrate and flush."""
    for path in SHIPPED_POLICIES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        PrivacyPolicy.objects.get_or_create(version=doc["version"], defaults={
            "effective_on": dt.date.fromisoformat(doc["effective_on"]), "title": doc["title"], "body": doc["body"]})


def current_policy() -> PrivacyPolicy | None:
    """The version in force today; before the first one takes effect, the first one."""
    policy = PrivacyPolicy.objects.filter(effective_on__lte=clock.today()).order_by("-effective_on", "-id").first()
    return policy or PrivacyPolicy.objects.order_by("effective_on", "id").first()


def consent_needed(user: User) -> PrivacyPolicy | None:
    """The version a signed-in learner still has to agree to, or None. Staff agree to their duties
    by their appointment, not here."""
    if not user.is_authenticated or user.role != User.Role.LEARNER:
        return None
    policy = current_policy()
    if policy is None or PrivacyConsent.objects.filter(user=user, policy=policy).exists():
        return None
    return policy


def consent_check(version: str | None) -> PrivacyPolicy | None:
    """The version in force when the registrant agreed to exactly it; a field error otherwise
    (no tick, or an older version than the one now in force)."""
    policy = current_policy()
    if policy is None:
        return None
    if not version or version != policy.version:
        raise ValidationFailed(_("Read and agree to the privacy policy to register"), code="privacy_consent_required",
                               detail={"errors": [{"field": "privacy_consent",
                                                   "reason": _("Read and agree to the privacy policy to register")}],
                                       "version": policy.version})
    return policy


def consent_record(*, user: User, policy: PrivacyPolicy, channel: str) -> PrivacyConsent:
    """Records that `user` agreed to `policy` now (idempotent). Call inside the registration's
    transaction for a registration."""
    row, _created = PrivacyConsent.objects.get_or_create(user=user, policy=policy,
                                                         defaults={"at": clock.now(), "channel": channel})
    return row


def consent_accept(*, user: User, version: str) -> PrivacyConsent:
    """A signed-in learner agrees to the version in force (the one they were shown). Audited."""
    policy = current_policy()
    if policy is None or policy.version != version:
        raise Conflict(_("The privacy policy has changed since the page was opened; please read the current "
                         "version"), code="privacy_version_changed",
                       detail={"version": policy.version if policy else None})
    try:
        with transaction.atomic():
            existed = PrivacyConsent.objects.filter(user=user, policy=policy).exists()
            row = consent_record(user=user, policy=policy, channel=PrivacyConsent.Channel.UPDATE)
            if not existed:
                audit_record(actor=user, action="privacy.consent", object_type="accounts.PrivacyConsent",
                             object_id=str(row.pk), after={"version": policy.version})
    except IntegrityError:  # two tabs agreeing at once: the other one recorded it
        row = PrivacyConsent.objects.get(user=user, policy=policy)
    return row


def paragraphs(body: str) -> list[tuple[str, str]]:
    """The policy's plain text as (kind, text) blocks for the page: "h" for a heading line
    starting with #, "p" for the rest, one per line."""
    blocks: list[tuple[str, str]] = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(("h", line.lstrip("#").strip()))
        else:
            blocks.append(("p", line))
    return blocks
