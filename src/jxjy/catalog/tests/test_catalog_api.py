"""The catalog: published courses by category, specialty and level, searched by words."""

from __future__ import annotations

import pytest

from jxjy.catalog.models import Course, Lecture
from jxjy.core import clock
from jxjy.org.models import Specialty

pytestmark = pytest.mark.django_db


def course(base, title, *, category="PROFESSIONAL", specialty="GC-JSJ", level="INTERMEDIATE", hours=8,
           description="", published=True):
    c = Course.objects.create(
        base=base, title=title, category=category, hours=hours, description=description, level=level or "",
        specialty=Specialty.objects.get(code=specialty) if specialty else None,
        status=Course.Status.PUBLISHED if published else Course.Status.DRAFT,
        published_at=clock.now() if published else None)
    for n in range(1, 3):
        Lecture.objects.create(course=c, number=n, title=f"{title} 第{n}讲", duration=3600.0 + n)
    return c


@pytest.fixture
def courses(cast):
    pb, wb = cast.provincial_base, cast.weinan_base
    return {
        "pm": course(pb, "软件工程项目管理", description="项目进度与质量"),
        "tools": course(pb, "工程软件应用", level="JUNIOR"),
        "build": course(pb, "建筑工程质量管理", specialty="GC-JZ", level="SENIOR"),
        "nurse": course(wb, "基层护理", specialty="WS-HL", level="JUNIOR", description="软件工程无关"),
        "public": course(pb, "弘扬延安精神、坚定理想信念", category="PUBLIC", specialty=None, level="", hours=24),
        "draft": course(pb, "软件工程草稿", published=False),
    }


def titles(res):
    assert res.status_code == 200, res.content
    return [c["title"] for c in res.json()]


def test_anyone_lists_published_courses_with_the_contract_fields(api, courses):
    body = api().get("courses").json()
    assert "软件工程草稿" not in [c["title"] for c in body]
    assert len(body) == 5
    pm = next(c for c in body if c["id"] == courses["pm"].pk)
    assert {"id", "title", "category", "specialty", "level", "hours", "base"} <= set(pm)
    assert (pm["category"], pm["specialty"], pm["level"], pm["hours"]) == ("PROFESSIONAL", "GC-JSJ", "INTERMEDIATE", 8)
    assert pm["base"] == courses["pm"].base.name
    public = next(c for c in body if c["id"] == courses["public"].pk)
    assert public["specialty"] is None and public["level"] is None


def test_filters_by_category_specialty_and_level(cast, api, courses):
    assert titles(api().get("courses", category="PUBLIC")) == ["弘扬延安精神、坚定理想信念"]
    assert set(titles(api().get("courses", specialty="GC-JSJ"))) == {"软件工程项目管理", "工程软件应用"}
    assert titles(api().get("courses", specialty="GC-JSJ", level="JUNIOR")) == ["工程软件应用"]
    assert titles(api().get("courses", category="professional", level="senior")) == ["建筑工程质量管理"]
    assert titles(api(cast.learner_yanta).get("courses", specialty="NOPE")) == []


def test_search_splits_the_query_into_words(api, courses):
    found = titles(api().get("courses", q="软件工程"))
    # The whole phrase in the title ranks first; 「工程软件」 has both words; a description counts.
    assert found[0] == "软件工程项目管理"
    assert set(found) == {"软件工程项目管理", "工程软件应用", "基层护理"}
    assert "建筑工程质量管理" not in found


def test_search_by_description_and_combined_with_filters(api, courses):
    assert titles(api().get("courses", q="进度")) == ["软件工程项目管理"]
    assert titles(api().get("courses", q="软件工程", specialty="WS-HL")) == ["基层护理"]
    assert titles(api().get("courses", q="量子计算")) == []
    assert len(titles(api().get("courses", q="，、 "))) == 5


def test_course_detail_lists_its_lectures(api, courses):
    res = api().get(f"courses/{courses['pm'].pk}")
    assert res.status_code == 200
    body = res.json()
    assert body["title"] == "软件工程项目管理"
    assert [(lec["number"], lec["duration"]) for lec in body["lectures"]] == [(1, 3601.0), (2, 3602.0)]
    assert {"id", "number", "title", "duration"} <= set(body["lectures"][0])
    assert "video" not in body["lectures"][0]  # watching goes through enrolment, not the catalog


def test_unpublished_course_is_hidden_from_learners_and_other_bases(cast, api, courses):
    draft = courses["draft"].pk
    assert api().get(f"courses/{draft}").status_code == 404
    assert api(cast.learner_yanta).get(f"courses/{draft}").status_code == 404
    assert api(cast.base_weinan).get(f"courses/{draft}").status_code == 404
    assert api(cast.admin_xian).get(f"courses/{draft}").status_code == 404
    assert api(cast.base_provincial).get(f"courses/{draft}").status_code == 200
    assert api().get("courses/999999").status_code == 404
