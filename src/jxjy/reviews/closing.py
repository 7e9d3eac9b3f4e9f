"""Closing a review round, and the way back for a base a review suspended. Plain Python, no Django.

What the 2020 notice (陕人社函〔2020〕354号) says, and what it leaves to us:

- "人社行政部门要做好继续教育基地两年一次例行考核工作" and "严格考核制度，明确考核措施，…强化结果
  运用，以考核促规范": every base is reviewed every two years, and the result is to be used. So a
  round ends: the province closes it, and a base must not come out of a round with no result.
- Bases found "擅自提高收费标准、压缩经费开支、师资力量薄弱、学员管理混乱" are dealt with
  "按照有关规定进行严肃处理" (under 《陕西省专业技术人员继续教育基地管理暂行办法》, not in our seed).
  The notice itself says nothing of 整改 (rectification), of 暂停 (suspension) or of lifting one;
  the rules below are our defaults, chosen to follow its two principles above.

The rules:

1. The province closes a round only after its deadlines: the self-assessment deadline and, if the
   round has one, the assessment deadline (the day the authorities should have scored by). Not
   before: closing early would turn the authorities' unfinished work into the bases' results.
2. Not while a city bureau's conclusion awaits the province's confirmation: the province is the
   one closing and decides those first (confirm or return) rather than let them lapse.
3. At the close, every review not finished becomes OVERDUE, which never counts as a pass:
   - a base that submitted no self-assessment (and that nobody assessed) defaulted on a compulsory
     review: it is concluded FAIL ("未按期参加考核视为考核不合格"), as a fail on the points;
   - a base that did submit, but whose authority did not conclude (or whose conclusion the
     province returned), is left without a conclusion: not passed, but not failed either, since
     the delay was not the base's. It is never a ground for a suspension.
   A closed round refuses every further change to its reviews.
4. A suspension imposed by a review (a confirmed fail, the province's decision) is lifted only by
   the province, on a later round's review that the base passed (finished, PASS or EXCELLENT).
   Not automatically on confirmation: the suspension was the province's decision, not a
   consequence of the points (a fail may or may not suspend), so its end is one too; and the
   province may first want to see the rectification (refunds to overcharged learners, say) that a
   passing score alone does not show. Lifting changes the base, not the review's result, so it is
   allowed after the later round has closed too. A base suspended for another reason (by the
   organisation register) is not reinstated through reviews.
5. A base a review suspended stays in the review cycle (rule 4 needs its later review); a base
   suspended otherwise is not reviewed while suspended.
"""

from __future__ import annotations

import datetime as dt

# Review statuses, as the model spells them.
AWAITING_SELF = "AWAITING_SELF"
AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION"
FINISHED = "FINISHED"
OVERDUE = "OVERDUE"

FAIL = "FAIL"
PASSING = ("PASS", "EXCELLENT")


def last_deadline(self_deadline: dt.date, assessment_deadline: dt.date | None) -> dt.date:
    return max(self_deadline, assessment_deadline) if assessment_deadline else self_deadline


def may_close(today: dt.date, self_deadline: dt.date, assessment_deadline: dt.date | None) -> bool:
    """Rule 1: the day after the round's last deadline, or later."""
    return today > last_deadline(self_deadline, assessment_deadline)


def overdue_conclusion(status: str) -> str:
    """Rule 3: the conclusion an unfinished review gets at the close (\"\": none)."""
    return FAIL if status == AWAITING_SELF else ""


def lift_problem(*, review_status: str, conclusion: str, base_suspended_now: bool,
                 suspended_in_round: tuple[int, int] | None, this_round: tuple[int, int],
                 already_lifted: bool) -> str | None:
    """Rule 4: why this review cannot lift the base's suspension, or None if it can.
    Rounds are compared as (start_year, id)."""
    if already_lifted:
        return "already_lifted"
    if not base_suspended_now:
        return "base_not_suspended"
    if suspended_in_round is None:
        return "not_suspended_by_a_review"
    if review_status != FINISHED or conclusion not in PASSING:
        return "review_not_passed"
    if this_round <= suspended_in_round:
        return "review_not_later"
    return None
