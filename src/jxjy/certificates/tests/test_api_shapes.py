"""The learner's years: each issued, available, or not complete with what is missing."""

import pytest

from jxjy.learning.selectors import rules_for_year

from .conftest import complete_year, credit

pytestmark = pytest.mark.django_db


def _year(body, year):
    return next(y for y in body["years"] if y["year"] == year)


def test_a_year_without_hours_is_incomplete_with_everything_missing(cast, api, year):
    body = api(cast.learner_yanta).get("me/certificates").json()
    rules = rules_for_year(year)
    row = _year(body, year)
    assert row == {
        "year": year, "state": "incomplete", "hours": {"public": 0, "professional": 0, "total": 0},
        "required": {"public": rules.hours_public, "professional": rules.hours_professional,
                     "total": rules.hours_total},
        "missing": {"public": rules.hours_public, "professional": rules.hours_professional,
                    "total": rules.hours_total},
        "confirmed": True, "certificate": None}


def test_a_complete_year_is_available_then_issued(cast, api, year):
    complete_year(cast.learner_yanta, year)
    client = api(cast.learner_yanta)
    row = _year(client.get("me/certificates").json(), year)
    assert row["state"] == "available" and row["missing"] == {"public": 0, "professional": 0, "total": 0}
    issued = client.post(f"me/certificates/{year}").json()
    row = _year(client.get("me/certificates").json(), year)
    assert row["state"] == "issued"
    cert = row["certificate"]
    assert cert["code"] == issued["code"] and cert["status"] == "valid" and cert["version"] == 1
    assert set(cert) == {"id", "year", "version", "status", "status_display", "issued_at", "ended_at", "pdf_url",
                         "certificate", "code", "verify_url"}
    assert set(cert["certificate"]) == {"year", "version", "name", "id_number", "employer", "specialty", "hours",
                                        "required", "issued_on", "plan", "entries"}
    assert cert["certificate"]["entries"][0] == {"title": "弘扬延安精神、坚定理想信念", "category": "PUBLIC",
                                                 "source": "IN_PERSON", "hours": rules_for_year(year).hours_public,
                                                 "recorded_on": cert["certificate"]["entries"][0]["recorded_on"]}


def test_past_years_with_hours_are_listed_newest_first(cast, api, year):
    credit(cast.learner_yanta, year - 1, "PUBLIC", 4, "session:3")
    years = [y["year"] for y in api(cast.learner_yanta).get("me/certificates").json()["years"]]
    assert years == [year, year - 1]


def test_the_schema_documents_the_paths(api):
    paths = api().get("openapi.json").json()["paths"]
    for path in ("/api/v1/me/certificates", "/api/v1/me/certificates/{year}", "/api/v1/me/certificates/{year}/pdf",
                 "/api/v1/certificates/verify/{code}", "/api/v1/certificates",
                 "/api/v1/certificates/{certificate_id}", "/api/v1/certificates/{certificate_id}/pdf"):
        assert path in paths, path
