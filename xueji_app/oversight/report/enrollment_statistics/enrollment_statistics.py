# Copyright (c) 2026, Xueji contributors
"""Enrollment Statistics: scoped by the user's region or school (``services.oversight``)."""

from xueji_app.services import oversight
from xueji_app.services.reports import report


@report("Enrollment Statistics")
def execute(filters=None):
	columns, rows, chart = oversight.enrollment_statistics(filters or {})
	return columns, rows, None, chart
