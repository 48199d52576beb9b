# Copyright (c) 2026, Xueji contributors
"""Registrations past their deadline (1 month after entry, NAT 第七条): not yet approved, due date passed.

Rows come through ``frappe.get_list``, so the user's scope (school, county, city, province) applies.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

from xueji_app.overrides.reports import report


@report("Overdue Registrations")
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	as_of = getdate(filters.as_of or today())
	conditions = {"student_number": ["is", "not set"], "registration_due_date": ["<", as_of]}
	if filters.school:
		conditions["school"] = filters.school
	rows = frappe.get_list(
		"Student",
		filters=conditions,
		fields=["name", "student_name", "school", "grade", "enrollment_date", "registration_due_date", "registration_state"],
		order_by="registration_due_date asc",
		limit_page_length=0,
	)
	for row in rows:
		row.days_overdue = date_diff(as_of, row.registration_due_date)
	return columns(), rows


def columns() -> list[dict]:
	return [
		{"fieldname": "name", "label": _("Student"), "fieldtype": "Link", "options": "Student", "width": 130},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
		{"fieldname": "grade", "label": _("Grade"), "fieldtype": "Link", "options": "Grade", "width": 80},
		{"fieldname": "enrollment_date", "label": _("Enrollment Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "registration_due_date", "label": _("Registration Due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
		{"fieldname": "registration_state", "label": _("Registration State"), "fieldtype": "Data", "width": 140},
	]
