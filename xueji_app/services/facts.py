"""Facts about a student and the school year, gathered from the database for the eligibility rules."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import getdate

from xueji_app.rules import calendar_year
from xueji_app.rules.eligibility import StudentFacts, Term
from xueji_app.rules.policy import RESUMPTION, SUSPENSION


def student_facts(student, exclude_case: tuple[str, str] | None = None) -> StudentFacts:
	"""``exclude_case``: the case being filed does not count as the student's open case."""
	open_case = bool(student.has_open_case) and (student.open_case_doctype, student.open_case) != exclude_case
	grade = frappe.get_cached_doc("Grade", student.grade) if student.grade else None
	last_grade = frappe.db.get_value("Grade", {"stage": grade.stage}, "max(grade_number)") if grade else None
	changes = frappe.get_all(
		"Roll Change",
		filters={"student": student.name, "change_state": "Approved", "change_type": ["in", [SUSPENSION, RESUMPTION]]},
		fields=["change_type", "effective_until"],
		order_by="applied_on desc, modified desc",
	)
	suspensions = [c for c in changes if c.change_type == SUSPENSION]
	# suspensions since the last resumption, each one policy year long
	continuous = 0
	for change in changes:
		if change.change_type != SUSPENSION:
			break
		continuous += 1
	return StudentFacts(
		status_label=student.status_label,
		has_open_case=open_case,
		grade=student.grade or "",
		is_graduating_grade=bool(grade and last_grade and grade.grade_number >= last_grade),
		suspension_count=len(suspensions),
		suspended_until=getdate(suspensions[0].effective_until) if suspensions and suspensions[0].effective_until else None,
		continuous_suspension_years=continuous if student.status_label == "Suspended" else 0,
	)


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
