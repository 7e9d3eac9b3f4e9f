"""Error pages outside the API are Chinese pages of the site, never Django's English defaults."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_address_shows_a_chinese_not_found_page():
    res = Client().get("/no-such-page/")
    assert res.status_code == 404
    html = res.content.decode()
    assert "页面不存在" in html and "Not Found" not in html


def test_a_page_raising_not_found_shows_the_same_page(cast):
    client = Client()
    client.force_login(cast.learner_yanta)
    res = client.get("/billing/reports/")  # not for learners: answered as not found
    assert res.status_code == 404
    assert "页面不存在" in res.content.decode()


def test_a_server_error_page_is_chinese_and_needs_no_request():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "平台出现了故障" in html and "Server Error" not in html
