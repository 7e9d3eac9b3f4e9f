"""The pure yearly-status core: minima from the plan, reversals, unconfirmed learners."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from jxjy.credits import ledger

REQ = ledger.Required(total=D(80), public=D(24), professional=D(56))


def status(entries, confirmed=True, required=REQ):
    return ledger.year_status(year=2020, entries=entries, required=required, confirmed=confirmed)


def test_both_minimums_must_be_met_the_total_alone_is_not_enough():
    s = status([("PROFESSIONAL", D(80))])
    assert s.total == 80 and s.total_met and not s.public_met and not s.completed
    assert status([("PUBLIC", D(24)), ("PROFESSIONAL", D(56))]).completed


def test_a_reversal_cancels_its_entry():
    s = status([("PUBLIC", D(24)), ("PROFESSIONAL", D(56)), ("PUBLIC", D(-24))])
    assert s.public == 0 and not s.completed


def test_unconfirmed_learners_hours_are_recorded_but_not_counted():
    s = status([("PUBLIC", D(24)), ("PROFESSIONAL", D(56))], confirmed=False)
    assert s.recorded_total == 80 and s.total == 0 and not s.completed


def test_a_made_up_year_with_other_minima():
    req = ledger.Required(total=D(90), public=D(30), professional=D(50))
    s = status([("PUBLIC", D(30)), ("PROFESSIONAL", D(50))], required=req)
    assert s.public_met and s.professional_met and not s.total_met and not s.completed
    assert status([("PUBLIC", D(40)), ("PROFESSIONAL", D(50))], required=req).completed


hours = st.decimals(min_value=-100, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from(["PUBLIC", "PROFESSIONAL"]), hours), max_size=30), st.booleans())
def test_bulk_rule_agrees_with_the_status(entries, confirmed):
    s = status(entries, confirmed)
    assert ledger.completed_from_totals(s.recorded_public, s.recorded_professional, confirmed, REQ) == s.completed
    assert s.total == s.public + s.professional
