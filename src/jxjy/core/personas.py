"""The standard cast: the demo data's people, and the personas every test signs in as.

Idempotent: building it twice finds what the first build made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_credit_code, make_id_number
from jxjy.org.models import Division, Employer, Specialty, TrainingBase

DEMO_PASSWORD = "Demo@2020"

Perm = TrainingBase.Permission


@dataclass
class Cast:
    province_admin: User
    admin_xian: User
    admin_weinan: User
    base_provincial: User
    base_weinan: User
    employer_baishui: User
    employer_yanta: User
    learner_baishui: User
    learner_yanta: User
    provincial_base: TrainingBase
    weinan_base: TrainingBase
    baishui_employer: Employer
    yanta_employer: Employer


def _user(username: str, password: str, role: str, name: str, **scope: object) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, display_name=name, **scope)
        user.is_staff = user.is_superuser = role == User.Role.PROVINCE_ADMIN
        user.set_password(password)
        user.save()
    return user


def _learner(username: str, password: str, name: str, id_number: str, phone: str, employer: Employer,
             specialty: Specialty, level: str) -> User:
    user = _user(username, password, User.Role.LEARNER, name)
    Learner.objects.get_or_create(user=user, defaults={
        "id_number": id_number, "name": name, "phone": phone, "employer": employer, "specialty": specialty,
        "title_level": level, "affiliation": Learner.Affiliation.CONFIRMED})
    return user


@transaction.atomic
def build_cast(password: str = DEMO_PASSWORD) -> Cast:
    div = {d.code: d for d in Division.objects.filter(code__in=["610100", "610500", "610527", "610113"])}
    spec = {s.code: s for s in Specialty.objects.all()}

    provincial, created = TrainingBase.objects.get_or_create(
        name="陕西省专业技术人员继续教育示范基地(省级)",
        defaults={"level": TrainingBase.Level.PROVINCIAL, "city": div["610100"],
                  "permissions": [Perm.IN_PERSON, Perm.ONLINE_PUBLIC, Perm.ONLINE_PROFESSIONAL],
                  "credit_code": make_credit_code("12610000MB2900001"), "invoice_prefix": "SJD"})
    if created:
        provincial.specialty_scope.set([spec[c] for c in ("GC-JZ", "GC-JSJ", "GC-DZ", "JJ", "KJ")])
    weinan, created = TrainingBase.objects.get_or_create(
        name="渭南市专业技术人员继续教育基地",
        defaults={"level": TrainingBase.Level.CITY, "city": div["610500"],
                  "permissions": [Perm.IN_PERSON, Perm.ONLINE_PROFESSIONAL],
                  "credit_code": make_credit_code("12610500MB2900002"), "invoice_prefix": "WNJD"})
    if created:
        weinan.specialty_scope.set([spec[c] for c in ("NY", "JY-ZX", "WS-HL")])

    baishui, _ = Employer.objects.get_or_create(
        credit_code=make_credit_code("12610527MB2900003"),
        defaults={"name": "白水县人民医院", "county": div["610527"]})
    yanta, _ = Employer.objects.get_or_create(
        credit_code=make_credit_code("91610113MA6U00004"),
        defaults={"name": "西安雁塔软件科技有限公司", "county": div["610113"]})

    return Cast(
        province_admin=_user("admin_province", password, User.Role.PROVINCE_ADMIN, "省人社厅管理员"),
        admin_xian=_user("admin_xian", password, User.Role.CITY_ADMIN, "西安市人社局管理员", city=div["610100"]),
        admin_weinan=_user("admin_weinan", password, User.Role.CITY_ADMIN, "渭南市人社局管理员",
                           city=div["610500"]),
        base_provincial=_user("base_provincial", password, User.Role.BASE_ADMIN, "省级基地管理员", base=provincial),
        base_weinan=_user("base_weinan", password, User.Role.BASE_ADMIN, "渭南市基地管理员", base=weinan),
        employer_baishui=_user("employer_baishui", password, User.Role.EMPLOYER_REVIEWER, "白水县人民医院人事科",
                               employer=baishui),
        employer_yanta=_user("employer_yanta", password, User.Role.EMPLOYER_REVIEWER, "雁塔软件公司人事部",
                             employer=yanta),
        learner_baishui=_learner("learner_baishui", password, "张白水", make_id_number("610527", "19950312", "123"),
                                 "13800000001", baishui, spec["WS-HL"], Learner.TitleLevel.JUNIOR),
        learner_yanta=_learner("learner_yanta", password, "李雁塔", make_id_number("610113", "19880615", "123"),
                               "13900000002", yanta, spec["GC-JSJ"], Learner.TitleLevel.INTERMEDIATE),
        provincial_base=provincial, weinan_base=weinan, baishui_employer=baishui, yanta_employer=yanta,
    )
