"""Anyone reads a course's evaluations: count, averages, distribution, and the comments signed
"李**" and dated, newest first, a page at a time; never who wrote them."""

import pytest
from django.utils import timezone

from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_id_number
from jxjy.evaluations.services import evaluation_submit

from .conftest import completed

pytestmark = pytest.mark.django_db


def _learner(cast, n: int, name: str) -> User:
    user = User.objects.create_user(username=f"learner_{n}", password="x", role=User.Role.LEARNER)
    Learner.objects.create(user=user, id_number=make_id_number("610113", "19900101", f"{n:03d}"), name=name,
                           phone=f"137000{n:05d}", employer=cast.yanta_employer,
                           specialty=cast.learner_yanta.learner.specialty, title_level="JUNIOR",
                           affiliation=Learner.Affiliation.CONFIRMED)
    return user


def _evaluate(user, course, clock, overall, content, teaching, video, comment=""):
    clock.advance(3600)
    return evaluation_submit(actor=user, enrolment=completed(user, course), comment=comment,
                             scores={"overall": overall, "content": content, "teaching": teaching, "video": video})


def test_the_summary_counts_averages_and_distributes_the_stars(cast, api, course, clock):
    marks = [(5, 5, 4, 3), (4, 3, 4, 3), (4, 4, 5, 2), (2, 1, 3, 2)]
    for i, m in enumerate(marks):
        _evaluate(_learner(cast, i + 1, f"王{i}明"), course, clock, *m)
    body = api().get(f"courses/{course.pk}/evaluations").json()
    summary = body["summary"]
    assert summary["count"] == 4
    # 15/4 = 3.75 → 3.8; 13/4 = 3.25 → 3.3; 16/4 = 4.0; 10/4 = 2.5
    assert summary["averages"] == {"overall": 3.8, "content": 3.3, "teaching": 4.0, "video": 2.5}
    assert [(d["stars"], d["count"], d["percent"]) for d in summary["distribution"]] == [
        (5, 1, 25), (4, 2, 50), (3, 0, 0), (2, 1, 25), (1, 0, 0)]


def test_a_course_without_evaluations_says_so(api, course):
    summary = api().get(f"courses/{course.pk}/evaluations").json()["summary"]
    assert summary["count"] == 0 and summary["averages"]["overall"] is None


def test_comments_are_anonymised_dated_and_newest_first(cast, api, course, clock):
    _evaluate(cast.learner_yanta, course, clock, 5, 5, 5, 5, "第一条")
    _evaluate(cast.learner_baishui, course, clock, 3, 3, 3, 3, "第二条")
    _evaluate(_learner(cast, 7, "欧阳小明"), course, clock, 4, 4, 4, 4)  # no comment: not listed
    r = api(cast.learner_baishui).get(f"courses/{course.pk}/evaluations")
    comments = r.json()["comments"]
    assert [(c["author"], c["comment"]) for c in comments] == [("张**", "第二条"), ("李**", "第一条")]
    assert comments[0]["date"] == timezone.localdate(clock.now()).isoformat()
    text = r.content.decode()
    for secret in ("李雁塔", "张白水", "learner_yanta", cast.learner_yanta.learner.id_number,
                   '"learner"', '"enrolment_id"'):
        assert secret not in text


def test_comments_come_a_page_at_a_time(cast, api, course, clock):
    for i in range(12):
        _evaluate(_learner(cast, i + 1, f"赵{i}"), course, clock, 4, 4, 4, 4, f"评论{i}")
    first = api().get(f"courses/{course.pk}/evaluations").json()
    second = api().get(f"courses/{course.pk}/evaluations", page=2).json()
    assert (first["pages"], first["total"], len(first["comments"]), len(second["comments"])) == (2, 12, 10, 2)
    assert first["comments"][0]["comment"] == "评论11" and second["comments"][-1]["comment"] == "评论0"


def test_an_unpublished_course_has_no_public_evaluations(api, cast, clock):
    from jxjy.learning.testing import make_course

    draft = make_course(cast.provincial_base, published=False)
    assert api().get(f"courses/{draft.pk}/evaluations").status_code == 404
