# Copyright (c) 2026, Xueji contributors
"""Enrollment Statistics: scoped by the user's region or school (``services.outputs.oversight``)."""

from xueji_app.overrides.reports import report
from xueji_app.services.outputs import oversight


@report("Enrollment Statistics")
def execute(filters=None):
	columns, rows, chart = oversight.enrollment_statistics(filters or {})
	return columns, rows, None, chart
