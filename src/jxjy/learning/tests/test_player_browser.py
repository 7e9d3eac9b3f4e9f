"""The lecture player in a real browser (Debian chromium through Playwright): it resumes, sends
heartbeats the server credits, completes the lecture, and stops counting when another window
takes over."""

from __future__ import annotations

import os
import shutil

import pytest

from jxjy.conftest import PASSWORD
from jxjy.core.testing import page_wait
from jxjy.learning.models import LectureProgress
from jxjy.learning.testing import enrol, make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("JXJY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SECONDS = 4


@pytest.fixture
def chromium(browser):
    return browser


@pytest.fixture
def video(tmp_path, settings):
    from jxjy.courseware.testvideos import make_video

    settings.MEDIA_ROOT = str(tmp_path)
    path = tmp_path / "courseware" / "lectures" / "lecture.mp4"
    path.parent.mkdir(parents=True)
    make_video(path, seconds=SECONDS, width=640, height=360)
    return path


def open_lecture(chromium, live_server, video, lecture):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    # The video itself comes from the test (its view is tested in test_pages): the live server's
    # threads share one in-memory database connection, and the browser's parallel range requests
    # would only add noise to what this test is about, the player's heartbeats.
    page.route("**/study/lectures/*/video", lambda route: route.fulfill(path=str(video), content_type="video/mp4"))
    page.goto("/login/")
    page.fill("input[name=login]", "learner_yanta")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.goto(f"/study/lectures/{lecture.pk}/")
    return page


def test_watching_the_whole_video_completes_the_lecture_and_a_second_window_takes_over(
        cast, live_server, chromium, video):
    course = make_course(cast.provincial_base, lectures=1, duration=SECONDS)
    lecture = course.lectures.get()
    lecture.video = "courseware/lectures/lecture.mp4"
    lecture.save(update_fields=["video"])
    enrol(cast.learner_yanta, course)

    page = open_lecture(chromium, live_server, video, lecture)
    page_wait(page, "document.getElementById('player').readyState >= 1", timeout=15000)
    page.evaluate("const v = document.getElementById('player'); v.muted = true; v.play();")
    page.wait_for_selector("#complete-badge:not([hidden])", timeout=(SECONDS + 15) * 1000)
    progress = LectureProgress.objects.get(lecture=lecture)
    assert progress.completed_at is not None
    assert progress.watched_ms >= SECONDS * 1000 * 0.95

    second = open_lecture(chromium, live_server, video, lecture)
    page_wait(second, "document.getElementById('player').readyState >= 1", timeout=15000)
    second.wait_for_timeout(500)  # its playback has started and ended the first
    # The page pauses the video as soon as its refused heartbeat comes back, which can reject this
    # play() promise (AbortError): expected here, so it is not awaited.
    page.evaluate("const v = document.getElementById('player'); v.currentTime = 1; v.play().catch(() => null); null")
    page_wait(page, "document.getElementById('player-message').textContent.includes('其他')", timeout=10000)
