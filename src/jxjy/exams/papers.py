"""Paper assembly and scoring: a pure core (no Django).

The bank numbers the live questions of each type densely, 0..n-1 ("slots"), so a paper is drawn
by picking slot numbers at random and fetching just those rows: the draw never reads the whole
bank. A paper prefers slots the learner has not seen in earlier attempts, never repeats one, and
shows each choice question's options in a fresh order under fresh letters; the mapping from the
shown letter to the stored key stays on the server with the attempt.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .banks import OPTION_KEYS, TRUE_FALSE, TYPES


class ShortBank(Exception):
    """The bank holds fewer questions of a type than one paper needs."""

    def __init__(self, missing: dict[str, int]) -> None:
        self.missing = missing
        super().__init__(missing)


def pick_slots(count: int, k: int, seen: Collection[int], rng: random.Random) -> list[int]:
    """`k` distinct slots out of range(count), unseen ones first, in random order.

    When fewer than `k` slots are unseen, all unseen ones are taken and the rest come from the
    seen ones. Cost grows with `k` and the size of `seen`, not with `count`.
    """
    if k > count:
        raise ShortBank({"": k - count})
    seen_in = {s for s in seen if 0 <= s < count}
    unseen = count - len(seen_in)
    if unseen >= k:
        if unseen >= 2 * k:
            # Rejection sampling: most draws land on an unseen slot, so a few tries suffice.
            chosen: list[int] = []
            taken: set[int] = set()
            while len(chosen) < k:
                slot = rng.randrange(count)
                if slot not in seen_in and slot not in taken:
                    taken.add(slot)
                    chosen.append(slot)
            return chosen
        return rng.sample([s for s in range(count) if s not in seen_in], k)
    fresh = [s for s in range(count) if s not in seen_in]
    rest = rng.sample(sorted(seen_in), k - len(fresh))
    chosen = fresh + rest
    rng.shuffle(chosen)
    return chosen


def draw(counts: Mapping[str, int], composition: Mapping[str, int], seen: Mapping[str, Collection[int]],
         rng: random.Random) -> dict[str, list[int]]:
    """Slots per type for one paper of `composition`, from a bank of `counts`."""
    missing = {t: composition.get(t, 0) - counts.get(t, 0) for t in TYPES
               if composition.get(t, 0) > counts.get(t, 0)}
    if missing:
        raise ShortBank(missing)
    return {t: pick_slots(counts.get(t, 0), composition.get(t, 0), seen.get(t, ()), rng) for t in TYPES
            if composition.get(t, 0)}


def option_order(qtype: str, keys: Sequence[str], rng: random.Random) -> list[str]:
    """The stored option keys in the order this attempt shows them. True/false keeps T, F."""
    order = list(keys)
    if qtype != TRUE_FALSE:
        rng.shuffle(order)
    return order


def shown_keys(qtype: str, order: Sequence[str]) -> list[str]:
    """The letters shown for `order`: A, B, C... for choice questions; T and F stay themselves."""
    if qtype == TRUE_FALSE:
        return list(order)
    return list(OPTION_KEYS[:len(order)])


def shown_options(qtype: str, options: Sequence[Mapping[str, str]], order: Sequence[str]) -> list[dict[str, str]]:
    """`[{"key", "text"}]` as the learner sees them: reordered and relabelled."""
    text = {o["key"]: o["text"] for o in options}
    return [{"key": shown, "text": text[stored]} for shown, stored in zip(shown_keys(qtype, order), order,
                                                                         strict=True)]


def to_stored(qtype: str, order: Sequence[str], shown: Sequence[str]) -> set[str] | None:
    """Maps shown letters back to stored keys; None when a letter is not on the paper."""
    mapping = dict(zip(shown_keys(qtype, order), order, strict=True))
    try:
        return {mapping[k] for k in shown}
    except KeyError:
        return None


@dataclass(frozen=True)
class PaperItem:
    question_id: int
    type: str
    order: tuple[str, ...]  # stored keys in shown order
    answer: frozenset[str]  # stored keys of the right answer


@dataclass(frozen=True)
class Grade:
    score: int
    right: tuple[int, ...]
    wrong: tuple[int, ...]


def grade(items: Sequence[PaperItem], answers: Mapping[int, Sequence[str]], points_per_question: int) -> Grade:
    """Scores a paper: a question earns its points only when the chosen set equals the right set
    exactly (so a multiple-choice answer with one option missing or one too many earns nothing).
    Unanswered questions are wrong."""
    right: list[int] = []
    wrong: list[int] = []
    for item in items:
        chosen = to_stored(item.type, item.order, answers.get(item.question_id, ()))
        (right if chosen is not None and chosen == set(item.answer) else wrong).append(item.question_id)
    return Grade(score=len(right) * points_per_question, right=tuple(right), wrong=tuple(wrong))
