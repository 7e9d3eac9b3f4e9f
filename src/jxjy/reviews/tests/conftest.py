import datetime as dt
from typing import Any

import pytest

from jxjy.core import clock
from jxjy.core.testing import PASSWORD, Api  # noqa: F401
from jxjy.reviews.models import BaseReview
from jxjy.reviews.services import review_self_assess, round_open

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CODES = ("RULES", "SPENDING", "TEACHERS", "ORGANISATION", "LEARNERS")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def deadline(days: int = 30) -> str:
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def self_items(score: Any = 18) -> dict[str, dict[str, Any]]:
    return {c: {"text": f"{c} 自评说明", "score": score} for c in CODES}


def scores(*values: Any, comment: str = "符合要求") -> dict[str, dict[str, Any]]:
    values = values or (16,) * 5
    return {c: {"score": v, "comment": comment} for c, v in zip(CODES, values, strict=True)}


@pytest.fixture
def review_round(cast: Any) -> Any:
    return round_open(actor=cast.province_admin, start_year=2019, end_year=2020, self_deadline=deadline())


@pytest.fixture
def weinan_review(cast: Any, review_round: Any) -> BaseReview:
    return BaseReview.objects.get(round=review_round, base=cast.weinan_base)


@pytest.fixture
def provincial_review(cast: Any, review_round: Any) -> BaseReview:
    return BaseReview.objects.get(round=review_round, base=cast.provincial_base)


@pytest.fixture
def weinan_submitted(cast: Any, weinan_review: BaseReview) -> BaseReview:
    return review_self_assess(actor=cast.base_weinan, review=weinan_review, items=self_items())
