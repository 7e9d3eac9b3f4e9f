"""The language a request chose (the cookie set by /i18n/setlang/) is active for that request
only: the thread that served it goes back to its own language, so work it does next (a task run
in-process, the next request's code before the middleware, a test) is not in English by chance."""

from django.conf import settings
from django.utils import translation


def test_an_english_request_answers_in_english_and_leaves_the_thread_as_it_was(client, db):
    before = translation.get_language()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert "Sign in" in response.content.decode() or "Log in" in response.content.decode()
    assert translation.get_language() == before


def test_without_a_cookie_the_platform_speaks_chinese(client, db):
    response = client.get("/login/", headers={"Accept-Language": "en"})
    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()
