"""GET /stats/evaluations: per-base counts and averages for the province (all, or one city) and
a city bureau (its own city only), like every other statistic."""

import pytest

from jxjy.evaluations.services import evaluation_submit

from .conftest import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(cast, course, weinan_course, clock):
    for user, c, overall in [(cast.learner_yanta, course, 5), (cast.learner_baishui, course, 4),
                             (cast.learner_baishui, weinan_course, 1)]:
        evaluation_submit(actor=user, enrolment=completed(user, c),
                          scores={"overall": overall, "content": 3, "teaching": 4, "video": overall})


def _bases(body):
    return {b["name"]: (b["evaluations"], b["averages"]["overall"], b["averages"]["video"]) for b in body["bases"]}


def test_the_province_sees_every_bases_averages(cast, api, evaluated):
    body = api(cast.province_admin).get("stats/evaluations", year=2020).json()
    assert _bases(body) == {cast.provincial_base.name: (2, 4.5, 4.5), cast.weinan_base.name: (1, 1.0, 1.0)}
    assert body["total"] == 3 and [b["name"] for b in body["bases"]][0] == cast.provincial_base.name


def test_the_province_may_narrow_to_one_city(cast, api, evaluated):
    body = api(cast.province_admin).get("stats/evaluations", year=2020, city="610500").json()
    assert _bases(body) == {cast.weinan_base.name: (1, 1.0, 1.0)} and body["city"]["code"] == "610500"


def test_a_city_bureau_sees_its_own_citys_bases_only(cast, api, evaluated):
    body = api(cast.admin_weinan).get("stats/evaluations", year=2020).json()
    assert _bases(body) == {cast.weinan_base.name: (1, 1.0, 1.0)}
    r = api(cast.admin_weinan).get("stats/evaluations", year=2020, city="610100")
    assert r.status_code == 404


def test_another_year_has_none(cast, api, evaluated):
    assert api(cast.province_admin).get("stats/evaluations", year=2019).json()["bases"] == []


@pytest.mark.parametrize("who", ["base_provincial", "learner_yanta", "employer_yanta"])
def test_others_see_no_evaluation_statistics(cast, api, evaluated, who):
    assert api(getattr(cast, who)).get("stats/evaluations", year=2020).status_code == 403
