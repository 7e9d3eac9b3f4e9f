import pytest

from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_id_number
from jxjy.org.models import Specialty

pytestmark = pytest.mark.django_db


def _payload(cast, **changes):
    data = {"id_number": make_id_number("610113", "19900101", "456"), "name": "王注册", "phone": "13712345678",
            "password": "Strong#pass2020", "employer_id": cast.yanta_employer.pk,
            "specialty_id": Specialty.objects.get(code="GC-JSJ").pk, "title_level": "JUNIOR",
            "privacy_version": "1.0"}
    data.update(changes)
    return data


def test_a_professional_registers_and_waits_for_the_employer(cast, api):
    res = api().post("learners", _payload(cast))
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["affiliation"] == "PENDING"
    assert body["id_number"].startswith("610") and "*" in body["id_number"]
    assert "19900101" not in body["id_number"]
    assert body["phone"] == "137****5678"
    assert Learner.objects.filter(name="王注册").count() == 1


@pytest.mark.parametrize("bad_id, reason", [
    ("610113199001014560", "校验位"),
    ("61011319900101456", "18位"),
    ("6101131990010145XX", "数字"),
])
def test_a_wrong_id_number_is_refused_and_nothing_is_stored(cast, api, bad_id, reason):
    users_before = User.objects.count()
    res = api().post("learners", _payload(cast, id_number=bad_id))
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "validation_failed"
    errors = {e["field"]: e["reason"] for e in body["detail"]["errors"]}
    assert reason in errors["id_number"]
    assert User.objects.count() == users_before


def test_an_impossible_birth_date_is_refused(cast, api):
    body = "61011319900230456"
    from stdnum.cn import ric

    impossible = body + ric.calc_check_digit(body + "0")
    res = api().post("learners", _payload(cast, id_number=impossible))
    assert res.status_code == 422
    assert "出生日期" in res.json()["detail"]["errors"][0]["reason"]


def test_a_second_registration_of_the_same_id_number_is_409(cast, api):
    assert api().post("learners", _payload(cast)).status_code == 201
    res = api().post("learners", _payload(cast, phone="13712345679"))
    assert res.status_code == 409 and res.json()["code"] == "already_registered"
    assert Learner.objects.filter(name="王注册").count() == 1


def test_an_unknown_employer_and_a_bad_phone_are_reported_together(cast, api):
    res = api().post("learners", _payload(cast, employer_id=999999, phone="12345"))
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["detail"]["errors"]}
    assert {"employer_id", "phone"} <= fields


def test_malformed_json_gets_the_error_shape(cast, api):
    res = api().client.post("/api/v1/learners", "{not json", content_type="application/json")
    assert res.status_code in (400, 422)
    assert set(res.json()) == {"code", "message", "detail"}


def test_wrong_types_are_422_with_chinese_reasons(cast, api):
    res = api().post("learners", _payload(cast, employer_id="abc"))
    assert res.status_code == 422
    body = res.json()
    assert body["message"] == "提交的内容格式有误"
    assert any(e["reason"] == "应为整数" for e in body["detail"]["errors"])


def test_a_pending_learner_is_confirmed_by_its_employer_and_it_is_audited(cast, api):
    learner_id = api().post("learners", _payload(cast)).json()["id"]
    assert api(cast.employer_baishui).post(f"learners/{learner_id}/affiliation", {"confirm": True}).status_code == 404
    res = api(cast.employer_yanta).post(f"learners/{learner_id}/affiliation", {"confirm": True})
    assert res.status_code == 200 and res.json()["affiliation"] == "CONFIRMED"
    from jxjy.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="learner.affiliation_review")
    assert entry.actor_name == "employer_yanta" and entry.after["affiliation"] == "CONFIRMED"
    assert entry.before["affiliation"] == "PENDING"
