"""The site's working-day calendar: chinesecalendar plus the Holiday Calendar records, cached per site."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _

from xueji_app.rules.workdays import WorkdayCalendar, overrides_from_rows

CACHE_KEY = "xueji_holiday_overrides"


def get_calendar() -> WorkdayCalendar:
	overrides = frappe.cache.get_value(CACHE_KEY)
	if overrides is None:
		rows = frappe.get_all(
			"Holiday Calendar Date", fields=["parent", "calendar_date", "kind"], filters={"parenttype": "Holiday Calendar"}
		)
		overrides = overrides_from_rows((int(r.parent), r.calendar_date, r.kind) for r in rows)
		frappe.cache.set_value(CACHE_KEY, overrides)
	return WorkdayCalendar(overrides=overrides)


def clear_calendar_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)


def due_date(opened: dt.date, working_days: int) -> tuple[dt.date, str | None]:
	"""The due date of a step and, when a year's schedule is missing, a warning to show beside it."""
	calendar = get_calendar()
	due = calendar.add_workdays(opened, working_days)
	warning = None
	if calendar.missing_years:
		years = "、".join(str(y) for y in sorted(calendar.missing_years))
		warning = _("No official holiday schedule for {0} yet: weekdays were counted. Enter it in Holiday Calendar.").format(years)
	return due, warning
