"""Honest video progress: how many seconds one heartbeat of the player earns.

A pure core (no Django). Every quantity is an integer number of **milliseconds** (positions,
durations, elapsed server time), so that sums of credited time are exact and a stored total can
be compared with the sum of acknowledged heartbeats to the millisecond.

The rules, in the order they apply to a heartbeat `(seq, position)`:

1. A `seq` not greater than the last accepted one is a replay or arrived out of order: it is
   not accepted and changes nothing.
2. The position is clamped to `[0, duration]`.
3. While a presence check is pending, nothing is credited; the heartbeat still moves the anchor
   (last position and time), so the stretch played while unanswered is never credited later.
4. Otherwise the reachable stretch is `[last position, min(position, last position + elapsed ×
   rate cap)]`: the player cannot have played further than real time allows at the plan's
   highest rate, so a jump forward earns nothing for the part beyond that reach and heartbeats
   sent together (elapsed ≈ 0) earn nothing. A backward move earns nothing.
5. Only the part of the reachable stretch not yet in the watched set is credited, and it is
   added to the set: replaying watched video never counts twice.
6. The next anchor is the reported position, except when the position is ahead of the reach by
   no more than `JITTER_MS`: that is the player's clock running a little ahead of the server's
   (network delay), not a jump, so the anchor stays at the reach and the next heartbeat goes on
   from there. Without this, every heartbeat would leave a gap of a few milliseconds. It earns
   nothing extra: the next heartbeat is still bounded by its own elapsed time.

Hence, for any sequence of heartbeats, the credited total never exceeds the wall time × cap,
never exceeds the duration, and equals the length of the watched set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

Interval = tuple[int, int]

# How far (ms) a player's position may run ahead of what the server's clock allowed before the
# difference counts as a jump. A technical tolerance for network delay, not a rule of the year.
JITTER_MS = 2000


def as_fraction(value: float | Decimal | str | Fraction) -> Fraction:
    """An exact fraction for a plan number such as a rate cap of 1.25 or a share of 0.95."""
    if isinstance(value, Fraction):
        return value
    return _fraction(str(value))


@lru_cache(maxsize=256)
def _fraction(text: str) -> Fraction:
    # A plan has a handful of such numbers, and every heartbeat needs two of them.
    return Fraction(text)


def to_ms(seconds: float) -> int:
    """Seconds (as the player reports them) to whole milliseconds."""
    return int(round(seconds * 1000))


def normalise(intervals: Iterable[Sequence[int]]) -> tuple[Interval, ...]:
    """Sorted, non-overlapping, non-empty intervals; touching intervals are merged."""
    items = [(int(a), int(b)) for a, b in intervals]
    # The stored set is normal already (this core wrote it): one pass confirms it.
    end = None
    for a, b in items:
        if b <= a or (end is not None and a <= end):
            break
        end = b
    else:
        return tuple(items)
    merged: list[list[int]] = []
    for start, stop in sorted(i for i in items if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return tuple((a, b) for a, b in merged)


def covered(intervals: Iterable[Interval]) -> int:
    return sum(end - start for start, end in intervals)


def add_interval(intervals: tuple[Interval, ...], start: int, end: int) -> tuple[tuple[Interval, ...], int]:
    """The set with `[start, end)` added, and how many milliseconds were new."""
    if end <= start:
        return intervals, 0
    new = 0
    cursor = start
    for a, b in intervals:
        if b <= cursor:
            continue
        if a >= end:
            break
        if a > cursor:
            new += a - cursor
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        new += end - cursor
    if new == 0:
        return intervals, 0
    # Splice [start, end) in, merged with the stretches it overlaps or touches.
    before = [i for i in intervals if i[1] < start]
    after = [i for i in intervals if i[0] > end]
    joined = [i for i in intervals if i[1] >= start and i[0] <= end]
    if joined:
        start, end = min(start, joined[0][0]), max(end, joined[-1][1])
    return (*before, (start, end), *after), new


@dataclass(frozen=True)
class Outcome:
    """What one heartbeat did. `accepted` is False for a replayed or out-of-order seq."""

    accepted: bool
    credited: int
    intervals: tuple[Interval, ...]
    position: int


def credit_heartbeat(*, intervals: tuple[Interval, ...], last_seq: int, last_position: int, seq: int,
                     position: int, elapsed: int, duration: int, rate_cap: Fraction,
                     presence_pending: bool = False) -> Outcome:
    """Applies one heartbeat to the watched set (see the module docstring for the rules).

    `elapsed` is the server's wall time since the last accepted heartbeat (or the start of the
    playback), in milliseconds; `rate_cap` is the plan's highest credited playback rate.
    """
    if seq <= last_seq:
        return Outcome(False, 0, intervals, last_position)
    position = min(max(position, 0), duration)
    if presence_pending or elapsed <= 0 or position <= last_position:
        return Outcome(True, 0, intervals, position)
    budget = elapsed * rate_cap.numerator // rate_cap.denominator  # floor(elapsed × cap), in integers
    reach = min(position, last_position + budget)
    new_intervals, credited = add_interval(intervals, last_position, reach)
    anchor = reach if position - reach <= JITTER_MS else position
    return Outcome(True, credited, new_intervals, anchor)


def required_ms(duration: int, share: Fraction) -> int:
    """Watched milliseconds needed to complete a lecture of `duration` at the plan's share."""
    return -(-duration * share.numerator // share.denominator)  # ceil(duration × share), in integers


def is_complete(watched: int, duration: int, share: Fraction) -> bool:
    return duration > 0 and watched >= required_ms(duration, share)


def progress_share(watched: int, duration: int) -> float:
    """The watched share of the lecture, 0–1, as the API shows it."""
    if duration <= 0:
        return 0.0
    return round(min(watched, duration) / duration, 4)


def resume_position(intervals: tuple[Interval, ...], last_position: int, duration: int, tail: int) -> int:
    """Where the player should resume: where it stopped, unless that is at the very end (within
    `tail`), in which case the start of the first stretch not yet watched (or the beginning)."""
    if 0 <= last_position < duration - tail:
        return last_position
    cursor = 0
    for a, b in intervals:
        if a > cursor:
            return cursor
        cursor = max(cursor, b)
    return cursor if cursor < duration - tail else 0


def presence_interval(mean_minutes: int, draw: float) -> int | None:
    """Milliseconds until the next presence check: uniformly between half and one and a half
    times the plan's mean interval, `draw` being a random number in [0, 1). None when the plan
    sets no checks (a mean of 0)."""
    if mean_minutes <= 0:
        return None
    return int((0.5 + min(max(draw, 0.0), 1.0)) * mean_minutes * 60_000)
