"""A complaint is due `JXJY_COMPLAINT_OVERDUE_DAYS` working days after it was filed, counted
with the province's holiday calendar; the pages show the due date and flag what is past it."""

from __future__ import annotations

import datetime as dt

from jxjy.plans.models import HolidayCalendar
from jxjy.plans.services import calendar_set

from .conftest import file_complaint


def _file_on(api, cast, settings, moment: str) -> int:
    settings.JXJY_FROZEN_NOW = moment
    return file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk).json()["id"]


def test_national_day_week_does_not_count(cast, api, settings):
    cid = _file_on(api, cast, settings, "2020-09-28T09:00:00+08:00")
    settings.JXJY_FROZEN_NOW = "2020-10-13T09:00:00+08:00"  # 15 calendar days later: not yet due
    body = api(cast.admin_weinan).get(f"complaints/{cid}").json()
    # 29, 30 Sep, 9, 10 (Saturday worked) Oct, 12-16, 19-23, 26 Oct: the 15th working day.
    assert body["due_on"] == "2020-10-26" and body["working_days"] == 15
    assert body["overdue"] is False and body["working_days_open"] == 6


def test_the_number_of_working_days_is_the_setting(cast, api, settings):
    settings.JXJY_COMPLAINT_OVERDUE_DAYS = 3
    cid = _file_on(api, cast, settings, "2020-09-30T09:00:00+08:00")
    settings.JXJY_FROZEN_NOW = "2020-10-12T23:00:00+08:00"
    body = api(cast.admin_weinan).get(f"complaints/{cid}").json()
    # 9 Oct, Saturday 10 Oct, Monday 12 Oct.
    assert body["due_on"] == "2020-10-12" and body["overdue"] is False and body["working_days"] == 3
    settings.JXJY_FROZEN_NOW = "2020-10-13T00:30:00+08:00"
    assert api(cast.admin_weinan).get(f"complaints/{cid}").json()["overdue"] is True


def test_the_province_editing_the_calendar_moves_the_deadline(cast, api, settings):
    cid = _file_on(api, cast, settings, "2020-09-28T09:00:00+08:00")
    calendar_set(actor=cast.province_admin, year=2020, holidays=[], workdays=[])
    assert api(cast.admin_weinan).get(f"complaints/{cid}").json()["due_on"] == "2020-10-19"


def test_a_year_without_a_calendar_is_counted_monday_to_friday_and_says_so(cast, api, settings, client):
    assert not HolidayCalendar.objects.filter(year=2021).exists()
    cid = _file_on(api, cast, settings, "2020-12-24T09:00:00+08:00")
    body = api(cast.learner_baishui).get(f"me/complaints/{cid}").json()
    # 1 Jan 2021 counts as a working day: nobody has entered 2021's holidays.
    assert body["due_on"] == "2021-01-14"
    assert "2021" in body["due_note"] and "周一至周五" in body["due_note"]
    client.force_login(cast.learner_baishui)
    page = client.get(f"/complaints/{cid}/").content.decode()
    assert 'id="due-note"' in page and "2021-01-14" in page
    calendar_set(actor=cast.province_admin, year=2021, holidays=["2021-01-01"], workdays=[])
    body = api(cast.learner_baishui).get(f"me/complaints/{cid}").json()
    assert body["due_on"] == "2021-01-15" and body["due_note"] == ""


def test_the_overdue_filter_agrees_with_each_complaints_flag(cast, api, settings):
    """Complaints filed on every day around National Day (and at the edges of days): the queue's
    `overdue=true` database filter finds exactly those whose own flag says overdue."""
    start = dt.datetime(2020, 9, 15, 23, 59)
    ids = [_file_on(api, cast, settings, (start + dt.timedelta(days=i, hours=h)).isoformat() + "+08:00")
           for i in range(0, 28, 1) for h in (0, 9) if (i + h) % 3]
    for today in ("2020-10-09T08:00:00", "2020-10-16T12:00:00", "2020-10-26T23:59:00", "2020-10-27T00:01:00",
                  "2020-11-03T10:00:00"):
        settings.JXJY_FROZEN_NOW = today + "+08:00"
        everything = api(cast.admin_weinan).get("complaints", limit=200).json()["items"]
        flagged = {i["id"] for i in everything if i["overdue"]}
        filtered = {i["id"] for i in api(cast.admin_weinan).get("complaints", overdue=True, limit=200).json()["items"]}
        assert filtered == flagged, today
        assert {i["id"] for i in everything} >= set(ids)
    assert flagged  # the last day has some overdue, and earlier days fewer
    settings.JXJY_FROZEN_NOW = "2020-10-09T08:00:00+08:00"
    assert api(cast.admin_weinan).get("complaints", overdue=True).json()["count"] < len(flagged)


def test_pages_show_the_due_date_and_highlight_overdue(cast, api, settings, client):
    old = _file_on(api, cast, settings, "2020-09-01T10:00:00+08:00")
    new = _file_on(api, cast, settings, "2020-09-21T10:00:00+08:00")
    settings.JXJY_FROZEN_NOW = "2020-09-24T10:00:00+08:00"
    client.force_login(cast.admin_weinan)
    queue = client.get("/complaints/").content.decode()
    assert 'data-due="2020-09-22"' in queue and 'data-due="2020-10-16"' in queue
    assert f'data-complaint="{old}" data-overdue="1"' in queue
    assert f'data-complaint="{new}" data-overdue' not in queue
    assert 'id="overdue-count"' in queue and "已过办理期限" in queue
    page = client.get(f"/complaints/{old}/").content.decode()
    assert 'id="overdue"' in page and 'id="due-on" class="fail"' in page and "15个工作日" in page
    client.force_login(cast.learner_baishui)
    mine = client.get("/complaints/mine/").content.decode()
    assert 'data-due="2020-09-22"' in mine and "已超时" in mine
    page = client.get(f"/complaints/{new}/").content.decode()
    assert 'id="overdue"' not in page and "2020-10-16" in page


def test_a_resolved_complaint_is_never_overdue(cast, api, settings):
    cid = _file_on(api, cast, settings, "2020-09-01T10:00:00+08:00")
    api(cast.admin_weinan).post(f"complaints/{cid}/accept")
    api(cast.admin_weinan).post(f"complaints/{cid}/resolve", {"outcome": "UPHELD", "result": "已退费"})
    settings.JXJY_FROZEN_NOW = "2020-12-01T10:00:00+08:00"
    body = api(cast.admin_weinan).get(f"complaints/{cid}").json()
    assert body["status"] == "RESOLVED" and body["overdue"] is False
    assert api(cast.admin_weinan).get("complaints", overdue=True).json()["count"] == 0
