"""What a year-end reminder says is missing: only the categories still short, with the total only
where it says more; plurals as English needs them, one form in Chinese."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from jxjy.notices.wording import missing_phrase


@pytest.mark.parametrize(("figures", "english", "chinese"), [
    ({"public": "24", "professional": "56", "total": "80"},
     "24 public hours and 56 professional hours (80 hours in all)", "公需课24学时、专业课56学时（共80学时）"),
    ({"public": "0", "professional": "1", "total": "1"}, "1 professional hour", "专业课1学时"),
    ({"public": "1.5", "professional": "0", "total": "1.5"}, "1.5 public hours", "公需课1.5学时"),
    ({"public": "0", "professional": "0", "total": "4"}, "4 hours", "4学时"),
    ({"public": "0", "professional": "6", "total": "10"}, "6 professional hours (10 hours in all)",
     "专业课6学时（共10学时）"),
])
def test_the_missing_hours_name_only_what_is_short(figures, english, chinese):
    with override("en"):
        assert missing_phrase(figures) == english
    with override("zh-hans"):
        assert missing_phrase(figures) == chinese
