"""The holiday calendar is data the province edits: shipped for 2020, read by anyone through the
API, edited in the admin (or replaced through the service), each day checked."""

from __future__ import annotations

import datetime as dt

import pytest

from jxjy.core.errors import PermissionDenied, ValidationFailed
from jxjy.core.models import AuditEntry
from jxjy.plans.models import CalendarDay, HolidayCalendar
from jxjy.plans.selectors import work_calendar
from jxjy.plans.services import calendar_load_shipped, calendar_set
from jxjy.plans.workdays import add_workdays

pytestmark = pytest.mark.django_db


def test_2020_ships_with_the_state_councils_calendar_and_the_covid_extension(api):
    body = api().get("calendar/2020").json()
    assert body["year"] == 2020 and body["defined"] is True
    holidays, workdays = set(body["holidays"]), set(body["workdays"])
    assert {"2020-01-01", "2020-01-24", "2020-01-31", "2020-02-01", "2020-02-02", "2020-04-06", "2020-05-05",
            "2020-06-25", "2020-10-01", "2020-10-08"} <= holidays
    assert len(holidays) == 1 + 10 + 3 + 5 + 3 + 8
    assert workdays == {"2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"}
    assert "2020-02-03" not in holidays and "2020-02-01" not in workdays
    assert "国办发明电〔2020〕1号" in body["source"] and "2月2日" in body["note"]


def test_a_year_without_a_calendar_answers_empty_with_a_note(api):
    body = api().get("calendar/2031").json()
    assert body == {"year": 2031, "holidays": [], "workdays": [], "defined": False, "source": "",
                    "note": body["note"]}
    assert "2031" in body["note"] and "周一至周五" in body["note"]


def test_loading_the_shipped_calendar_again_keeps_the_provinces_edits(cast):
    calendar_set(actor=cast.province_admin, year=2020, holidays=["2020-01-01"], workdays=[])
    calendar_load_shipped(year=2020)
    assert HolidayCalendar.objects.get(year=2020).days.count() == 1


def test_the_province_replaces_a_year_and_it_is_audited(cast, api):
    calendar_set(actor=cast.province_admin, year=2021, source="国办发明电〔2020〕27号",
                 holidays=[{"name": "元旦", "from": "2021-01-01", "to": "2021-01-03"}],
                 workdays=[{"name": "春节调休上班", "date": "2021-02-07"}])
    body = api().get("calendar/2021").json()
    assert body["holidays"] == ["2021-01-01", "2021-01-02", "2021-01-03"] and body["workdays"] == ["2021-02-07"]
    entry = AuditEntry.objects.filter(action="calendar.set").latest("id")
    assert entry.after["workdays"] == ["2021-02-07"] and entry.actor_id == cast.province_admin.pk
    # The working-day count follows at once: Thu 31 Dec 2020 + 1 is Mon 4 Jan 2021.
    assert add_workdays(dt.date(2020, 12, 31), 1, work_calendar()) == dt.date(2021, 1, 4)


@pytest.mark.parametrize(("holidays", "workdays", "reason"), [
    (["2021-01-01"], [], "不在"),  # another year
    ([], ["2020-03-02"], "周六或周日"),  # a Monday cannot be an adjusted working day
    (["2020-01-19"], ["2020-01-19"], "既是"),  # both
    (["2020-13-01"], [], "YYYY-MM-DD"),
    ([{"from": "2020-02-10", "to": "2020-01-01"}], [], "YYYY-MM-DD"),
])
def test_bad_days_are_refused_in_chinese_and_nothing_changes(cast, holidays, workdays, reason):
    before = list(CalendarDay.objects.filter(calendar__year=2020).values_list("date", "kind"))
    with pytest.raises(ValidationFailed) as exc:
        calendar_set(actor=cast.province_admin, year=2020, holidays=holidays, workdays=workdays)
    assert reason in exc.value.message + "".join(e["reason"] for e in exc.value.detail["errors"])
    assert list(CalendarDay.objects.filter(calendar__year=2020).values_list("date", "kind")) == before


def test_only_the_province_edits_calendars(cast):
    for user in (cast.admin_xian, cast.learner_yanta):
        with pytest.raises(PermissionDenied):
            calendar_set(actor=user, year=2021, holidays=[], workdays=[])
    assert not HolidayCalendar.objects.filter(year=2021).exists()


def _admin_form(year: int, days: list[tuple[str, str, str]]) -> dict[str, str]:
    form = {"year": str(year), "source": "国办", "note": "", "days-TOTAL_FORMS": str(len(days)),
            "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000"}
    for i, (date, kind, name) in enumerate(days):
        form.update({f"days-{i}-date": date, f"days-{i}-kind": kind, f"days-{i}-name": name})
    return form


def test_the_province_edits_a_year_in_the_admin(cast, client):
    client.force_login(cast.province_admin)
    r = client.post("/django-admin/plans/holidaycalendar/add/",
                    _admin_form(2022, [("2022-01-03", "HOLIDAY", "元旦"), ("2022-01-29", "WORKDAY", "春节调休上班")]))
    assert r.status_code == 302, r.content.decode()[:2000]
    calendar = HolidayCalendar.objects.get(year=2022)
    assert sorted(calendar.days.values_list("kind", flat=True)) == ["HOLIDAY", "WORKDAY"]
    assert AuditEntry.objects.filter(action="calendar.set", object_id=str(calendar.pk)).exists()
    assert client.get("/django-admin/plans/holidaycalendar/").status_code == 200


def test_the_admin_refuses_a_weekday_as_adjusted_working_day(cast, client):
    client.force_login(cast.province_admin)
    r = client.post("/django-admin/plans/holidaycalendar/add/",
                    _admin_form(2022, [("2022-01-04", "WORKDAY", "")]))
    assert r.status_code == 200
    assert "只有周六或周日" in r.content.decode()
    assert not HolidayCalendar.objects.filter(year=2022).exists()


def test_the_plan_panel_links_the_province_to_the_calendars(cast, client):
    client.force_login(cast.province_admin)
    assert "/django-admin/plans/holidaycalendar/" in client.get("/dashboard/").content.decode()
    client.force_login(cast.learner_yanta)
    assert "/django-admin/plans/holidaycalendar/" not in client.get("/dashboard/").content.decode()
