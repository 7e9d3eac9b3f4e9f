"""Working days (工作日) as government service deadlines count them: Monday to Friday, less the
public holidays, plus the weekend days the State Council makes working days (调休).

Plain Python: the calendar is a value the caller builds from the administrator's data (the
plans app's holiday calendars). A year without a calendar is counted Monday to Friday, and the
functions say which years that was, so a page can tell the reader the date may move.

Counting follows the usual rule for time limits: the day something starts is not counted, so a
complaint filed on a Tuesday with 1 working day is due on the Wednesday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """The administrator's calendars: holidays and adjusted working days of the `years` defined."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, years: dict[int, tuple[Iterable[dt.date], Iterable[dt.date]]]) -> WorkCalendar:
        """From `{year: (holidays, workdays)}`."""
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        for hol, work in years.values():
            holidays.update(hol)
            workdays.update(work)
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.years:
            if day in self.workdays:
                return True
            if day in self.holidays:
                return False
        return day.weekday() < 5

    def missing_years(self, start: dt.date, end: dt.date) -> list[int]:
        """The years between two dates (either order) counted Monday to Friday for want of a calendar."""
        low, high = sorted((start, end))
        return [y for y in range(low.year, high.year + 1) if y not in self.years]


def add_workdays(start: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """The day on which the n-th working day after `start` falls (`start` itself not counted);
    n = 0 gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    left = n
    while left:
        day += _DAY
        if calendar.is_workday(day):
            left -= 1
    return day


def count_workdays(start: dt.date, end: dt.date, calendar: WorkCalendar) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    count = 0
    day = start
    while day < end:
        day += _DAY
        if calendar.is_workday(day):
            count += 1
    return count


def latest_start_overdue(today: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """The latest start date whose n-working-day deadline is already past on `today`: everything
    started on or before it is overdue. Deadlines never move earlier for a later start, so the
    first such day found walking back from today is the latest."""
    day = today - _DAY
    while add_workdays(day, n, calendar) >= today:
        day -= _DAY
    return day
