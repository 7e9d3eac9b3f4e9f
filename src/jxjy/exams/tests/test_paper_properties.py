"""Properties of paper assembly and scoring, over many generated banks and answers."""

import random

from hypothesis import given
from hypothesis import strategies as st

from jxjy.exams import papers

TYPES = ("single", "multiple", "true_false")


@st.composite
def bank_and_paper(draw):
    composition = {t: draw(st.integers(0, 12)) for t in TYPES}
    counts = {t: composition[t] + draw(st.integers(0, 40)) for t in TYPES}
    seen = {t: set(draw(st.lists(st.integers(0, max(0, counts[t] - 1)), max_size=counts[t]))) if counts[t] else
            set() for t in TYPES}
    return counts, composition, seen, draw(st.integers(0, 2**32))


@given(bank_and_paper())
def test_a_paper_follows_the_composition_without_repeats_inside_the_bank(case):
    counts, composition, seen, seed = case
    slots = papers.draw(counts, composition, seen, random.Random(seed))
    for t in TYPES:
        picked = slots.get(t, [])
        assert len(picked) == composition[t]
        assert len(set(picked)) == len(picked)
        assert all(0 <= s < counts[t] for s in picked)


@given(bank_and_paper())
def test_unseen_questions_are_preferred(case):
    counts, composition, seen, seed = case
    slots = papers.draw(counts, composition, seen, random.Random(seed))
    for t in TYPES:
        picked = set(slots.get(t, []))
        unseen = counts[t] - len(seen[t])
        if unseen >= composition[t]:
            assert not picked & seen[t]
        else:
            assert set(range(counts[t])) - seen[t] <= picked


@given(st.integers(1, 20), st.integers(0, 5))
def test_a_short_bank_is_refused(need, short):
    counts = {"single": need - 1 - short if need - 1 - short >= 0 else 0, "multiple": 0, "true_false": 0}
    try:
        papers.draw(counts, {"single": need}, {}, random.Random(0))
    except papers.ShortBank as exc:
        assert exc.missing["single"] == need - counts["single"]
    else:
        raise AssertionError("a short bank must be refused")


question = st.tuples(st.sampled_from(TYPES), st.integers(2, 6), st.data())


@st.composite
def paper_items(draw):
    items = []
    for i in range(draw(st.integers(1, 15))):
        qtype = draw(st.sampled_from(TYPES))
        keys = ["T", "F"] if qtype == "true_false" else list("ABCDEF"[:draw(st.integers(3, 6))])
        size = 1 if qtype != "multiple" else draw(st.integers(2, len(keys)))
        answer = frozenset(draw(st.permutations(keys))[:size])
        order = tuple(papers.option_order(qtype, keys, random.Random(draw(st.integers(0, 2**16)))))
        items.append(papers.PaperItem(question_id=i + 1, type=qtype, order=order, answer=answer))
    return items


def shown_for(item, stored):
    shown = papers.shown_keys(item.type, item.order)
    return [shown[item.order.index(k)] for k in stored]


@given(paper_items(), st.integers(1, 5))
def test_answering_the_shown_letters_of_the_right_options_scores_full(items, points):
    answers = {i.question_id: shown_for(i, i.answer) for i in items}
    result = papers.grade(items, answers, points)
    assert result.score == points * len(items) and result.wrong == ()


@given(paper_items(), st.integers(1, 5), st.data())
def test_a_question_scores_only_when_exactly_right(items, points, data):
    answers = {}
    expected_right = 0
    for item in items:
        keys = list(item.order)
        chosen = set(data.draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True)))
        answers[item.question_id] = shown_for(item, chosen)
        expected_right += chosen == set(item.answer)
    result = papers.grade(items, answers, points)
    assert result.score == expected_right * points
    assert len(result.right) + len(result.wrong) == len(items)


def test_options_are_shown_in_a_fresh_order_under_fresh_letters():
    options = [{"key": k, "text": t} for k, t in zip("ABCD", ["甲", "乙", "丙", "丁"], strict=True)]
    orders = {tuple(papers.option_order("single", "ABCD", random.Random(seed))) for seed in range(50)}
    assert len(orders) > 5
    order = papers.option_order("single", "ABCD", random.Random(3))
    shown = papers.shown_options("single", options, order)
    assert [o["key"] for o in shown] == ["A", "B", "C", "D"]
    assert [o["text"] for o in shown] == [dict(zip("ABCD", ["甲", "乙", "丙", "丁"], strict=True))[k] for k in order]


def test_true_false_keeps_its_t_and_f():
    assert papers.option_order("true_false", ["T", "F"], random.Random(1)) == ["T", "F"]
    assert papers.shown_keys("true_false", ["T", "F"]) == ["T", "F"]
