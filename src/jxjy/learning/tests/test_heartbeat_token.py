"""A heartbeat signed with a bearer token follows the token rules of the accounts app, though the
token is read in the same statement as the playback: a deleted (revoked) token stops working at
once (nothing is cached), a token idle for JXJY_TOKEN_IDLE_SECONDS lapses, a deactivated user's
token signs nobody in; a used token's last use is touched at most once a minute."""

import datetime as dt

import pytest

from jxjy.accounts.auth import token_digest
from jxjy.accounts.models import ApiToken
from jxjy.learning.models import Playback
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def playing(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    return client, pid


def token_of(client):
    return ApiToken.objects.get(digest=token_digest(client.headers["Authorization"].split(" ", 1)[1]))


def test_a_deleted_token_stops_working_at_the_next_heartbeat(playing, clock):
    client, pid = playing
    clock.advance(10)
    assert heartbeat(client, pid, 1, 10).status_code == 200
    token_of(client).delete()
    clock.advance(10)
    res = heartbeat(client, pid, 2, 20)
    assert res.status_code == 401 and res.json()["code"] == "not_authenticated"
    assert Playback.objects.get(pk=pid).last_seq == 1


def test_a_token_idle_for_thirty_minutes_lapses_and_is_deleted(playing, clock):
    client, pid = playing
    clock.advance(29 * 60)
    assert heartbeat(client, pid, 1, 10).status_code == 200
    clock.advance(30 * 60 + 1)
    res = heartbeat(client, pid, 2, 20)
    assert res.status_code == 401
    assert not ApiToken.objects.exists()
    assert Playback.objects.get(pk=pid).last_seq == 1


def test_a_made_up_idle_time_is_followed(playing, clock, settings):
    settings.JXJY_TOKEN_IDLE_SECONDS = 60
    client, pid = playing
    clock.advance(61)
    assert heartbeat(client, pid, 1, 10).status_code == 401


def test_a_used_token_is_touched_at_most_once_a_minute(playing, clock):
    client, pid = playing
    issued = token_of(client).last_used_at
    clock.advance(30)
    heartbeat(client, pid, 1, 30)
    assert token_of(client).last_used_at == issued
    clock.advance(31)
    heartbeat(client, pid, 2, 61)
    assert token_of(client).last_used_at == issued + dt.timedelta(seconds=61)


def test_a_deactivated_learners_token_signs_nobody_in(cast, playing, clock):
    client, pid = playing
    cast.learner_yanta.is_active = False
    cast.learner_yanta.save(update_fields=["is_active"])
    clock.advance(10)
    assert heartbeat(client, pid, 1, 10).status_code == 401
    assert Playback.objects.get(pk=pid).heartbeats == 0


def test_an_unknown_token_is_refused_before_the_body_is_looked_at(playing, api):
    _client, pid = playing
    res = api().client.post(f"/api/v1/playbacks/{pid}/heartbeat", '{"seq": 1, "position": -1}',
                            content_type="application/json", headers={"Authorization": "Bearer nope"})
    assert res.status_code == 401
