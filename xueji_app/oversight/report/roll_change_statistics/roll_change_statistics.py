# Copyright (c) 2026, Xueji contributors
"""Roll Change Statistics: scoped by the user's region or school (``services.oversight``)."""

from xueji_app.services import oversight
from xueji_app.services.reports import report


@report("Roll Change Statistics")
def execute(filters=None):
	columns, rows, chart = oversight.change_statistics(filters or {})
	return columns, rows, None, chart
