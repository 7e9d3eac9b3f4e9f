"""On PostgreSQL a heartbeat is one call of the database function `jxjy_heartbeat_v1`; everywhere
else (and with the function switched off) it is the Python path: the crediting core between a
read and a guarded write. The two must be the same rules. Here both are driven with the same
random heartbeats from the same random starting state — watched stretches, anchor, replayed and
out-of-order seqs, jumps, rewinds, positions past the end, pending and due presence checks,
completion, rate caps — and must give the same answers and store the same rows. And whatever is
not the ordinary case, the function hands back unwritten, so it gets the Python path's errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jxjy.accounts.auth import token_digest, token_issue
from jxjy.accounts.models import ApiToken
from jxjy.core.errors import DomainError
from jxjy.learning import progress as core
from jxjy.learning import services
from jxjy.learning.models import LectureProgress, Playback
from jxjy.learning.testing import enrol, heartbeat, make_course

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the function is PostgreSQL's")]

DURATION_MS = 60_000
PLAYBACK_FIELDS = ("last_seq", "last_position_ms", "last_heartbeat_at", "last_rate", "heartbeats", "credited_ms",
                   "presence_pending", "presence_due_at", "status")
PROGRESS_FIELDS = ("intervals", "watched_ms", "completed_at", "updated_at")


@pytest.fixture
def pair(cast, clock, exam_passed):
    """Two learners playing the same one-minute lecture: one for each path."""
    course = make_course(cast.provincial_base, lectures=1, duration=DURATION_MS / 1000)
    lecture = course.lectures.get()
    players = []
    for user in (cast.learner_yanta, cast.learner_baishui):
        enrol(user, course)
        started = services.playback_start(learner=user.learner, lecture=lecture)
        players.append({"user": user, "playback": started.playback.pk, "progress": started.playback.progress_id,
                        "token": token_issue(user=user)})
    return players


stretches = st.lists(st.tuples(st.integers(0, DURATION_MS), st.integers(0, DURATION_MS)), max_size=5)
steps = st.lists(st.tuples(
    st.integers(0, 20_000),                      # ms of real time before the heartbeat
    st.integers(-2, 3),                          # seq step (0 and below: replayed or out of order)
    # the position: anywhere (a jump, a rewind, past the end), or played on from the last one
    # give or take a few seconds (a player's clock ahead of or behind the server's)
    st.one_of(st.integers(-2_000, DURATION_MS + 5_000), st.tuples(st.just("on"), st.integers(-3_000, 3_000))),
    st.sampled_from([1.0, 1.5, 2.0]),            # reported rate
), min_size=1, max_size=12)
start_states = st.fixed_dictionaries({
    "intervals": stretches,
    "last_position_ms": st.integers(0, DURATION_MS),
    "last_seq": st.integers(0, 3),
    "presence_pending": st.booleans(),
    "presence_due_in": st.one_of(st.none(), st.integers(-10_000, 60_000)),
    "rate_cap": st.sampled_from([Decimal("1.00"), Decimal("1.25"), Decimal("2.00")]),
    "completion_share": st.sampled_from([Decimal("0.950"), Decimal("0.500")]),
    "completed": st.booleans(),
    "by_token": st.booleans(),
})


def reset(player, state, now):
    intervals = [list(i) for i in core.normalise(state["intervals"])]
    Playback.objects.filter(pk=player["playback"]).update(
        status=Playback.Status.ACTIVE, last_seq=state["last_seq"], last_position_ms=state["last_position_ms"],
        last_heartbeat_at=now, last_rate=1.0, heartbeats=0, credited_ms=0,
        presence_pending=state["presence_pending"], presence_id="pending" if state["presence_pending"] else "",
        presence_due_at=None if state["presence_due_in"] is None
        else now + dt.timedelta(milliseconds=state["presence_due_in"]),
        rate_cap=state["rate_cap"], completion_share=state["completion_share"])
    LectureProgress.objects.filter(pk=player["progress"]).update(
        intervals=intervals, watched_ms=core.covered(core.normalise(state["intervals"])),
        completed_at=now if state["completed"] else None, updated_at=None)


def beat(player, function, by_token, **fields):
    with override_settings(JXJY_HEARTBEAT_SQL_FUNCTION=function):
        who = {"token": player["token"]} if by_token else {"user_id": player["user"].pk}
        try:
            result = services.playback_heartbeat(playback_id=player["playback"], **who, **fields)
        except DomainError as exc:
            return ("error", exc.code)
    return (result.credited_ms, result.progress, result.completed, result.presence_id is not None)


def stored(player):
    playback = Playback.objects.values(*PLAYBACK_FIELDS).get(pk=player["playback"])
    progress = LectureProgress.objects.values(*PROGRESS_FIELDS).get(pk=player["progress"])
    return playback, progress


START = {"intervals": [], "last_position_ms": 0, "last_seq": 0, "presence_pending": False, "presence_due_in": None,
         "rate_cap": Decimal("1.00"), "completion_share": Decimal("0.950"), "completed": False, "by_token": True}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=start_states, beats=steps)
# A player's clock 1.5 s ahead of the server's: within the tolerance, the anchor stays at the reach.
@example(state=START, beats=[(10_000, 1, ("on", 1_500), 1.0), (10_000, 1, ("on", 0), 1.0)])
# Watched reaches exactly the share needed: the lecture completes.
@example(state={**START, "intervals": [(0, 29_000)], "last_position_ms": 29_000,
                "completion_share": Decimal("0.500")}, beats=[(1_000, 1, ("on", 0), 1.0)])
def test_the_function_and_the_python_path_credit_alike(pair, clock, state, beats):
    python, function = pair
    for player in pair:
        reset(player, state, clock.now())
    seq, position = state["last_seq"], state["last_position_ms"]
    for wait_ms, seq_step, new_position, rate in beats:
        clock.advance(wait_ms / 1000)
        seq = max(1, seq + seq_step)
        position = position + wait_ms + new_position[1] if isinstance(new_position, tuple) else new_position
        fields = {"seq": seq, "position": max(position, 0) / 1000, "rate": rate}
        expected = beat(python, False, state["by_token"], **fields)
        got = beat(function, True, state["by_token"], **fields)
        assert got == expected, (fields, stored(python), stored(function))
    assert stored(function) == stored(python)


def test_what_the_function_hands_back_gets_the_python_paths_answers(cast, api, pair, clock):
    _python, player = pair
    client = api(player["user"])
    clock.advance(5)
    assert heartbeat(client, player["playback"], 1, 5).json()["credited_seconds"] == 5
    # Another learner's playback: not found, and nothing written.
    other = api(cast.learner_yanta if player["user"] != cast.learner_yanta else cast.learner_baishui)
    res = heartbeat(other, player["playback"], 2, 6)
    assert res.status_code == 404 and res.json()["code"] == "playback_not_found"
    # Superseded by a newer playback: the Python path's Chinese message, nothing written.
    Playback.objects.filter(pk=player["playback"]).update(status=Playback.Status.ENDED)
    res = heartbeat(client, player["playback"], 3, 10)
    assert res.status_code == 409 and res.json()["code"] == "playback_superseded"
    Playback.objects.filter(pk=player["playback"]).update(status=Playback.Status.ACTIVE)
    # A lapsed token: refused and deleted, nothing written.
    ApiToken.objects.filter(user=player["user"]).update(last_used_at=clock.now() - dt.timedelta(days=1))
    res = heartbeat(client, player["playback"], 4, 10)
    assert res.status_code == 401
    used = token_digest(client.headers["Authorization"].split(" ", 1)[1])
    assert not ApiToken.objects.filter(digest=used).exists()
    assert Playback.objects.get(pk=player["playback"]).credited_ms == 5_000
