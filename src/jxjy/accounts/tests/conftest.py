"""Accounts' test helpers: a fresh cache (rate limits are counted there), after-commit work run
(texts are delivered after the commit), and the last code the SMS sandbox received for a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from jxjy.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`with committed(): action` runs the action's after-commit callbacks (the text's delivery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sandbox_code(phone: str) -> str | None:
    from jxjy.notices.models import SandboxSms

    row = SandboxSms.objects.filter(phone=phone).order_by("-id").first()
    if row is None:
        return None
    found = re.search(r"\d{6}", row.text)
    return found.group(0) if found else None


def signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    res = client.post("/login/", {"login": username, "password": password})
    assert res.status_code == 302, res.content[:500]
    return client


def everything_of(user: Any, tag: str) -> dict[str, Any]:
    """One record of every kind the platform keeps about a learner, each naming `tag` (so that a
    copy can be checked for whose rows it holds): study, an exam attempt, a complete year and its
    certificate, a paid and invoiced order, an approved claim, a consultation, a resolved
    complaint, a notice, a text message, a portal link. Nothing is left open (cancelling is
    allowed). Rows are created directly: the apps' own rules are their tests' business."""
    import datetime as dt
    from decimal import Decimal

    from jxjy.billing.models import Invoice, Order, Payment
    from jxjy.certificates.services import certificate_issue
    from jxjy.certificates.tests.conftest import complete_year
    from jxjy.core import clock
    from jxjy.credits.models import EquivalentHoursClaim
    from jxjy.exams.models import ExamAttempt, QuestionBank
    from jxjy.learning.models import Enrolment, LectureProgress
    from jxjy.learning.testing import make_course
    from jxjy.notices.models import Notice, SmsMessage, VerificationCode
    from jxjy.plans.selectors import current_year
    from jxjy.portals.models import ExternalIdentity
    from jxjy.service.models import Complaint, Consultation

    learner = user.learner
    now = clock.now()
    year = current_year()
    course = make_course(_base(), title=f"课程{tag}")
    enrolment = Enrolment.objects.create(learner=learner, course=course, year=year, status=Enrolment.Status.ACTIVE,
                                         activated_at=now)
    LectureProgress.objects.create(enrolment=enrolment, lecture=course.lectures.first(), watched_ms=60000)
    bank = QuestionBank.objects.create(course=course)
    ExamAttempt.objects.create(enrolment=enrolment, number=1, bank=bank, generation=1, status=ExamAttempt.Status.SUBMITTED,
                               started_at=now, deadline=now + dt.timedelta(hours=1), submitted_at=now, score=90,
                               passed=True, points_per_question=2, pass_mark=60, total_points=100)
    from jxjy.evaluations.models import CourseEvaluation

    CourseEvaluation.objects.create(enrolment=enrolment, course=course, learner=learner, year=year, overall=5,
                                    content=4, teaching=5, video=4, comment=f"评价{tag}", created_at=now,
                                    updated_at=now)
    complete_year(user, year)
    cert, _created = certificate_issue(learner=learner, year=year, actor=user)
    order = Order.objects.create(number=f"ORD{tag}", learner=learner, base=course.base, kind=Order.Kind.ENROLMENT,
                                 reference_id=enrolment.pk, year=year, plan_year=year, mode=Order.Mode.ONLINE,
                                 hours=2, rate=Decimal("10.00"), amount=Decimal("20.00"),
                                 description=f"课程{tag}", status=Order.Status.PAID, paid_at=now, created_at=now,
                                 expires_at=now + dt.timedelta(minutes=30))
    Payment.objects.create(order=order, gateway="sandbox", transaction_id=f"TX{tag}", amount=order.amount,
                           paid_at=now, recorded_at=now)
    Invoice.objects.create(order=order, base=course.base, status=Invoice.Status.ISSUED, number=f"INV{tag}",
                           amount=order.amount, buyer_type=Order.Buyer.PERSONAL, buyer_name=learner.name,
                           issued_at=now, created_at=now)
    EquivalentHoursClaim.objects.create(
        learner=learner, year=year, claim_type="paper", type_name="论文", category="PROFESSIONAL",
        title=f"论文{tag}（作者{learner.name}）", started_on=dt.date(year, 1, 1), ended_on=dt.date(year, 2, 1),
        hours_claimed=Decimal("4"), hours_approved=Decimal("4"), evidence="claims/evidence/x.pdf",
        evidence_name="x.pdf", status=EquivalentHoursClaim.Status.APPROVED, submitted_at=now, reviewed_at=now)
    Consultation.objects.create(asker=user, title=f"咨询{tag}", question=f"我是{learner.name}，电话{learner.phone}",
                                asked_at=now, status=Consultation.Status.CLOSED)
    Complaint.objects.create(complainant=learner, base=course.base, reason=Complaint.Reason.OVERCHARGING,
                             description=f"投诉{tag}", status=Complaint.Status.RESOLVED, filed_at=now)
    Notice.objects.create(recipient=user, kind=Notice.Kind.PAYMENT_RECEIVED, stored_title=f"通知{tag}",
                          params={"order": order.number}, created_at=now)
    SmsMessage.objects.create(phone=learner.phone, text=f"【陕西继续教育】{learner.name}您好", purpose="test",
                              gateway="sandbox", created_at=now)
    VerificationCode.objects.create(phone=learner.phone, purpose="phone_change", salt="s", digest="d", sent_at=now,
                                    expires_at=now)
    ExternalIdentity.objects.create(provider="sxzwfw", subject=f"sub-{tag}", user=user, linked_at=now)
    return {"course": course, "order": order, "certificate": cert, "tag": tag}


def _base() -> Any:
    from jxjy.org.models import TrainingBase

    return TrainingBase.objects.order_by("pk").first()
