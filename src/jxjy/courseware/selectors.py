"""Reads for the courseware app: which spec rules apply now."""

from __future__ import annotations

from jxjy.plans.selectors import current_plan


def current_spec_rules() -> dict:
    """The rules dict of the current published plan's spec profile (a copy: callers may adjust it)."""
    return dict(current_plan().spec_profile.rules)
