# Copyright (c) 2026, Xueji contributors
"""Problem Records: scoped by the user's region or school (``services.outputs.oversight``)."""

from frappe import _

from xueji_app.overrides.reports import report
from xueji_app.services.outputs import oversight


@report("Problem Records")
def execute(filters=None):
	return columns(), oversight.problem_records(filters or {})


def columns():
	return [
		{"fieldname": "student", "label": _("Student"), "fieldtype": "Link", "options": "Student", "width": 130},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 160},
		{"fieldname": "grade", "label": _("Grade"), "fieldtype": "Link", "options": "Grade", "width": 70},
		{"fieldname": "problem", "label": _("Problem"), "fieldtype": "Data", "width": 140},
		{"fieldname": "problem_code", "label": _("Problem Code"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 260},
		{"fieldname": "resolutions", "label": _("Allowed Resolutions"), "fieldtype": "Data", "width": 120},
		{"fieldname": "resolution", "label": _("Problem Resolution"), "fieldtype": "Link", "options": "Problem Resolution", "width": 130},
	]
