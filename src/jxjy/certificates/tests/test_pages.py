"""The learner's page: each year's state, the issue button, the code and the print buttons;
the dashboard panel."""

import pytest
from django.test import RequestFactory

from jxjy.certificates import dashboard
from jxjy.certificates.models import Certificate

from .conftest import complete_year

pytestmark = pytest.mark.django_db


def test_the_learner_issues_and_prints_from_the_page(cast, client, year):
    complete_year(cast.learner_yanta, year)
    client.force_login(cast.learner_yanta)
    html = client.get("/certificates/mine/").content.decode()
    assert f'id="year-{year}" data-state="available"' in html and "领取证书" in html
    res = client.post(f"/certificates/mine/{year}/issue/", follow=True)
    cert = Certificate.objects.get()
    html = res.content.decode()
    assert cert.grouped_code in html and "打印" in html and "已签发" in html
    pdf = client.get(f"/certificates/mine/{year}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/certificates/mine/{year}/pdf/?download=1")["Content-Disposition"].startswith("attachment")


def test_an_incomplete_year_shows_what_is_missing_and_no_button(cast, client, year):
    client.force_login(cast.learner_yanta)
    html = client.get("/certificates/mine/").content.decode()
    assert 'data-state="incomplete"' in html and "尚差" in html and "领取证书" not in html
    res = client.post(f"/certificates/mine/{year}/issue/", follow=True)
    assert "尚未达标" in res.content.decode() and not Certificate.objects.exists()


def test_the_learner_page_is_for_learners(cast, client):
    assert client.get("/certificates/mine/").status_code == 302  # to sign in
    client.force_login(cast.employer_yanta)
    assert client.get("/certificates/mine/").status_code == 403
    client.force_login(cast.learner_yanta)
    assert client.get("/certificates/").status_code == 302  # a learner's lookup is their own page


def test_the_dashboard_panel_offers_the_ready_year(cast, year):
    complete_year(cast.learner_yanta, year)
    request = RequestFactory().get("/dashboard/")
    request.user = cast.learner_yanta
    [panel] = dashboard.panels(request)
    assert panel["title"] == "我的证书" and str(year) in panel["html"] and "/certificates/mine/" in panel["html"]
    request.user = cast.admin_xian
    assert "/certificates/" in dashboard.panels(request)[0]["html"]
    request.user = cast.base_provincial
    assert dashboard.panels(request) == []
