"""The lean heartbeat view answers exactly as the ninja operation it shadows: same bodies, same
error shape and Chinese messages, same statuses, same sign-in rules; the operation stays in the
OpenAPI schema. Each request is sent both ways (the project's URLconf, then one with the
NinjaAPI alone) from the same state, so a request that changes state is compared on its answer
from the same starting point in two identical set-ups, and one that does not is compared byte
for byte."""

import json

import pytest
from django.test import Client

from jxjy.learning.models import Playback
from jxjy.learning.testing import enrol, heartbeat

pytestmark = pytest.mark.django_db

NINJA_ONLY = "jxjy.learning.tests.ninja_urls"


@pytest.fixture
def playing(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    return client, pid


def both(settings, send):
    """`send()` through the lean view, then through the ninja operation alone."""
    lean = send()
    settings.ROOT_URLCONF = NINJA_ONLY
    try:
        ninja = send()
    finally:
        settings.ROOT_URLCONF = "jxjy.urls"
    return lean, ninja


def same(lean, ninja):
    assert lean.status_code == ninja.status_code
    assert lean["Content-Type"] == ninja["Content-Type"]
    assert lean.content == ninja.content
    return lean


def test_the_lean_view_serves_the_heartbeat_path(playing, clock, monkeypatch):
    from jxjy.learning import heartbeat_api

    def ninja(request):
        raise AssertionError("handed to the ninja operation")

    client, pid = playing
    monkeypatch.setattr(heartbeat_api, "_ninja", ninja)
    clock.advance(30)
    assert heartbeat(client, pid, 1, 30).json() == {"credited_seconds": 30, "progress": 0.25, "completed": False,
                                                    "presence_check": None}


def test_heartbeats_earn_the_same_through_either_path(cast, api, course, enrolment, clock, settings):
    enrol(cast.learner_baishui, course)
    lecture = course.lectures.first()
    lean_client, ninja_client = api(cast.learner_yanta), api(cast.learner_baishui)
    lean_pid = lean_client.post(f"lectures/{lecture.pk}/playback").json()["playback_id"]
    ninja_pid = ninja_client.post(f"lectures/{lecture.pk}/playback").json()["playback_id"]
    # (seconds that pass, seq, position): steady play, a burst, a jump, a replay, the end.
    script = [(10, 1, 10), (0, 2, 10), (20, 3, 40), (5, 5, 119), (0, 4, 50), (30, 6, 119), (200, 7, 500)]
    for advance, seq, position in script:
        clock.advance(advance)
        lean = heartbeat(lean_client, lean_pid, seq, position)
        settings.ROOT_URLCONF = NINJA_ONLY
        ninja = heartbeat(ninja_client, ninja_pid, seq, position)
        settings.ROOT_URLCONF = "jxjy.urls"
        assert lean.status_code == ninja.status_code == 200
        assert lean.content == ninja.content, (seq, lean.json(), ninja.json())
    fields = ["last_seq", "last_position_ms", "heartbeats", "credited_ms", "progress__watched_ms",
              "progress__intervals", "progress__completed_at"]
    assert (Playback.objects.filter(pk=lean_pid).values(*fields).get()
            == Playback.objects.filter(pk=ninja_pid).values(*fields).get())
    assert Playback.objects.get(pk=lean_pid).credited_ms > 0


def test_a_replayed_heartbeat_is_answered_byte_for_byte_alike(playing, clock, settings):
    client, pid = playing
    clock.advance(30)
    heartbeat(client, pid, 1, 30)
    lean = same(*both(settings, lambda: heartbeat(client, pid, 1, 30)))
    assert lean.json() == {"credited_seconds": 0, "progress": 0.25, "completed": False, "presence_check": None}


@pytest.mark.parametrize("body", [
    {"seq": 1, "position": -5, "rate": 1}, {"seq": 1, "position": 10, "rate": 0}, {"seq": 0, "position": 10},
    {"seq": "x", "position": 10}, {"position": 10}, {"seq": 2**63, "position": 1}, [], "text", None,
])
def test_a_malformed_heartbeat_is_refused_alike_in_chinese(playing, settings, body):
    client, pid = playing
    lean = same(*both(settings, lambda: client.post(f"playbacks/{pid}/heartbeat", body)))
    assert lean.status_code == 422
    assert set(lean.json()) == {"code", "message", "detail"} and not lean.json()["message"].isascii()
    assert Playback.objects.get(pk=pid).last_seq == 0


def test_a_body_that_is_not_json_is_refused_alike(playing, settings):
    client, pid = playing
    lean = same(*both(settings, lambda: client.client.post(
        f"/api/v1/playbacks/{pid}/heartbeat", b"{seq: 1", content_type="application/json", headers=client.headers)))
    assert lean.status_code in (400, 422)


def test_without_sign_in_or_with_an_unknown_token_it_is_refused_alike(playing, api, settings):
    _client, pid = playing
    body = json.dumps({"seq": 1, "position": 1, "rate": 1})
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}, {"Authorization": "Bearer"}):
        lean = same(*both(settings, lambda h=headers: Client().post(
            f"/api/v1/playbacks/{pid}/heartbeat", body, content_type="application/json", headers=h)))
        assert lean.status_code == 401 and lean.json()["code"] == "not_authenticated"
        assert not lean.json()["message"].isascii()


def test_another_learners_playback_is_not_found_alike(cast, api, playing, settings):
    _client, pid = playing
    other = api(cast.learner_baishui)
    lean = same(*both(settings, lambda: heartbeat(other, pid, 1, 10)))
    assert lean.status_code == 404 and lean.json()["code"] == "playback_not_found"
    assert Playback.objects.get(pk=pid).heartbeats == 0


def test_a_playback_that_does_not_exist_is_not_found_alike(playing, settings):
    client, _pid = playing
    for pid in (999_999, 2**63 - 1, 2**64):
        lean = same(*both(settings, lambda p=pid: heartbeat(client, p, 1, 10)))
        assert lean.status_code == 404 and lean.json()["code"] == "playback_not_found"


def test_a_superseded_playback_is_refused_alike(cast, playing, course, settings):
    client, pid = playing
    client.post(f"lectures/{course.lectures.last().pk}/playback")
    lean = same(*both(settings, lambda: heartbeat(client, pid, 1, 10)))
    assert lean.status_code == 409 and lean.json()["code"] == "playback_superseded"


def test_another_method_is_answered_by_the_operation(playing, settings):
    client, pid = playing
    lean = same(*both(settings, lambda: client.get(f"playbacks/{pid}/heartbeat")))
    assert lean.status_code == 405


def test_the_browser_session_signs_in_with_its_csrf_token_alike(cast, course, enrolment, clock, settings):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.learner_yanta)
    token = str(browser.get(f"/study/lectures/{course.lectures.first().pk}/").context["csrf_token"])
    pid = browser.post(f"/api/v1/lectures/{course.lectures.first().pk}/playback", "{}",
                       content_type="application/json", headers={"X-CSRFToken": token}).json()["playback_id"]
    url = f"/api/v1/playbacks/{pid}/heartbeat"
    body = json.dumps({"seq": 1, "position": 10, "rate": 1})
    refused = same(*both(settings, lambda: browser.post(url, body, content_type="application/json")))
    assert refused.status_code == 403
    clock.advance(10)
    res = browser.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert res.status_code == 200 and res.json()["credited_seconds"] == 10
    # An unknown bearer token beside a valid session: the session signs in, as with ninja.
    replay = same(*both(settings, lambda: browser.post(url, body, content_type="application/json",
                                                       headers={"X-CSRFToken": token,
                                                                "Authorization": "Bearer nope"})))
    assert replay.status_code == 200 and replay.json()["credited_seconds"] == 0


def test_the_heartbeat_stays_in_the_openapi_schema(api):
    schema = api().get("openapi.json").json()
    operation = schema["paths"]["/api/v1/playbacks/{playback_id}/heartbeat"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"seq", "position", "rate"}
