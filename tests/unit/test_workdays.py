import datetime as dt

import pytest

from xueji_app.rules.workdays import HOLIDAY, WORKDAY, WorkdayCalendar, overrides_from_rows


def d(s):
	return dt.date.fromisoformat(s)


def test_national_day_2026_with_make_up_days():
	cal = WorkdayCalendar()
	assert not cal.is_workday(d("2026-10-01"))
	assert not cal.is_workday(d("2026-10-07"))
	assert cal.is_workday(d("2026-09-20"))  # Sunday, 调休
	assert cal.is_workday(d("2026-10-10"))  # Saturday, 调休
	# 10 working days from Friday 2026-09-25: 9-28, 9-29, 9-30, 10-8, 10-9, 10-10, 10-12, 10-13, 10-14, 10-15
	assert cal.add_workdays(d("2026-09-25"), 10) == d("2026-10-15")
	assert cal.workdays_between(d("2026-09-25"), d("2026-10-15")) == 10


def test_2027_falls_back_to_weekdays_and_never_raises():
	cal = WorkdayCalendar()
	assert cal.add_workdays(d("2026-12-28"), 10) == d("2027-01-11")  # 2027-01-01 is a plain Friday here
	assert 2027 in cal.missing_years
	assert not cal.has_schedule(2027)


def test_admin_schedule_for_2027_takes_over():
	rows = [(2027, d("2027-01-01"), HOLIDAY), (2027, d("2027-02-06"), WORKDAY)]
	cal = WorkdayCalendar(overrides=overrides_from_rows(rows))
	assert cal.has_schedule(2027)
	assert not cal.is_workday(d("2027-01-01"))
	assert cal.is_workday(d("2027-02-06"))  # a Saturday made a working day
	assert cal.add_workdays(d("2026-12-31"), 1) == d("2027-01-04")
	assert cal.missing_years == set()


def test_override_beats_the_package():
	cal = WorkdayCalendar(overrides={2026: {d("2026-10-09"): HOLIDAY}})
	assert not cal.is_workday(d("2026-10-09"))
	assert not cal.is_workday(d("2026-10-10"))  # the year is defined by the override: Saturday again


def test_zero_and_negative():
	cal = WorkdayCalendar()
	assert cal.add_workdays(d("2026-10-01"), 0) == d("2026-10-01")
	with pytest.raises(ValueError):
		cal.add_workdays(d("2026-10-01"), -1)
	assert cal.workdays_between(d("2026-10-15"), d("2026-10-01")) == 0
