"""Search property: a query that occurs in a title always finds that course, and every course
found holds each word of the query (whole or in its parts)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxjy.catalog.models import Course
from jxjy.catalog.selectors import courses_search, query_words
from jxjy.core import clock

pytestmark = pytest.mark.django_db

WORDS = ["软件", "工程", "项目", "管理", "实务", "建筑", "质量", "安全", "护理", "数据", "分析", "Python", "AI",
         "、", " ", "（基础）"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map("".join), min_size=1,
                       max_size=6), pick=st.integers(min_value=0), cut=st.tuples(st.integers(0, 30), st.integers(1, 30)))
def test_a_substring_of_a_title_finds_it_and_only_matching_courses(cast, titles, pick, cut):
    Course.objects.all().delete()
    for title in titles:
        Course.objects.create(base=cast.provincial_base, title=title.strip() or "课程", category="PUBLIC", hours=24,
                              status=Course.Status.PUBLISHED, published_at=clock.now())
    target = Course.objects.order_by("id")[pick % len(titles)]
    start, length = cut
    query = target.title[start % len(target.title):][:length]
    found = list(courses_search(Course.objects.all(), q=query))
    if query_words(query):
        assert target in found
        for course in found:
            for word, parts in query_words(query):
                text = course.title.lower()
                assert word.lower() in text or (parts and all(p.lower() in text for p in parts))
    else:
        assert len(found) == len(titles)
