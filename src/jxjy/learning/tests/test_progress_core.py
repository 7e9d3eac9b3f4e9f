"""The pure crediting core: what a heartbeat earns, whatever the player sends."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jxjy.learning import progress as core

ONE = Fraction(1)


def beat(intervals=(), last_seq=0, last_position=0, seq=1, position=0, elapsed=0, duration=600_000, cap=ONE,
         pending=False):
    return core.credit_heartbeat(intervals=intervals, last_seq=last_seq, last_position=last_position, seq=seq,
                                 position=position, elapsed=elapsed, duration=duration, rate_cap=cap,
                                 presence_pending=pending)


def test_normal_play_earns_the_stretch_played():
    out = beat(position=30_000, elapsed=30_000)
    assert out.accepted and out.credited == 30_000 and out.intervals == ((0, 30_000),)


def test_credit_is_capped_by_real_time_at_the_rate_cap():
    assert beat(position=60_000, elapsed=30_000).credited == 30_000
    assert beat(position=60_000, elapsed=30_000, cap=Fraction(3, 2)).credited == 45_000


def test_a_jump_forward_earns_nothing_for_the_skipped_part():
    out = beat(last_position=10_000, position=500_000, elapsed=10_000)
    assert out.credited == 10_000
    assert out.intervals == ((10_000, 20_000),)
    assert out.position == 500_000


def test_a_replayed_or_older_seq_changes_nothing():
    out = beat(intervals=((0, 5_000),), last_seq=7, last_position=5_000, seq=7, position=35_000, elapsed=30_000)
    assert not out.accepted and out.credited == 0 and out.intervals == ((0, 5_000),) and out.position == 5_000
    assert not beat(last_seq=7, seq=3, position=35_000, elapsed=30_000).accepted


def test_a_position_beyond_the_duration_is_clamped():
    out = beat(last_position=590_000, position=9_999_999, elapsed=60_000)
    assert out.credited == 10_000 and out.position == 600_000


def test_rewatching_counts_once():
    out = beat(intervals=((0, 30_000),), position=30_000, elapsed=30_000)
    assert out.accepted and out.credited == 0


def test_nothing_is_credited_while_a_presence_check_is_pending():
    out = beat(position=30_000, elapsed=30_000, pending=True)
    assert out.accepted and out.credited == 0 and out.position == 30_000


def test_a_backward_seek_earns_nothing_and_moves_the_anchor():
    out = beat(intervals=((0, 60_000),), last_position=60_000, position=10_000, elapsed=5_000)
    assert out.credited == 0 and out.position == 10_000


def test_merging_and_coverage():
    assert core.normalise([(5, 10), (0, 5), (20, 30), (25, 26), (40, 40)]) == ((0, 10), (20, 30))
    assert core.add_interval(((0, 10), (20, 30)), 5, 25) == (((0, 30),), 10)


def test_completion_at_the_share():
    share = Fraction(95, 100)
    assert core.required_ms(600_000, share) == 570_000
    assert not core.is_complete(569_999, 600_000, share)
    assert core.is_complete(570_000, 600_000, share)
    assert not core.is_complete(0, 0, share)


def test_resume_where_stopped_or_at_the_first_gap_near_the_end():
    assert core.resume_position(((0, 100_000),), 100_000, 600_000, 30_000) == 100_000
    assert core.resume_position(((0, 100_000), (200_000, 600_000)), 599_000, 600_000, 30_000) == 100_000
    assert core.resume_position(((0, 600_000),), 600_000, 600_000, 30_000) == 0


def test_presence_interval_is_around_the_mean_or_off():
    assert core.presence_interval(0, 0.5) is None
    assert core.presence_interval(20, 0.0) == 10 * 60_000
    assert core.presence_interval(20, 0.999) < 30 * 60_000


heartbeats = st.lists(
    st.tuples(st.integers(min_value=-3, max_value=40),       # seq step (≤0: replay / out of order)
              st.integers(min_value=-100_000, max_value=900_000),  # position reported
              st.integers(min_value=0, max_value=90_000),     # wall time since the previous heartbeat
              st.booleans()),                                 # presence check pending
    max_size=60)


@settings(max_examples=300, deadline=None)
@given(beats=heartbeats, duration=st.integers(min_value=1, max_value=700_000),
       cap=st.sampled_from([Fraction(1), Fraction(5, 4), Fraction(2), Fraction(1, 2), Fraction(11, 10)]),
       start=st.integers(min_value=0, max_value=700_000))
def test_credit_never_exceeds_wall_time_times_cap_nor_duration_and_never_double_counts(beats, duration, cap, start):
    intervals: tuple = ()
    last_seq, last_position = 0, min(start, duration)
    total = wall = since_accepted = 0
    for step, position, elapsed, pending in beats:
        seq = last_seq + step
        wall += elapsed
        since_accepted += elapsed
        out = core.credit_heartbeat(intervals=intervals, last_seq=last_seq, last_position=last_position, seq=seq,
                                    position=position, elapsed=since_accepted, duration=duration, rate_cap=cap,
                                    presence_pending=pending)
        assert out.credited >= 0
        if not out.accepted:
            assert out.credited == 0 and out.intervals == intervals
            continue
        assert out.credited <= since_accepted * cap
        total += out.credited
        intervals, last_seq, last_position, since_accepted = out.intervals, seq, out.position, 0
        # The watched set is exactly what was credited: nothing counted twice or lost.
        assert core.covered(intervals) == total
        assert all(0 <= a < b <= duration for a, b in intervals)
    assert total <= wall * cap
    assert total <= duration


def test_a_player_slightly_ahead_of_the_server_clock_leaves_no_gaps():
    intervals, last, total = (), 0, 0
    for seq in range(1, 50):
        # The player reports 30.2 s of progress while the server measured 30.0 s.
        out = beat(intervals=intervals, last_seq=seq - 1, last_position=last, seq=seq,
                   position=min(last + 30_200, 600_000), elapsed=30_000)
        intervals, last, total = out.intervals, out.position, total + out.credited
    assert len(intervals) == 1 and total == core.covered(intervals) == 600_000


_stretches = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=12)


@given(_stretches, st.integers(0, 220), st.integers(0, 220))
def test_adding_a_stretch_splices_it_into_the_normal_set(raw, start, end):
    # add_interval splices in place (the heartbeat's hot path); the result must be the normal
    # form of the set with the stretch added, and the count what the set did not hold before.
    intervals = core.normalise(raw)
    assert core.normalise(list(reversed(intervals))) == intervals
    added, new = core.add_interval(intervals, start, end)
    expected = core.normalise([*intervals, (start, end)]) if end > start else intervals
    assert added == expected
    assert new == core.covered(expected) - core.covered(intervals)
    assert core.normalise(added) == added
