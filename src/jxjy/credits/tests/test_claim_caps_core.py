"""The claim caps core: per claim, per type a year, all types a year; plain values, no database."""

from decimal import Decimal as D

from jxjy.credits import claims
from jxjy.plans.rules import ClaimType, EquivalentRules

PAPER = ClaimType("PAPER", "发表论文", "PROFESSIONAL", max_hours_per_claim=D(16), yearly_cap=D(32))
RULES = EquivalentRules(types=(PAPER,), yearly_cap=D(40))


def kinds(hours, used_of_type=D(0), used_overall=D(0), rules=RULES):
    return [p.kind for p in claims.cap_problems(rules=rules, claim_type=PAPER, hours=D(hours),
                                                used_of_type=used_of_type, used_overall=used_overall)]


def test_hours_within_every_cap_pass():
    assert kinds(16, used_of_type=D(16), used_overall=D(24)) == []


def test_a_claim_above_its_per_claim_cap_fails():
    assert kinds("16.5") == [claims.PER_CLAIM]


def test_the_types_yearly_cap_counts_what_is_already_used():
    problems = claims.cap_problems(rules=RULES, claim_type=PAPER, hours=D(10), used_of_type=D(28),
                                   used_overall=D(28))
    assert [(p.kind, p.cap, p.available) for p in problems] == [(claims.TYPE_YEAR, D(32), D(4))]


def test_the_overall_cap_counts_every_type():
    assert kinds(8, used_of_type=D(0), used_overall=D(36)) == [claims.OVERALL_YEAR]


def test_every_broken_cap_is_reported_at_once():
    assert kinds(20, used_of_type=D(30), used_overall=D(39)) == [claims.PER_CLAIM, claims.TYPE_YEAR,
                                                                  claims.OVERALL_YEAR]


def test_without_an_overall_cap_only_the_types_caps_apply():
    assert kinds(16, used_of_type=D(0), used_overall=D(1000), rules=EquivalentRules(types=(PAPER,))) == []


def test_most_allowed_is_the_tightest_cap_and_never_negative():
    assert claims.most_allowed(rules=RULES, claim_type=PAPER, used_of_type=D(0), used_overall=D(0)) == 16
    assert claims.most_allowed(rules=RULES, claim_type=PAPER, used_of_type=D(20), used_overall=D(20)) == 12
    assert claims.most_allowed(rules=RULES, claim_type=PAPER, used_of_type=D(0), used_overall=D(37)) == 3
    assert claims.most_allowed(rules=RULES, claim_type=PAPER, used_of_type=D(40), used_overall=D(50)) == 0
