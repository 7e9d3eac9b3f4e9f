"""The dashboard's evaluations panel: a base sees its own courses' count and overall average, the
province the platform's; nobody else gets the panel."""

import pytest
from django.test import Client

from jxjy.core.testing import PASSWORD
from jxjy.evaluations.services import evaluation_submit

from .conftest import completed

pytestmark = pytest.mark.django_db


def _panel(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client.get("/dashboard/").content.decode()


@pytest.fixture
def evaluated(cast, course, weinan_course, clock):
    evaluation_submit(actor=cast.learner_yanta, enrolment=completed(cast.learner_yanta, course),
                      scores={"overall": 5, "content": 5, "teaching": 4, "video": 4}, comment="")
    clock.advance(60)
    evaluation_submit(actor=cast.learner_baishui, enrolment=completed(cast.learner_baishui, weinan_course),
                      scores={"overall": 2, "content": 2, "teaching": 2, "video": 2}, comment="")


def test_a_base_sees_its_own_courses_count_and_average(cast, evaluated):
    page = _panel(cast.base_provincial)
    assert "已完成课程的学员共评价 1 次。" in page and "<strong>5.0</strong> / 5" in page
    assert 'id="evaluations-link"' in page


def test_the_province_sees_the_whole_platform(cast, evaluated):
    page = _panel(cast.province_admin)
    assert "已完成课程的学员共评价 2 次。" in page and "<strong>3.5</strong> / 5" in page


def test_before_any_evaluation_the_panel_says_so(cast):
    assert "尚无课程评价。" in _panel(cast.base_provincial)


@pytest.mark.parametrize("who", ["admin_xian", "learner_yanta", "employer_yanta"])
def test_others_get_no_panel(cast, evaluated, who):
    assert 'id="evaluations-link"' not in _panel(getattr(cast, who))
