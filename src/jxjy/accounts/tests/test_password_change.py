"""A signed-in account changes its password: the current one is required, the validators apply,
every other session and every API token ends, this session stays, and it is audited."""

import pytest

from jxjy.accounts.models import ApiToken, LoginFailure, User
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry

from .conftest import signed_in

pytestmark = pytest.mark.django_db
NEW = "Neu#pass2021x"


def _change(client, current=PASSWORD, new=NEW, new2=None):
    return client.post("/account/password/", {"current_password": current, "password": new,
                                              "password2": new2 if new2 is not None else new})


def test_the_password_changes_other_sessions_end_this_one_stays(cast, api):
    here, elsewhere = signed_in("learner_yanta"), signed_in("learner_yanta")
    token_client = api(cast.learner_yanta)
    res = _change(here)
    assert res.status_code == 302 and res.url == "/account/"
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302  # sent to sign in
    assert token_client.get("me").status_code == 401
    assert not ApiToken.objects.filter(user=cast.learner_yanta).exists()
    user = User.objects.get(pk=cast.learner_yanta.pk)
    assert user.check_password(NEW)
    entry = AuditEntry.objects.get(action="password.change")
    assert entry.actor_name == "learner_yanta" and entry.after["api_tokens_revoked"] == 1
    assert NEW not in str(entry.after) and "password" not in (entry.before or {})


def test_a_wrong_current_password_is_refused_and_counts_toward_the_lockout(cast):
    client = signed_in("learner_yanta")
    res = _change(client, current="not-my-password")
    assert res.status_code == 200 and "当前密码错误" in res.content.decode()
    assert User.objects.get(pk=cast.learner_yanta.pk).check_password(PASSWORD)
    assert LoginFailure.objects.filter(user=cast.learner_yanta).count() == 1


def test_the_validators_apply_and_the_two_entries_must_match(cast, api):
    client = api(cast.learner_yanta)
    res = client.post("me/password", {"current_password": PASSWORD, "password": "12345678", "password2": "12345678"})
    assert res.status_code == 422 and res.json()["detail"]["errors"][0]["field"] == "password"
    res = client.post("me/password", {"current_password": PASSWORD, "password": NEW, "password2": NEW + "x"})
    assert res.status_code == 422 and res.json()["detail"]["errors"][0]["field"] == "password2"
    res = client.post("me/password", {"current_password": PASSWORD, "password": PASSWORD, "password2": PASSWORD})
    assert res.status_code == 422 and "不能与当前密码相同" in res.json()["detail"]["errors"][0]["reason"]
    assert User.objects.get(pk=cast.learner_yanta.pk).check_password(PASSWORD)


def test_the_api_change_revokes_tokens_and_hands_back_a_new_one(cast, api):
    client, other = api(cast.learner_yanta), api(cast.learner_yanta)
    res = client.post("me/password", {"current_password": PASSWORD, "password": NEW, "password2": NEW})
    assert res.status_code == 200, res.content
    assert other.get("me").status_code == 401 and client.get("me").status_code == 401
    fresh = res.json()["token"]
    assert api().client.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_anonymous_cannot_change_a_password(cast, api):
    assert api().post("me/password", {"current_password": "x", "password": NEW, "password2": NEW}).status_code == 401
    res = api().client.get("/account/password/")
    assert res.status_code == 302 and "/login/" in res.url
