# Copyright (c) 2026, Xueji contributors
"""Unclaimed Graduates (未升学毕业生): students who finished a stage and whom no school of the next stage has
taken over (升学接续), listed once the policy's date has passed — in compulsory education a primary graduate
must go on to junior school (LN 第五条), so the county follows each one up.

Rows come through ``frappe.get_list``: the user's scope applies (the graduating school, its county and above).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

from xueji_app.overrides.reports import report
from xueji_app.rules.school_year import month_day, stage_grades
from xueji_app.services.core.policy import policy_for

STAGES = {"Primary": "Primary", "Junior": "Junior"}


@report("Unclaimed Graduates")
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	stage = STAGES.get(filters.stage or "Primary", "Primary")
	as_of = getdate(filters.as_of or today())
	grades = sorted(set(stage_grades(stage, "6-3")) | set(stage_grades(stage, "5-4")))
	conditions = {"status_label": ["in", ["Graduated", "Completed"]], "grade": ["in", grades],
				  "graduation_date": ["<=", as_of]}
	if filters.school:
		conditions["school"] = filters.school
	rows = frappe.get_list(
		"Student", filters=conditions, limit_page_length=0, order_by="school, graduation_date",
		fields=["name", "student_name", "student_number", "school", "grade", "status_label", "graduation_date", "phone"],
	)
	listed_after: dict[str, object] = {}
	out = []
	for row in rows:
		if row.school not in listed_after:
			policy = policy_for(row.school, stage)
			listed_after[row.school] = policy.unclaimed_graduates_after
		after = month_day(listed_after[row.school], getdate(row.graduation_date).year) if listed_after[row.school] else None
		if after and as_of <= after and not filters.include_recent:
			continue
		row.days_since = date_diff(as_of, row.graduation_date)
		row.status = _(row.status_label)
		out.append(row)
	return columns(), out


def columns() -> list[dict]:
	return [
		{"fieldname": "name", "label": _("Student"), "fieldtype": "Link", "options": "Student", "width": 130},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "student_number", "label": _("Student Number"), "fieldtype": "Data", "width": 170},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 80},
		{"fieldname": "graduation_date", "label": _("Graduation Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_since", "label": _("Days Since Graduation"), "fieldtype": "Int", "width": 100},
		{"fieldname": "phone", "label": _("Phone"), "fieldtype": "Data", "width": 120},
	]
