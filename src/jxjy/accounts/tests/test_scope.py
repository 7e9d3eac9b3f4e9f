import pytest

pytestmark = pytest.mark.django_db


def test_city_admin_reads_a_learner_of_its_city(cast, api):
    learner_id = cast.learner_yanta.learner.pk
    res = api(cast.admin_xian).get(f"learners/{learner_id}")
    assert res.status_code == 200 and res.json()["name"] == "李雁塔"


def test_city_admin_cannot_see_other_city_learner(cast, api):
    learner_id = cast.learner_baishui.learner.pk
    res = api(cast.admin_xian).get(f"learners/{learner_id}")
    assert res.status_code == 404
    assert res.json()["code"] == "learner_not_found"
    missing = api(cast.admin_xian).get("learners/987654")
    assert missing.status_code == 404 and missing.json() == res.json()


def test_city_admin_lists_only_its_city(cast, api):
    names = [x["name"] for x in api(cast.admin_weinan).get("learners").json()["items"]]
    assert names == ["张白水"]


def test_employer_reviewer_sees_only_its_people(cast, api):
    assert api(cast.employer_yanta).get(f"learners/{cast.learner_baishui.learner.pk}").status_code == 404
    assert api(cast.employer_baishui).get(f"learners/{cast.learner_baishui.learner.pk}").status_code == 200


def test_learner_cannot_see_another_learner(cast, api):
    assert api(cast.learner_yanta).get(f"learners/{cast.learner_baishui.learner.pk}").status_code == 404
    assert [x["name"] for x in api(cast.learner_yanta).get("learners").json()["items"]] == ["李雁塔"]


def test_base_admin_sees_no_learner_who_does_not_study_with_it(cast, api):
    assert api(cast.base_weinan).get("learners").json()["count"] == 0
    assert api(cast.base_weinan).get(f"learners/{cast.learner_baishui.learner.pk}").status_code == 404


def test_city_admin_sees_only_its_city_bases(cast, api):
    bases = api(cast.admin_weinan).get("bases").json()
    assert [b["name"] for b in bases] == [cast.weinan_base.name]
    assert api(cast.admin_xian).get(f"bases/{cast.weinan_base.pk}").status_code == 404
    assert api(cast.base_provincial).get(f"bases/{cast.weinan_base.pk}").status_code == 404


def test_me_reports_role_and_scope(cast, api):
    me = api(cast.admin_weinan).get("me").json()
    assert me["role"] == "CITY_ADMIN" and me["scope"]["city"] == {"code": "610500", "name": "渭南市"}
    me = api(cast.learner_baishui).get("me").json()
    assert me["scope"]["learner"]["employer"]["name"] == "白水县人民医院"
    assert "*" in me["scope"]["learner"]["id_number"]


def test_anonymous_callers_get_401_in_the_error_shape(api):
    res = api().get("me")
    assert res.status_code == 401
    assert res.json()["code"] == "not_authenticated"
    assert api().client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401
