"""Submission is refused with every reason at once (422, detail.errors), and nothing changes."""

from __future__ import annotations

import pytest

from jxjy.catalog.models import CheckStatus, CourseApplication
from jxjy.catalog.tests.conftest import fail_report, payload, public_payload, set_check
from jxjy.org.models import TrainingBase
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db

Status = CourseApplication.Status


def refused(api, user, application) -> dict[str, dict]:
    res = api(user).post(f"course-applications/{application.pk}/submit")
    assert res.status_code == 422, res.content
    body = res.json()
    assert body["code"] == "application_incomplete"
    assert CourseApplication.objects.get(pk=application.pk).status == Status.DRAFT
    return {e["code"]: e for e in body["detail"]["errors"]}


def test_failed_spec_check_of_a_lecture_refuses_submission(cast, api, ready):
    application = ready()
    set_check(application.course.lectures.get(number=3), CheckStatus.FAIL, fail_report())
    errors = refused(api, cast.base_provincial, application)
    assert errors["spec_check_failed"]["field"] == "lectures.3.video"
    assert errors["spec_check_failed"]["rules"] == ["video_codec"]
    assert "3" in errors["spec_check_failed"]["reason"]
    assert "hevc" in errors["spec_check_failed"]["reason"]


def test_failed_spec_check_of_the_preview_refuses_submission(cast, api, ready):
    application = ready()
    set_check(application.course, CheckStatus.FAIL, fail_report("preview_duration", "240"))
    assert refused(api, cast.base_provincial, application)["spec_check_failed"]["field"] == "preview"


def test_course_level_spec_failure_refuses_submission(cast, api, ready, seams):
    seams.course_report = {"verdict": "fail", "rows": [
        {"rule": "same_resolution", "status": "fail", "measured": "1280x720, 1920x1080", "required": "one"}]}
    errors = refused(api, cast.base_provincial, ready())
    assert errors["course_spec_failed"]["rules"] == ["same_resolution"]


def test_specialty_outside_the_base_scope_refuses_submission(cast, api, ready):
    application = ready(cast.base_provincial, payload(specialty="WS-HL"))
    errors = refused(api, cast.base_provincial, application)
    assert errors["specialty_out_of_scope"]["specialty"] == "WS-HL"
    assert "护理" in errors["specialty_out_of_scope"]["reason"] or "范围" in errors["specialty_out_of_scope"]["reason"]


def test_city_base_may_not_offer_a_public_course(cast, api, ready):
    application = ready(cast.base_weinan, public_payload())
    errors = refused(api, cast.base_weinan, application)
    assert errors["permission_missing"]["permission"] == "ONLINE_PUBLIC"


def test_base_without_online_professional_permission_is_refused(cast, api, ready):
    base = cast.weinan_base
    base.permissions = [TrainingBase.Permission.IN_PERSON]
    base.save(update_fields=["permissions"])
    application = ready(cast.base_weinan, payload(specialty="WS-HL"))
    assert refused(api, cast.base_weinan, application)["permission_missing"]["permission"] == "ONLINE_PROFESSIONAL"


def test_suspended_base_is_refused(cast, api, ready):
    application = ready()
    TrainingBase.objects.filter(pk=cast.provincial_base.pk).update(status=TrainingBase.Status.SUSPENDED)
    assert "base_suspended" in refused(api, cast.base_provincial, application)


def test_public_course_short_of_patriotic_hours_is_refused(cast, api, ready):
    lectures = [{"number": n, "title": f"第{n}讲", "patriotic": n <= 3} for n in range(1, 25)]
    application = ready(cast.base_provincial, public_payload(lectures=lectures))
    errors = refused(api, cast.base_provincial, application)
    assert errors["patriotic_hours_short"]["required"] == 4
    assert errors["patriotic_hours_short"]["actual"] == 3


def test_public_course_with_enough_patriotic_hours_passes(cast, api, ready):
    application = ready(cast.base_provincial, public_payload())
    res = api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == Status.PROVINCE_REVIEW


def test_lecture_count_must_match_the_hours_class(cast, api, ready):
    application = ready(cast.base_provincial, payload(hours=16))
    errors = refused(api, cast.base_provincial, application)
    assert (errors["lecture_count_mismatch"]["expected"], errors["lecture_count_mismatch"]["actual"]) == (16, 8)
    assert "hours_class_invalid" not in errors


def test_hours_outside_the_plan_classes_are_refused(cast, api, ready):
    lectures = [{"number": n, "title": f"第{n}讲"} for n in range(1, 11)]
    application = ready(cast.base_provincial, payload(hours=10, lectures=lectures))
    errors = refused(api, cast.base_provincial, application)
    assert errors["hours_class_invalid"]["allowed"] == [8, 16, 24, 32, 56]
    assert "lecture_count_mismatch" not in errors


def test_short_question_bank_is_refused(cast, api, ready, seams):
    seams.bank = {"ok": False, "counts": {"single": 50, "multiple": 30, "true_false": 30},
                  "required": {"single": 90, "multiple": 30, "true_false": 30},
                  "missing": {"single": 40, "multiple": 0, "true_false": 0}}
    errors = refused(api, cast.base_provincial, ready())
    assert errors["question_bank_short"]["missing"]["single"] == 40
    assert "40" in errors["question_bank_short"]["reason"]


def test_missing_videos_and_form_fields_are_refused(cast, api):
    res = api(cast.base_provincial).post("course-applications", payload(
        teachers=[], pledge_accepted=False, contact_phone="", outcomes=""))
    application = CourseApplication.objects.get(pk=res.json()["id"])
    errors = refused(api, cast.base_provincial, application)
    assert {"video_missing", "preview_missing", "teachers_missing", "pledge_missing", "contact_missing",
            "course_system_incomplete"} <= set(errors)


def test_every_reason_comes_at_once(cast, api, ready, seams):
    seams.bank = {"ok": False, "missing": {"single": 1}}
    lectures = [{"number": n, "title": f"第{n}讲"} for n in range(1, 24)]
    application = ready(cast.base_weinan, public_payload(lectures=lectures))
    set_check(application.course.lectures.first(), CheckStatus.FAIL, fail_report())
    errors = refused(api, cast.base_weinan, application)
    assert {"permission_missing", "lecture_count_mismatch", "patriotic_hours_short", "spec_check_failed",
            "question_bank_short"} <= set(errors)
    for error in errors.values():
        assert error["reason"] and not error["reason"].isascii()


def test_the_rules_follow_a_made_up_year(cast, api, ready):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "year": 2031, "professional_hours_classes": [10, 20], "patriotic_min_hours": 6})
    plan_publish(actor=cast.province_admin, plan=draft)
    eight = ready()
    assert refused(api, cast.base_provincial, eight)["hours_class_invalid"]["allowed"] == [10, 20]

    ten = ready(cast.base_provincial, payload(title="十学时课程", hours=10,
                                             lectures=[{"number": n, "title": f"第{n}讲"} for n in range(1, 11)]))
    assert api(cast.base_provincial).post(f"course-applications/{ten.pk}/submit").status_code == 200

    public = ready(cast.base_provincial, public_payload())  # 4 patriotic lectures
    assert refused(api, cast.base_provincial, public)["patriotic_hours_short"]["required"] == 6


def test_readiness_lists_the_same_reasons_without_submitting(cast, api, ready):
    application = ready(cast.base_provincial, payload(specialty="WS-HL"))
    body = api(cast.base_provincial).get(f"course-applications/{application.pk}/readiness").json()
    assert body["ok"] is False
    assert [e["code"] for e in body["errors"]] == ["specialty_out_of_scope"]
    assert CourseApplication.objects.get(pk=application.pk).round == 0
