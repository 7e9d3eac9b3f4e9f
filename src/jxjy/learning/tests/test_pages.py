"""The studying pages: my study, the lecture player, sessions for learners and for the base."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openpyxl import load_workbook

from jxjy.credits.models import CreditEntry
from jxjy.learning.models import InPersonSession, SessionRegistration
from jxjy.learning.testing import enrol

from .sessions import pay, schedule

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_my_study_shows_the_years_progress_toward_each_minimum_and_the_courses_behind_it(cast, course, enrolment):
    CreditEntry.objects.create(learner=cast.learner_yanta.learner, year=2020, category="PROFESSIONAL", hours=2,
                               source=CreditEntry.Source.ONLINE_COURSE, reference=f"enrolment:{enrolment.pk}",
                               created_at="2020-06-02T10:00:00+08:00")
    page = browser(cast.learner_yanta).get("/study/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "公需课" in html and "专业课" in html
    assert "2 / 56" in html and "0 / 24" in html and "2 / 80" in html
    assert course.title in html
    assert "2019" in html  # the make-up year and its deadline


def test_my_study_is_for_learners(cast):
    assert browser(cast.admin_xian).get("/study/").status_code == 403
    assert Client().get("/study/").status_code == 302


def test_the_lecture_page_has_a_mobile_friendly_player_that_reports_to_the_api(cast, course, enrolment):
    lecture = course.lectures.first()
    lecture.video = "courseware/lectures/demo.mp4"
    lecture.save(update_fields=["video"])
    page = browser(cast.learner_yanta).get(f"/study/lectures/{lecture.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<video" in html and "playsinline" in html
    # The player is the page's script (a static file: the CSP runs no inline one).
    assert "learning/lecture.js" in html and 'data-csrf="' in html
    player = Path(finders.find("learning/lecture.js")).read_text()
    assert "/heartbeat" in player and "X-CSRFToken" in player and "/presence" in player
    assert 'id="presence"' in html


def test_the_lecture_page_refuses_a_learner_who_has_not_paid(cast, course, clock):
    enrol(cast.learner_yanta, course, paid=False)
    page = browser(cast.learner_yanta).get(f"/study/lectures/{course.lectures.first().pk}/")
    assert page.status_code == 409
    assert "缴费" in page.content.decode()
    assert browser(cast.learner_baishui).get(f"/study/lectures/{course.lectures.first().pk}/").status_code == 403


def test_the_player_works_with_the_session_and_csrf_like_the_page_does(cast, course, enrolment, clock):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.learner_yanta)
    page = client.get(f"/study/lectures/{course.lectures.first().pk}/")
    token = page.context["csrf_token"]
    url = f"/api/v1/lectures/{course.lectures.first().pk}/playback"
    assert client.post(url, "{}", content_type="application/json").status_code in (401, 403)
    res = client.post(url, "{}", content_type="application/json", headers={"X-CSRFToken": str(token)})
    assert res.status_code == 201, res.content


def test_an_enrolment_page_lists_the_lectures_for_its_learner_only(cast, course, enrolment):
    assert browser(cast.learner_yanta).get(f"/study/enrolments/{enrolment.pk}/").status_code == 200
    assert browser(cast.learner_baishui).get(f"/study/enrolments/{enrolment.pk}/").status_code == 404


def test_learners_see_open_sessions_with_their_price_and_register(cast, api, clock):
    sid = schedule(api, cast)["id"]
    client = browser(cast.learner_baishui)
    html = client.get("/sessions/").content.decode()
    assert "现代农业技术推广" in html and "24.00" in html  # 8 hours at the relief rate of 2020
    res = client.post(f"/sessions/{sid}/register/")
    assert res.status_code == 302
    assert SessionRegistration.objects.filter(session_id=sid, learner=cast.learner_baishui.learner).exists()


def test_a_base_schedules_marks_imports_and_closes_through_its_pages(cast, api, clock,
                                                                     django_capture_on_commit_callbacks):
    client = browser(cast.base_weinan)
    assert client.get("/base/sessions/").status_code == 200
    res = client.post("/base/sessions/", {
        "subject": "护理新技术", "category": "PROFESSIONAL",
        "specialty": cast.weinan_base.specialty_scope.get(code="WS-HL").pk, "starts_on": "2020-06-10",
        "ends_on": "2020-06-10", "hours": 4, "place": "渭南市中心医院", "capacity": 10})
    assert res.status_code == 302, res.content.decode()[:2000]
    session = InPersonSession.objects.get(subject="护理新技术")
    rid = api(cast.learner_baishui).post(f"in-person-sessions/{session.pk}/registrations").json()["id"]
    pay(cast.learner_baishui, rid, django_capture_on_commit_callbacks)
    clock.set(dt.datetime(2020, 6, 10, 18, 0))
    client = browser(cast.base_weinan)
    page = client.get(f"/base/sessions/{session.pk}/").content.decode()
    assert cast.learner_baishui.learner.masked_id_number in page
    assert cast.learner_baishui.learner.id_number not in page
    sheet = client.get(f"/base/sessions/{session.pk}/attendance.xlsx")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == rid
    client.post(f"/base/sessions/{session.pk}/attendance/", {f"attended_{rid}": "1"})
    assert SessionRegistration.objects.get(pk=rid).attended is True
    client.post(f"/base/sessions/{session.pk}/close/")
    assert CreditEntry.objects.get(learner=cast.learner_baishui.learner).hours == 4


def test_the_base_pages_are_for_the_sessions_own_base(cast, api, clock):
    sid = schedule(api, cast)["id"]
    assert browser(cast.base_provincial).get(f"/base/sessions/{sid}/").status_code == 404
    assert browser(cast.learner_baishui).get("/base/sessions/").status_code == 403
    assert browser(cast.admin_weinan).get(f"/base/sessions/{sid}/").status_code == 403


def test_the_dashboard_shows_the_study_panel(cast):
    html = browser(cast.learner_yanta).get("/dashboard/").content.decode()
    assert "/study/" in html


def test_the_lecture_video_is_served_with_ranges_to_a_learner_who_may_study_it_only(cast, course, clock, settings,
                                                                                   tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "courseware").mkdir()
    (tmp_path / "courseware" / "l1.mp4").write_bytes(b"0123456789" * 10)
    lecture = course.lectures.first()
    lecture.video = "courseware/l1.mp4"
    lecture.save(update_fields=["video"])
    url = f"/study/lectures/{lecture.pk}/video"
    assert browser(cast.learner_yanta).get(url).status_code == 403  # not enrolled
    enrolment = enrol(cast.learner_yanta, course, paid=False)
    assert browser(cast.learner_yanta).get(url).status_code == 409  # not paid
    from jxjy.learning.services import enrolment_activate

    enrolment_activate(enrolment=enrolment)
    res = browser(cast.learner_yanta).get(url, headers={"Range": "bytes=10-19"})
    assert res.status_code == 206 and b"".join(res.streaming_content) == b"0123456789"
    assert browser(cast.learner_baishui).get(url).status_code == 403
    assert Client().get(url).status_code == 302
