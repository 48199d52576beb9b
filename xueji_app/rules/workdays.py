"""Working days (工作日): weekdays that are not public holidays, plus weekend days declared make-up working
days (调休). The State Council's schedule comes from ``chinesecalendar`` (up to the last year it ships) or,
for any year, from a Holiday Calendar an administrator enters, which takes precedence. A year with neither
falls back to plain weekdays: a deadline is still computed (never an exception) and the caller is told
the year's schedule is missing so it can warn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class HolidayOutsideYear(RuleViolation):
	template = _("{field}: {value} is not in the year {year}")


class MakeUpDayNotWeekend(RuleViolation):
	template = _("{field}: a make-up working day must be a Saturday or Sunday, {value} is not")


class HolidayDateTwice(RuleViolation):
	template = _("{field}: {value} is listed twice")


try:  # the engine stays usable (weekdays only) where the package is absent
	import chinese_calendar as _package
except ImportError:  # pragma: no cover
	_package = None

HOLIDAY, WORKDAY = "Holiday", "Make-up Workday"


def package_years() -> set[int]:
	if _package is None:
		return set()
	return {d.year for d in _package.holidays} | {d.year for d in _package.workdays}


@dataclass
class WorkdayCalendar:
	"""``overrides``: year -> {date: HOLIDAY | WORKDAY} from Holiday Calendar records; a year present here is
	defined by it entirely (its other dates follow the weekday rule)."""
	overrides: Mapping[int, Mapping[dt.date, str]] = field(default_factory=dict)
	use_package: bool = True
	missing_years: set[int] = field(default_factory=set)

	def __post_init__(self) -> None:
		self._package_years = package_years() if self.use_package else set()

	def has_schedule(self, year: int) -> bool:
		return year in self.overrides or year in self._package_years

	def is_workday(self, day: dt.date) -> bool:
		year_overrides = self.overrides.get(day.year)
		if year_overrides is not None:
			kind = year_overrides.get(day)
			return kind == WORKDAY if kind else day.weekday() < 5
		if day.year in self._package_years:
			return bool(_package.is_workday(day))
		self.missing_years.add(day.year)
		return day.weekday() < 5

	def add_workdays(self, start: dt.date, days: int) -> dt.date:
		"""The date ``days`` working days after ``start`` (``start`` itself not counted)."""
		if days < 0:
			raise ValueError("days must not be negative")
		day = start
		while days:
			day += dt.timedelta(days=1)
			if self.is_workday(day):
				days -= 1
		return day

	def subtract_workdays(self, end: dt.date, days: int) -> dt.date:
		"""The date ``days`` working days before ``end`` (``end`` itself not counted)."""
		if days < 0:
			raise ValueError("days must not be negative")
		day = end
		while days:
			day -= dt.timedelta(days=1)
			if self.is_workday(day):
				days -= 1
		return day

	def workdays_between(self, start: dt.date, end: dt.date) -> int:
		"""Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
		count, day = 0, start
		while day < end:
			day += dt.timedelta(days=1)
			count += self.is_workday(day)
		return count


def overrides_from_rows(rows: Iterable[tuple[int, dt.date, str]]) -> dict[int, dict[dt.date, str]]:
	"""(calendar year, date, kind) rows of Holiday Calendar records → the ``overrides`` mapping."""
	out: dict[int, dict[dt.date, str]] = {}
	for year, day, kind in rows:
		out.setdefault(year, {})[day] = kind
	return out


def validate_schedule(year: int, rows: Iterable[tuple[dt.date, str]]) -> None:
	"""Dates inside the year, each once; make-up working days fall on weekends."""
	seen = set()
	for day, kind in rows:
		if day.year != year:
			raise HolidayOutsideYear(field="dates", value=day.isoformat(), year=year)
		if day in seen:
			raise HolidayDateTwice(field="dates", value=day.isoformat())
		seen.add(day)
		if kind == WORKDAY and day.weekday() < 5:
			raise MakeUpDayNotWeekend(field="dates", value=day.isoformat())
