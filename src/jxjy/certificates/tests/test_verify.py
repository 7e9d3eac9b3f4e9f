"""Public verification: anyone, no sign-in; valid, superseded, unknown and malformed codes;
only what the certificate states, the ID number masked; a limit per client address."""

import pytest

from jxjy.certificates import codes
from jxjy.certificates.models import Certificate
from jxjy.certificates.services import certificate_issue

from .conftest import complete_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(cast, year) -> Certificate:
    complete_year(cast.learner_yanta, year)
    return certificate_issue(learner=cast.learner_yanta.learner, year=year, actor=cast.learner_yanta)[0]


def test_anyone_verifies_a_valid_code(cast, api, cert):
    res = api().get(f"certificates/verify/{cert.grouped_code}")
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "valid" and "有效" in body["message"]
    learner = cast.learner_yanta.learner
    stated = body["certificate"]
    assert stated["name"] == learner.name and stated["year"] == cert.year
    assert stated["id_number"] == learner.masked_id_number and "*" in stated["id_number"]
    assert learner.id_number not in res.content.decode()
    assert learner.phone not in res.content.decode()
    assert "reference" not in stated["entries"][0]


def test_a_code_typed_loosely_still_verifies(api, cert):
    typed = " " + cert.grouped_code.lower().replace("-", " ") + " "
    assert api().get(f"certificates/verify/{typed}").json()["status"] == "valid"


def test_an_unknown_code_is_not_found_in_chinese(api, cert):
    other = codes.new_code()
    assert other != cert.code
    res = api().get(f"certificates/verify/{codes.grouped(other)}")
    assert res.status_code == 404
    body = res.json()
    assert body["code"] == "certificate_not_found" and body["detail"] == {"status": "unknown", "reason": "no_match"}
    assert "未找到" in body["message"]


@pytest.mark.parametrize("typed", ["123", "ABCD-EFGH-JKMN-PQRS-TUV0", "<script>", "X" * 70])
def test_a_malformed_code_is_not_found_in_chinese(api, typed):
    res = api().get(f"certificates/verify/{typed}")
    assert res.status_code == 404
    assert res.json()["detail"]["reason"] == "malformed" and "未找到" in res.json()["message"]


def test_attempts_are_limited_per_client_address(api, cert, settings):
    settings.JXJY_CERT_VERIFY_PER_MINUTE = 3
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:05+08:00"
    client = api()
    for _ in range(3):
        assert client.get(f"certificates/verify/{codes.new_code()}").status_code == 404
    res = client.get(f"certificates/verify/{cert.code}")
    assert res.status_code == 429
    assert res.json()["code"] == "rate_limited" and "一分钟后" in res.json()["message"]
    assert int(res["Retry-After"]) == 55
    # Another address is not held back by this one's attempts.
    other = client.client.get(f"/api/v1/certificates/verify/{cert.code}", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    # The next minute the address may try again.
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:01:05+08:00"
    assert client.get(f"certificates/verify/{cert.code}").status_code == 200


def test_the_page_verifies_without_signing_in(cast, client, cert):
    page = client.get("/certificates/verify/")
    assert page.status_code == 200 and "证书查验" in page.content.decode()
    res = client.get("/certificates/verify/", {"code": cert.grouped_code})
    html = res.content.decode()
    assert res.status_code == 200 and 'data-status="valid"' in html
    assert cast.learner_yanta.learner.masked_id_number in html
    assert cast.learner_yanta.learner.id_number not in html


def test_the_page_says_not_found_for_a_forged_code(client, cert):
    res = client.get("/certificates/verify/", {"code": codes.grouped(codes.new_code())})
    assert res.status_code == 404 and "未找到该验证码对应的证书" in res.content.decode()


def test_the_page_is_rate_limited_too(client, cert, settings):
    settings.JXJY_CERT_VERIFY_PER_MINUTE = 2
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:00+08:00"
    for _ in range(2):
        client.get("/certificates/verify/", {"code": "nope"})
    res = client.get("/certificates/verify/", {"code": cert.code})
    assert res.status_code == 429 and "查验次数过多" in res.content.decode() and res["Retry-After"] == "60"
