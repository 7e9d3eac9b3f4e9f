"""The working-day core on its own: adding and counting agree, holidays and adjusted weekends
count as the calendar says, a year without a calendar is counted Monday to Friday."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxjy.plans.workdays import WorkCalendar, add_workdays, count_workdays, latest_start_overdue

D = dt.date
SPRING = [D(2020, 1, 24) + dt.timedelta(days=i) for i in range(10)]  # 24 Jan - 2 Feb
CAL_2020 = WorkCalendar.of({2020: (
    [D(2020, 1, 1), *SPRING, D(2020, 4, 4), D(2020, 4, 5), D(2020, 4, 6),
     *[D(2020, 5, d) for d in range(1, 6)], D(2020, 6, 25), D(2020, 6, 26), D(2020, 6, 27),
     *[D(2020, 10, d) for d in range(1, 9)]],
    [D(2020, 1, 19), D(2020, 4, 26), D(2020, 5, 9), D(2020, 6, 28), D(2020, 9, 27), D(2020, 10, 10)])})

dates = st.dates(min_value=D(2019, 6, 1), max_value=D(2021, 6, 30))
calendars = st.builds(
    lambda hol, work: WorkCalendar.of({2020: (hol, work)}),
    st.sets(st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31)), max_size=40),
    st.sets(st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31)).filter(lambda d: d.weekday() >= 5),
            max_size=10))


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=60), calendars)
def test_adding_then_counting_round_trips(start, n, cal):
    due = add_workdays(start, n, cal)
    assert count_workdays(start, due, cal) == n
    assert due == start or cal.is_workday(due)
    # The day before the deadline still lacks one working day.
    if n:
        assert count_workdays(start, due - dt.timedelta(days=1), cal) == n - 1


@settings(max_examples=200, deadline=None)
@given(dates, dates, calendars)
def test_counting_then_adding_lands_on_or_before_the_end(a, b, cal):
    start, end = min(a, b), max(a, b)
    n = count_workdays(start, end, cal)
    landed = add_workdays(start, n, cal)
    assert landed <= end
    assert landed == end or not any(cal.is_workday(landed + dt.timedelta(days=i))
                                    for i in range(1, (end - landed).days + 1))


@settings(max_examples=200, deadline=None)
@given(dates, dates, calendars)
def test_weekends_not_made_working_days_are_never_counted(a, b, cal):
    start, end = min(a, b), max(a, b)
    days = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    expected = sum(1 for d in days if d in cal.workdays or (d.weekday() < 5 and d not in cal.holidays))
    assert count_workdays(start, end, cal) == expected
    assert all(not cal.is_workday(d) for d in days if d.weekday() >= 5 and d not in cal.workdays)


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=0, max_value=30), calendars)
def test_the_overdue_threshold_separates_past_deadlines(today, n, cal):
    latest = latest_start_overdue(today, n, cal)
    assert add_workdays(latest, n, cal) < today
    assert add_workdays(latest + dt.timedelta(days=1), n, cal) >= today


def test_2020_spring_festival_extension_and_working_sunday():
    assert CAL_2020.is_workday(D(2020, 1, 19))  # a Sunday worked
    assert not CAL_2020.is_workday(D(2020, 2, 1))  # the Saturday no longer worked (COVID extension)
    assert not CAL_2020.is_workday(D(2020, 1, 31))  # a Friday off
    assert add_workdays(D(2020, 1, 23), 1, CAL_2020) == D(2020, 2, 3)


def test_national_day_week_and_its_adjusted_saturday():
    # Mon 28 Sep: 29, 30 Sep, then 1-8 Oct off, Fri 9 and Sat 10 Oct worked.
    assert add_workdays(D(2020, 9, 28), 4, CAL_2020) == D(2020, 10, 10)
    assert count_workdays(D(2020, 9, 25), D(2020, 10, 12), CAL_2020) == 7


def test_a_year_without_a_calendar_counts_monday_to_friday():
    # 1 Jan 2021 was a holiday, but nobody entered 2021: it counts, and the caller is told.
    assert CAL_2020.is_workday(D(2021, 1, 1))
    assert add_workdays(D(2020, 12, 31), 1, CAL_2020) == D(2021, 1, 1)
    assert CAL_2020.missing_years(D(2020, 12, 20), D(2021, 1, 10)) == [2021]
    assert CAL_2020.missing_years(D(2020, 3, 1), D(2020, 4, 1)) == []
    assert WorkCalendar().missing_years(D(2019, 12, 30), D(2020, 1, 2)) == [2019, 2020]


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_workdays(D(2020, 1, 1), -1, CAL_2020)
