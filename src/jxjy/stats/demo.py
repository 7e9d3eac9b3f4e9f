"""Statistics' demo data: a modest year for the province's charts, made through the apps' own
services as it would happen on the platform.

Seven more learners at employers in five cities (西安, 宝鸡, 汉中 (城固县, a relief county),
渭南 (白水县, relief), 咸阳) register and are confirmed by their employers (咸阳's has no
reviewer yet, so its learner stays unconfirmed). The two demo bases hold five in-person sessions
of the current plan year; the learners register, pay through the sandbox cashier (invoices
issued), one order is left to expire, the bases record attendance (one learner absent) and close
the sessions, which credits the hours. So the completion chart has every status, the hours chart
in-person hours of both categories, and the money chart orders and payments over several months.

The plan year is usually past (the 2020 plan), and its events must fall on its own dates to
count in that year's charts: each step runs with the platform clock pinned at its date. Steps
dated after today are left out. Idempotent: everything is found again by ID number, credit code,
username or subject before it is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jxjy.accounts.models import Learner, User
from jxjy.accounts.privacy import current_policy
from jxjy.accounts.services import learner_affiliation_review, learner_register, staff_create
from jxjy.accounts.validators import make_credit_code, make_id_number
from jxjy.billing import conf as billing_conf
from jxjy.billing.gateways.sandbox import SandboxGateway
from jxjy.billing.models import Order
from jxjy.billing.services import order_expire_if_due, payment_notification_handle
from jxjy.core import clock
from jxjy.core.errors import DomainError
from jxjy.core.personas import DEMO_PASSWORD, Cast
from jxjy.learning.models import InPersonSession, SessionRegistration
from jxjy.learning.services import Mark, attendance_record, session_close, session_register, session_schedule
from jxjy.org.models import Employer, Specialty
from jxjy.org.services import employer_create
from jxjy.plans.selectors import current_year


@dataclass(frozen=True)
class DemoEmployer:
    key: str
    credit_body: str  # 17 characters; the check digit is computed
    name: str
    county: str
    reviewer: str  # username of its reviewer; "" for none (its learners stay unconfirmed)


@dataclass(frozen=True)
class DemoLearner:
    key: str
    name: str
    id_parts: tuple[str, str, str]
    phone: str
    employer: str  # a DemoEmployer key, or "yanta" / "baishui" for the cast's employers
    specialty: str
    level: str


@dataclass(frozen=True)
class DemoSession:
    key: str
    base: str  # "provincial" or "weinan"
    subject: str
    category: str
    specialty: str  # "" for a public session
    hours: int
    scheduled: tuple[int, int]  # (month, day) of the plan year
    starts: tuple[int, int]
    ends: tuple[int, int]
    place: str


EMPLOYERS = [
    DemoEmployer("baoji", "12610302MB2900011", "宝鸡市中心医院", "610302", "employer_baoji"),
    DemoEmployer("chenggu", "12610722MB2900012", "城固县人民医院", "610722", "employer_chenggu"),
    DemoEmployer("xianyang", "12610402MB2900013", "咸阳市秦都中学", "610402", ""),
]

LEARNERS = [
    DemoLearner("xian", "陈思远", ("610113", "19900412", "231"), "13700000101", "yanta", "GC-JSJ", "INTERMEDIATE"),
    DemoLearner("baoji_eng", "杜建华", ("610302", "19870923", "152"), "13700000102", "baoji", "GC-JZ", "SENIOR"),
    DemoLearner("baoji_econ", "马晓雯", ("610302", "19930217", "264"), "13700000103", "baoji", "JJ", "JUNIOR"),
    DemoLearner("chenggu_nurse", "黄丽娟", ("610104", "19910630", "186"), "13700000104", "chenggu", "WS-HL",
                "INTERMEDIATE"),
    DemoLearner("chenggu_doctor", "周文博", ("610104", "19850108", "317"), "13700000105", "chenggu", "WS-LC",
                "SENIOR"),
    DemoLearner("baishui_nurse", "刘小梅", ("610527", "19960521", "248"), "13700000106", "baishui", "WS-HL",
                "JUNIOR"),
    DemoLearner("xianyang", "孙立新", ("610402", "19890314", "139"), "13700000107", "xianyang", "JY-ZX",
                "INTERMEDIATE"),
]

PROVINCIAL_PLACE = "西安市雁塔区含光路南段 陕西省专业技术人员继续教育示范基地"
WEINAN_PLACE = "渭南市临渭区朝阳大街1号 渭南市继续教育基地培训楼"

SESSIONS = [
    DemoSession("public", "provincial", "弘扬延安精神、坚定理想信念(面授专题班)", "PUBLIC", "", 24,
                (3, 2), (4, 13), (4, 16), PROVINCIAL_PLACE),
    DemoSession("nursing", "weinan", "基层护理质量与安全实务(面授)", "PROFESSIONAL", "WS-HL", 32,
                (4, 1), (5, 18), (5, 21), WEINAN_PLACE),
    DemoSession("software", "provincial", "软件工程与信息安全新技术(面授)", "PROFESSIONAL", "GC-JSJ", 32,
                (5, 6), (6, 8), (6, 11), PROVINCIAL_PLACE),
    DemoSession("economics", "provincial", "经济管理与财务分析实务(面授)", "PROFESSIONAL", "JJ", 24,
                (7, 1), (9, 7), (9, 9), PROVINCIAL_PLACE),
    DemoSession("care", "weinan", "护理人文与医患沟通(面授)", "PROFESSIONAL", "WS-HL", 24,
                (8, 3), (10, 12), (10, 14), WEINAN_PLACE),
]

PAID, UNPAID, ABSENT = "paid", "unpaid", "absent"

# (learner, session, what happens): paid and attended unless noted. The outcome per learner:
# 陈思远 and 黄丽娟 complete the year (黄丽娟 at the relief rate), 杜建华 lacks professional hours,
# 马晓雯 and 刘小梅 public hours, 周文博 has none (an expired order, a session missed) and 孙立新's
# hours wait for his employer's confirmation.
REGISTRATIONS = [
    ("xian", "public", PAID), ("xian", "software", PAID), ("xian", "economics", PAID),
    ("baoji_eng", "public", PAID), ("baoji_eng", "software", PAID),
    ("baoji_econ", "economics", PAID),
    ("chenggu_nurse", "public", PAID), ("chenggu_nurse", "nursing", PAID), ("chenggu_nurse", "care", PAID),
    ("chenggu_doctor", "public", UNPAID), ("chenggu_doctor", "nursing", ABSENT),
    ("baishui_nurse", "nursing", PAID), ("baishui_nurse", "care", PAID),
    ("xianyang", "public", PAID),
]


def _at(year: int, month_day: tuple[int, int], hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month_day[0], month_day[1], hour, minute))


def _employers(cast: Cast) -> dict[str, Employer]:
    found = {"yanta": cast.yanta_employer, "baishui": cast.baishui_employer}
    for e in EMPLOYERS:
        code = make_credit_code(e.credit_body)
        employer = Employer.objects.filter(credit_code=code).first()
        if employer is None:
            employer = employer_create(actor=cast.province_admin, name=e.name, credit_code=code, county_code=e.county)
        found[e.key] = employer
    return found


def _reviewers(cast: Cast, employers: dict[str, Employer]) -> dict[int, User]:
    reviewers = {cast.yanta_employer.pk: cast.employer_yanta, cast.baishui_employer.pk: cast.employer_baishui}
    for e in EMPLOYERS:
        if not e.reviewer:
            continue
        user = User.objects.filter(username=e.reviewer).first()
        if user is None:
            user = staff_create(actor=cast.province_admin, username=e.reviewer, password=DEMO_PASSWORD,
                                role=User.Role.EMPLOYER_REVIEWER, display_name=f"{e.name}人事科",
                                employer_id=employers[e.key].pk)
        reviewers[employers[e.key].pk] = user
    return reviewers


def _learners(cast: Cast, employers: dict[str, Employer], reviewers: dict[int, User], year: int) -> dict[str, Learner]:
    specialties = {s.code: s for s in Specialty.objects.filter(code__in={p.specialty for p in LEARNERS})}
    found = {}
    for p in LEARNERS:
        id_number = make_id_number(*p.id_parts)
        learner = Learner.objects.filter(id_number=id_number).first()
        if learner is None:
            with clock.pinned(_at(year, (2, 20))):
                learner = learner_register(id_number=id_number, name=p.name, phone=p.phone, password=DEMO_PASSWORD,
                                           employer_id=employers[p.employer].pk,
                                           specialty_id=specialties[p.specialty].pk, title_level=p.level,
                                           privacy_version=getattr(current_policy(), "version", None))
        reviewer = reviewers.get(learner.employer_id)
        if learner.affiliation == Learner.Affiliation.PENDING and reviewer is not None:
            with clock.pinned(_at(year, (2, 24))):
                learner = learner_affiliation_review(reviewer=reviewer, learner=learner, confirm=True)
        found[p.key] = learner
    return found


def _sessions(cast: Cast, year: int, today: dt.date) -> dict[str, InPersonSession]:
    admins = {"provincial": cast.base_provincial, "weinan": cast.base_weinan}
    bases = {"provincial": cast.provincial_base, "weinan": cast.weinan_base}
    found = {}
    for s in SESSIONS:
        if dt.date(year, *s.ends) >= today:
            continue  # not over yet in the plan year: left out rather than dated in the future
        session = InPersonSession.objects.filter(base=bases[s.base], subject=s.subject, year=year).first()
        if session is None:
            specialty = Specialty.objects.get(code=s.specialty).pk if s.specialty else None
            with clock.pinned(_at(year, s.scheduled)):
                session = session_schedule(actor=admins[s.base], subject=s.subject, category=s.category, year=year,
                                           starts_on=dt.date(year, *s.starts), ends_on=dt.date(year, *s.ends),
                                           hours=s.hours, place=s.place, capacity=40, specialty_id=specialty)
        found[s.key] = session
    return found


def _register(learner: Learner, session: InPersonSession, fate: str, moment: dt.datetime) -> None:
    if SessionRegistration.objects.filter(session=session, learner=learner).exists():
        return
    with clock.pinned(moment):
        registration = session_register(learner=learner, session=session)
    order = Order.objects.get(pk=registration.order_ref)
    if fate == UNPAID:
        # Never paid: the order lapses after its payment time, freeing the place.
        with clock.pinned(moment + billing_conf.order_expiry() + dt.timedelta(minutes=1)):
            order_expire_if_due(order=order)
        return
    if order.status == Order.Status.PENDING and order.gateway == "sandbox" and billing_conf.sandbox_active():
        paid_at = moment + dt.timedelta(minutes=3)
        body = SandboxGateway().build_notification(order_number=order.number, amount=order.amount, paid_at=paid_at)
        # The paid order confirms the place and issues the invoice on commit, at the pinned time.
        with clock.pinned(paid_at):
            payment_notification_handle(gateway_name="sandbox", body=body, headers={})


def _close(cast: Cast, session: InPersonSession, absent: set[int], year: int) -> int:
    if session.status != InPersonSession.Status.SCHEDULED:
        return 0
    admin = cast.base_provincial if session.base_id == cast.provincial_base.pk else cast.base_weinan
    confirmed = SessionRegistration.objects.filter(session=session, status=SessionRegistration.Status.CONFIRMED,
                                                   attended__isnull=True)
    marks = [Mark(registration_id=r.pk, attended=r.learner_id not in absent) for r in confirmed]
    with clock.pinned(_at(year, (session.ends_on.month, session.ends_on.day), 17, 30)):
        if marks:
            attendance_record(actor=admin, session=session, marks=marks)
        return session_close(actor=admin, session=session)


def seed(cast: Cast, stdout: Any) -> None:
    year = current_year()
    today = clock.today()
    if today < dt.date(year, 3, 1):
        stdout.write(f"stats: the {year} plan year has barely begun; no demo year")
        return
    try:
        employers = _employers(cast)
        learners = _learners(cast, employers, _reviewers(cast, employers), year)
        sessions = _sessions(cast, year, today)
        credited = 0
        for key, session in sessions.items():
            rows = [(learners[who], fate) for who, where, fate in REGISTRATIONS if where == key]
            spec = next(s for s in SESSIONS if s.key == key)
            for i, (learner, fate) in enumerate(rows):
                # Registrations spread over the days after the session was announced.
                day = dt.date(year, *spec.scheduled) + dt.timedelta(days=7 + 3 * i)
                _register(learner, session, fate, _at(year, (day.month, day.day), 10, 5 * i))
            absent = {learner.pk for learner, fate in rows if fate == ABSENT}
            credited += _close(cast, InPersonSession.objects.get(pk=session.pk), absent, year)
    except DomainError as exc:
        stdout.write(f"stats: demo year incomplete ({exc.code}: {exc.message})")
        return
    paid = Order.objects.filter(learner__in=learners.values(), status=Order.Status.PAID).count()
    stdout.write(f"stats: {len(learners)} more learners, {len(sessions)} in-person sessions of {year}, "
                 f"{paid} paid orders, {credited} attendances credited")
