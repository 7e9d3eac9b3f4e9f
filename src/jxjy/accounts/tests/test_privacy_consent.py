"""The privacy policy: readable by anyone, agreed to at registration (the version and time are
recorded), and a newer version asked once of each signed-in learner, without holding up the API."""

import datetime as dt

import pytest
from django.test import Client

from jxjy.accounts.models import Learner, PrivacyConsent, PrivacyPolicy
from jxjy.accounts.validators import make_id_number
from jxjy.core import clock
from jxjy.org.models import Specialty

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def _form(cast, **changes):
    data = {"id_number": make_id_number("610113", "19910303", "135"), "name": "孙同意", "phone": "13712340001",
            "employer": cast.yanta_employer.pk, "specialty": Specialty.objects.get(code="GC-JSJ").pk,
            "title_level": "JUNIOR", "password": "Strong#pass2020", "password2": "Strong#pass2020",
            "privacy_version": "1.0", "privacy_consent": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _new_version(version="2.0"):
    return PrivacyPolicy.objects.create(version=version, effective_on=clock.today(), title="个人信息保护政策",
                                        body="# 新版\n第二版正文。")


def test_the_policy_page_is_public_and_chinese(db):
    page = Client().get("/privacy/").content.decode()
    assert "个人信息保护政策" in page and "身份证号码" in page and "注销账户" in page and "会计档案" in page
    body = Client().get("/api/v1/privacy-policy").json()
    assert body["version"] == "1.0" and "短信服务商" in body["body"]


def test_registration_without_ticking_consent_is_refused_and_nothing_is_stored(cast):
    page = Client().post("/register/", _form(cast, privacy_consent=None))
    assert page.status_code == 200 and "请阅读并同意个人信息保护政策" in page.content.decode()
    assert not Learner.objects.filter(name="孙同意").exists()


def test_the_registration_page_links_the_policy(cast):
    page = Client().get("/register/").content.decode()
    assert 'name="privacy_consent"' in page and 'href="/privacy/"' in page and 'value="1.0"' in page


def test_registration_records_the_version_and_time_of_consent(cast):
    response = Client().post("/register/", _form(cast))
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = PrivacyConsent.objects.get(user__learner__name="孙同意")
    assert consent.policy.version == "1.0" and consent.channel == "REGISTRATION"
    assert abs(consent.at - clock.now()) < dt.timedelta(minutes=1)


def test_the_api_registration_needs_the_version_in_force(cast, api):
    payload = {"id_number": make_id_number("610113", "19910303", "135"), "name": "孙同意", "phone": "13712340001",
               "password": "Strong#pass2020", "employer_id": cast.yanta_employer.pk,
               "specialty_id": Specialty.objects.get(code="GC-JSJ").pk}
    missing = api().post("learners", payload)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["detail"]["errors"]] == ["privacy_consent"]
    _new_version()
    stale = api().post("learners", {**payload, "privacy_version": "1.0"})
    assert stale.status_code == 422 and not Learner.objects.filter(name="孙同意").exists()
    ok = api().post("learners", {**payload, "privacy_version": "2.0"})
    assert ok.status_code == 201
    assert PrivacyConsent.objects.get(user__learner__name="孙同意").policy.version == "2.0"


def test_a_new_version_is_asked_once_on_the_dashboard(cast):
    client = signed_in("learner_yanta")
    PrivacyConsent.objects.create(user=cast.learner_yanta, policy=PrivacyPolicy.objects.get(version="1.0"),
                                  at=clock.now(), channel="REGISTRATION")
    assert 'id="privacy-update"' not in client.get("/dashboard/").content.decode()
    _new_version()
    page = client.get("/dashboard/").content.decode()
    assert 'id="privacy-update"' in page and "2.0" in page
    # Pages and the API go on meanwhile: nothing is blocked (the player's heartbeats among them).
    assert client.get("/study/").status_code == 200
    assert client.get("/api/v1/me").json()["privacy_consent_required"] == "2.0"
    accepted = client.post("/privacy/accept/", {"version": "2.0"})
    assert accepted.status_code == 302
    assert 'id="privacy-update"' not in client.get("/dashboard/").content.decode()
    assert client.get("/api/v1/me").json()["privacy_consent_required"] is None
    assert PrivacyConsent.objects.filter(user=cast.learner_yanta).count() == 2
    # Another learner has not agreed yet and is still asked.
    assert 'id="privacy-update"' in signed_in("learner_baishui").get("/dashboard/").content.decode()


def test_agreeing_to_an_outdated_version_is_refused(cast, api):
    _new_version()
    res = api(cast.learner_yanta).post("me/privacy-consent", {"version": "1.0"})
    assert res.status_code == 409 and res.json()["code"] == "privacy_version_changed"
    assert api(cast.learner_yanta).post("me/privacy-consent", {"version": "2.0"}).status_code == 200
    assert api(cast.learner_yanta).post("me/privacy-consent", {"version": "2.0"}).status_code == 200
    assert PrivacyConsent.objects.filter(user=cast.learner_yanta).count() == 1


def test_staff_are_not_asked(cast):
    _new_version()
    assert 'id="privacy-update"' not in signed_in("employer_yanta").get("/dashboard/").content.decode()


def test_a_future_version_is_not_in_force_before_its_date(cast):
    PrivacyPolicy.objects.create(version="3.0", effective_on=clock.today() + dt.timedelta(days=30), title="t",
                                 body="b")
    assert Client().get("/api/v1/privacy-policy").json()["version"] == "1.0"
