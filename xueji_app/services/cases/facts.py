"""Facts about a student and the school year, gathered from the database for the eligibility rules."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import getdate

from xueji_app.rules import calendar_year
from xueji_app.rules.eligibility import StudentFacts, Term
from xueji_app.rules.policy import RESUMPTION, SUSPENSION, SUSPENSION_EXTENSION
from xueji_app.rules.school_year import is_graduating

SUSPENSION_CHANGES = (SUSPENSION, SUSPENSION_EXTENSION, RESUMPTION)


def student_facts(student, exclude_case: tuple[str, str] | None = None, on: dt.date | None = None) -> StudentFacts:
	"""``exclude_case``: the case being filed does not count as the student's open case; ``on``: the day the
	facts are judged (the filing date), for how long a lapsed suspension has run over."""
	from xueji_app.services.core.calendar import get_calendar

	open_case = bool(student.has_open_case) and (student.open_case_doctype, student.open_case) != exclude_case
	system = frappe.get_cached_value("School", student.school, "school_system") if student.school else None
	changes = frappe.get_all(
		"Roll Change",
		filters={"student": student.name, "change_state": "Approved", "change_type": ["in", list(SUSPENSION_CHANGES)]},
		fields=["change_type", "effective_until", "filing_date"],
		order_by="applied_on desc, modified desc",
	)
	# the current suspension: its approvals since the last resumption, newest first (extensions, then the first)
	current = []
	for change in changes:
		if change.change_type == RESUMPTION:
			break
		current.append(change)
	suspended = student.status_label == "Suspended"
	until = getdate(current[0].effective_until) if current and current[0].effective_until else None
	day = on or getdate()
	lapsed = get_calendar().workdays_between(until, day) if suspended and until and day > until else None
	return StudentFacts(
		status_label=student.status_label,
		has_open_case=open_case,
		grade=student.grade or "",
		is_graduating_grade=is_graduating(student.grade or "", system),
		suspension_count=sum(1 for c in changes if c.change_type == SUSPENSION),
		suspended_until=until if suspended else None,
		continuous_suspension_years=suspended_years(current) if suspended else 0,
		extensions_used=sum(1 for c in current if c.change_type == SUSPENSION_EXTENSION) if suspended else 0,
		lapsed_workdays=lapsed,
	)


def suspended_years(current: list) -> float:
	"""How long the current suspension runs, its extensions included: from the first filing to the end."""
	if not current:
		return 0
	start, end = current[-1].filing_date, current[0].effective_until
	if not (start and end):
		return 0
	return round((getdate(end) - getdate(start)).days / 365.25, 1)


def terms_around(day: dt.date) -> list[Term]:
	"""The terms of the school year of ``day`` and of the next one (for windows before a term starts)."""
	start = calendar_year.school_year_of(day)
	names = [calendar_year.year_name(start), calendar_year.year_name(start + 1)]
	terms = []
	for year in frappe.get_all("Academic Year", filters={"name": ["in", names]}, fields=["*"], order_by="year_start_date"):
		for number in (1, 2):
			t_start, t_end = year.get(f"term_{number}_start"), year.get(f"term_{number}_end")
			if t_start and t_end:
				terms.append(Term(number, getdate(t_start), getdate(t_end)))
	return terms
