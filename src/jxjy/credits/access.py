"""Who may see which ledger entries and equivalent-hours claims: a learner their own;
administrators and employer reviewers the learners they see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.access import learners_visible
from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied

from .models import CreditEntry, EquivalentHoursClaim

# Claims are the business of the learner, the learner's employer and the HR authorities; a
# training base sees its learners but not what they claim elsewhere.
_CLAIM_ROLES = (User.Role.LEARNER, User.Role.EMPLOYER_REVIEWER, User.Role.CITY_ADMIN, User.Role.PROVINCE_ADMIN)
REVIEW_QUEUE_ROLES = (User.Role.EMPLOYER_REVIEWER, User.Role.CITY_ADMIN, User.Role.PROVINCE_ADMIN)


def entries_visible(user: Any) -> QuerySet[CreditEntry]:
    if not getattr(user, "is_authenticated", False):
        return CreditEntry.objects.none()
    return CreditEntry.objects.filter(learner__in=learners_visible(user))


def access_credit_entry(user: Any, entry_id: int) -> CreditEntry:
    entry = entries_visible(user).select_related("learner").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Hours entry not found"), code="credit_entry_not_found")
    return entry


def claims_visible(user: Any) -> QuerySet[EquivalentHoursClaim]:
    """A learner's own claims; an employer reviewer's people's (the same scope as confirming
    them); a city's or the province's for the bureaus."""
    qs = EquivalentHoursClaim.objects.select_related("learner", "learner__employer", "reviewed_by")
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", "") not in _CLAIM_ROLES:
        return qs.none()
    return qs.filter(learner__in=learners_visible(user))


def access_claim(user: Any, claim_id: int) -> EquivalentHoursClaim:
    claim = claims_visible(user).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(_("Claim not found"), code="claim_not_found")
    return claim


def access_own_claim(user: Any, claim_id: int) -> EquivalentHoursClaim:
    """The signed-in learner's own claim; anyone else's answers not found."""
    claim = claims_visible(user).filter(pk=claim_id, learner__user=user).first()
    if claim is None:
        raise NotFound(_("Claim not found"), code="claim_not_found")
    return claim


def require_review_queue(user: Any) -> None:
    if getattr(user, "role", "") not in REVIEW_QUEUE_ROLES:
        raise PermissionDenied(_("Only employer reviewers and HR bureaus see claims under review"),
                               code="claim_reviewers_only")


def may_review(user: Any, claim: EquivalentHoursClaim) -> bool:
    """Only a reviewer of the learner's own employer decides a claim."""
    return (getattr(user, "role", "") == User.Role.EMPLOYER_REVIEWER and bool(user.employer_id)
            and user.employer_id == claim.learner.employer_id)


def may_revoke(user: Any, claim: EquivalentHoursClaim) -> bool:
    """The employer that approved it, or the province."""
    return may_review(user, claim) or getattr(user, "role", "") == User.Role.PROVINCE_ADMIN
