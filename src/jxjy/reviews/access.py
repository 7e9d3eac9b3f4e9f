"""Who may see and act on base reviews: the province every review; a city bureau its city's
city-level bases'; a base only its own. What is out of scope answers "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied
from jxjy.org.models import TrainingBase

from . import closing
from .models import BaseReview, ReviewRound

Role = User.Role
ROUND_ROLES = (Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.BASE_ADMIN)


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def reviews_visible(user: Any) -> QuerySet[BaseReview]:
    qs = BaseReview.objects.select_related("round", "base", "base__city", "assessed_by", "confirmed_by")
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(base__level=TrainingBase.Level.CITY, base__city_id=user.city_id)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id)
    return qs.none()


def access_review(user: Any, review_id: int) -> BaseReview:
    review = reviews_visible(user).filter(pk=review_id).first()
    if review is None:
        raise NotFound(_("Base review not found"), code="review_not_found")
    return review


def require_round_reader(user: Any) -> None:
    if _role(user) not in ROUND_ROLES:
        raise PermissionDenied(_("Only the HR departments and training bases see base reviews"),
                               code="review_roles_only")


def rounds_visible(user: Any) -> QuerySet[ReviewRound]:
    require_round_reader(user)
    return ReviewRound.objects.all()


def access_round(user: Any, round_id: int) -> ReviewRound:
    found = rounds_visible(user).filter(pk=round_id).first()
    if found is None:
        raise NotFound(_("Review round not found"), code="review_round_not_found")
    return found


def is_province(user: Any) -> bool:
    return _role(user) == Role.PROVINCE_ADMIN


def is_own_base(user: Any, review: BaseReview) -> bool:
    return _role(user) == Role.BASE_ADMIN and bool(user.base_id) and user.base_id == review.base_id


def is_authority(user: Any, review: BaseReview) -> bool:
    """The authority in charge of the base: its city's bureau for a city base, the province for
    a provincial one."""
    role = _role(user)
    if review.base.level == TrainingBase.Level.CITY:
        return role == Role.CITY_ADMIN and bool(user.city_id) and user.city_id == review.base.city_id
    return role == Role.PROVINCE_ADMIN


# What a user may do with a review now: permission and state together, for the pages' buttons and
# the services' checks alike.


def self_deadline_passed(review: BaseReview, today: Any) -> bool:
    return today > review.round.self_deadline


def may_self_assess(user: Any, review: BaseReview, today: Any) -> bool:
    return (is_own_base(user, review) and not review.round.is_closed
            and review.status == BaseReview.Status.AWAITING_SELF
            and not self_deadline_passed(review, today))


def may_assess(user: Any, review: BaseReview, today: Any) -> bool:
    """After the base's self-assessment, after a return, or once the deadline has passed without one."""
    if not is_authority(user, review) or review.round.is_closed:
        return False
    Status = BaseReview.Status
    return review.status in (Status.SELF_SUBMITTED, Status.RETURNED) or (
        review.status == Status.AWAITING_SELF and self_deadline_passed(review, today))


def may_confirm(user: Any, review: BaseReview) -> bool:
    return (is_province(user) and not review.round.is_closed
            and review.status == BaseReview.Status.AWAITING_CONFIRMATION)


def may_close_round(user: Any, found: ReviewRound, today: Any) -> bool:
    """The button's test; the service also refuses while confirmations are pending (closing.py)."""
    return (is_province(user) and not found.is_closed
            and closing.may_close(today, found.self_deadline, found.assessment_deadline))


def suspending_review(review: BaseReview) -> BaseReview | None:
    """The latest review that suspended this review's base."""
    return (BaseReview.objects.filter(base_id=review.base_id, base_suspended=True).select_related("round")
            .order_by("-round__start_year", "-round_id").first())


def lift_problem(review: BaseReview) -> str | None:
    """Why this review cannot lift its base's suspension (closing.lift_problem), None if it can."""
    suspended_now = review.base.status == TrainingBase.Status.SUSPENDED
    suspended_by = suspending_review(review) if suspended_now and review.suspension_lifted_at is None else None
    return closing.lift_problem(
        review_status=review.status, conclusion=review.conclusion,
        base_suspended_now=suspended_now,
        suspended_in_round=(suspended_by.round.start_year, suspended_by.round_id) if suspended_by else None,
        this_round=(review.round.start_year, review.round_id), already_lifted=review.suspension_lifted_at is not None)


def may_lift_suspension(user: Any, review: BaseReview) -> bool:
    return is_province(user) and lift_problem(review) is None
