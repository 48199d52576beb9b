# Copyright (c) 2026, Xueji contributors
"""Data Check Status: scoped by the user's region or school (``services.outputs.oversight``)."""

from xueji_app.overrides.reports import report
from xueji_app.services.outputs import oversight


@report("Data Check Status")
def execute(filters=None):
	return oversight.data_check_status(filters or {})
