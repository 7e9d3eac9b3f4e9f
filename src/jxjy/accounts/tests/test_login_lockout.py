import datetime as dt

import pytest

from jxjy.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Test@2020pw"


def _token(api, login, password):
    return api().post("auth/token", {"username": login, "password": password})


def test_a_right_password_gives_a_token_that_opens_the_api(cast, api):
    res = _token(api, "learner_yanta", PASSWORD)
    assert res.status_code == 200
    token = res.json()["token"]
    me = api().client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["role"] == "LEARNER"


def test_a_learner_signs_in_with_the_id_number(cast, api):
    id_number = cast.learner_yanta.learner.id_number
    assert _token(api, id_number, PASSWORD).status_code == 200


def test_a_wrong_password_is_401_in_the_error_shape(cast, api):
    res = _token(api, "learner_yanta", "nope-nope")
    assert res.status_code == 401
    body = res.json()
    assert body["code"] == "bad_credentials" and body["message"] == "用户名或密码错误"
    assert _token(api, "nobody_here", "nope-nope").json()["message"] == "用户名或密码错误"


def test_five_failures_lock_the_account_even_for_the_right_password(cast, api):
    codes = [_token(api, "learner_yanta", f"wrong-{i}").status_code for i in range(5)]
    assert codes == [401, 401, 401, 401, 423]
    res = _token(api, "learner_yanta", PASSWORD)
    assert res.status_code == 423
    assert res.json()["code"] == "account_locked"
    assert "锁定" in res.json()["message"]


def test_the_lock_lifts_after_the_lock_time(cast, api, settings):
    for i in range(5):
        _token(api, "learner_yanta", f"wrong-{i}")
    locked_until = User.objects.get(username="learner_yanta").locked_until
    assert locked_until is not None
    settings.JXJY_FROZEN_NOW = (locked_until + dt.timedelta(seconds=1)).isoformat()
    assert _token(api, "learner_yanta", PASSWORD).status_code == 200


def test_failures_outside_the_window_do_not_add_up(cast, api, settings):
    start = dt.datetime(2020, 9, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(4):
        settings.JXJY_FROZEN_NOW = (start + dt.timedelta(minutes=i)).isoformat()
        assert _token(api, "learner_yanta", "bad").status_code == 401
    settings.JXJY_FROZEN_NOW = (start + dt.timedelta(minutes=20)).isoformat()
    assert _token(api, "learner_yanta", "bad").status_code == 401
    assert User.objects.get(username="learner_yanta").locked_until is None


def test_a_token_lapses_after_thirty_idle_minutes(cast, api, settings):
    settings.JXJY_FROZEN_NOW = "2020-09-01T09:00:00+08:00"
    token = _token(api, "learner_yanta", PASSWORD).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    settings.JXJY_FROZEN_NOW = "2020-09-01T09:29:00+08:00"
    assert api().client.get("/api/v1/me", headers=headers).status_code == 200
    settings.JXJY_FROZEN_NOW = "2020-09-01T10:00:00+08:00"
    res = api().client.get("/api/v1/me", headers=headers)
    assert res.status_code == 401 and res.json()["code"] == "not_authenticated"


def test_sessions_expire_after_thirty_idle_minutes_and_are_saved_at_most_once_a_minute(cast, client, monkeypatch):
    import time

    from django.conf import settings as real
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jxjy.core.middleware import SessionIdleRefreshMiddleware

    assert real.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(cast.learner_yanta)
    assert client.get("/dashboard/").status_code == 200  # the first use after signing in saves
    row = Session.objects.get()
    first_expiry = row.expire_date
    # Used again within the minute: the session is read, never written.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dashboard/").status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    # A minute later, a use pushes the expiry forward: idle time counts from there.
    saved_at = time.time()
    monkeypatch.setattr(time, "time", lambda: saved_at + 61)
    assert client.get("/dashboard/").status_code == 200
    data = Session.objects.get().get_decoded()
    assert data[SessionIdleRefreshMiddleware.KEY] == int(saved_at + 61)
    assert Session.objects.get().expire_date >= first_expiry
    # A session past its expiry signs nobody in.
    Session.objects.update(expire_date=row.expire_date.replace(year=2000))
    assert client.get("/dashboard/").status_code == 302


def test_passwords_use_argon2(settings):
    from django.contrib.auth.hashers import make_password

    from jxjy import settings as project_settings

    # The autouse fixture swaps in a fast hasher for tests; the configured one is Argon2.
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("Demo@2020").startswith("argon2$")
