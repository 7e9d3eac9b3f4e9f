"""Fixtures for the courseware tests: the shipped 2020 rules, rules for seconds-long videos, a
per-worker cache of generated videos, and a published plan whose spec accepts short lectures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jxjy.courseware.testvideos import make_video

PLAN_2020 = Path(__file__).resolve().parents[2] / "plans" / "data" / "plan_2020.json"

# Test videos last seconds, not an hour: the only change from 2020 is the lecture and preview length.
SHORT = {"lecture_minutes_min": 0.04, "lecture_minutes_max": 0.1, "preview_max_seconds": 4}


@pytest.fixture(scope="session")
def rules_2020() -> dict:
    return json.loads(PLAN_2020.read_text(encoding="utf-8"))["spec_profile"]["rules"]


@pytest.fixture(scope="session")
def short_rules(rules_2020: dict) -> dict:
    return {**rules_2020, **SHORT}


@pytest.fixture(scope="session")
def video(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`video(seconds=3, **make_video kwargs)` → the path of a generated file, made once per worker."""
    folder = tmp_path_factory.mktemp("videos")
    made: dict[str, Path] = {}

    def get(name: str | None = None, **kwargs: Any) -> Path:
        kwargs.setdefault("seconds", 3)
        key = name or "_".join(f"{k}-{v}" for k, v in sorted(kwargs.items()))
        if key not in made:
            made[key] = make_video(folder / f"{key}.mp4", **kwargs)
        return made[key]

    return get


@pytest.fixture
def short_plan(cast: Any, short_rules: dict) -> Any:
    """A published plan for a later year whose spec profile takes seconds-long lectures."""
    from jxjy.plans.selectors import published_plan
    from jxjy.plans.services import plan_draft_from, plan_publish

    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "year": 2031, "spec_profile": {"name": "测试用短视频规范", "rules": short_rules}})
    return plan_publish(actor=cast.province_admin, plan=draft)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
