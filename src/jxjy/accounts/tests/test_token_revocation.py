"""A bearer token is checked against the database on every call: a deleted (revoked) token or a
deactivated user stops working at the very next call, with the API's error shape."""

import pytest

from jxjy.accounts.auth import token_digest
from jxjy.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_deleted_token_stops_working_at_the_next_call(cast, api):
    client = api(cast.learner_yanta)
    assert client.get("me").status_code == 200
    ApiToken.objects.filter(digest=token_digest(client.headers["Authorization"].split(" ", 1)[1])).delete()
    res = client.get("me")
    assert res.status_code == 401
    assert set(res.json()) == {"code", "message", "detail"} and not res.json()["message"].isascii()


def test_a_deactivated_users_token_stops_working(cast, api):
    client = api(cast.learner_yanta)
    cast.learner_yanta.is_active = False
    cast.learner_yanta.save(update_fields=["is_active"])
    assert client.get("me").status_code == 401


def test_another_users_token_still_works_after_one_is_deleted(cast, api):
    mine, theirs = api(cast.learner_yanta), api(cast.learner_baishui)
    ApiToken.objects.filter(user=cast.learner_yanta).delete()
    assert mine.get("me").status_code == 401
    assert theirs.get("me").status_code == 200
