"""Who sees which certificates: a learner their own; the employer, the city bureau and the
province those in their scope; nobody else, and what is out of scope answers not found."""

import pytest

from jxjy.certificates.services import certificate_issue

from .conftest import complete_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(cast, year):
    complete_year(cast.learner_yanta, year)
    return certificate_issue(learner=cast.learner_yanta.learner, year=year, actor=None)[0]


def test_a_learner_cannot_open_another_learners_certificate(cast, api, cert):
    other = api(cast.learner_baishui)
    for path in (f"certificates/{cert.pk}", f"certificates/{cert.pk}/pdf"):
        res = other.get(path)
        assert res.status_code == 404 and res.json()["code"] == "certificate_not_found"
    assert api(cast.learner_baishui).get(f"me/certificates/{cert.year}/pdf").status_code == 404


def test_a_learner_opens_their_own(cast, api, cert):
    assert api(cast.learner_yanta).get(f"certificates/{cert.pk}").json()["code"] == cert.grouped_code


@pytest.mark.parametrize("who", ["employer_yanta", "admin_xian", "province_admin"])
def test_the_employer_the_city_and_the_province_look_it_up(cast, api, cert, who):
    client = api(getattr(cast, who))
    listed = client.get("certificates", year=cert.year).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == cert.pk
    assert listed["items"][0]["id_number"] == cast.learner_yanta.learner.masked_id_number
    assert client.get(f"certificates/{cert.pk}").status_code == 200
    assert client.get(f"certificates/{cert.pk}/pdf").status_code == 200


@pytest.mark.parametrize("who", ["employer_baishui", "admin_weinan"])
def test_another_employer_or_city_sees_nothing(cast, api, cert, who):
    client = api(getattr(cast, who))
    assert client.get("certificates").json() == {"count": 0, "items": []}
    assert client.get(f"certificates/{cert.pk}").status_code == 404
    assert client.get(f"certificates/{cert.pk}/pdf").status_code == 404


def test_training_bases_and_learners_do_not_look_certificates_up(cast, api, cert):
    assert api(cast.base_provincial).get("certificates").status_code == 403
    assert api(cast.base_provincial).get(f"certificates/{cert.pk}").status_code == 404
    assert api(cast.learner_yanta).get("certificates").status_code == 403
    assert api().get("certificates").status_code == 401


def test_the_lookup_page_lists_the_scope_with_ids_masked(cast, client, cert):
    client.force_login(cast.employer_yanta)
    html = client.get("/certificates/").content.decode()
    learner = cast.learner_yanta.learner
    assert learner.name in html and learner.masked_id_number in html and learner.id_number not in html
    client.force_login(cast.employer_baishui)
    assert learner.name not in client.get("/certificates/").content.decode()
    assert client.get(f"/certificates/{cert.pk}/pdf/").status_code == 404
    client.force_login(cast.base_provincial)
    assert client.get("/certificates/").status_code == 403
