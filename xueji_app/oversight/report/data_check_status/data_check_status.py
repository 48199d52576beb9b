# Copyright (c) 2026, Xueji contributors
"""Data Check Status: scoped by the user's region or school (``services.oversight``)."""

from xueji_app.services import oversight
from xueji_app.services.reports import report


@report("Data Check Status")
def execute(filters=None):
	return oversight.data_check_status(filters or {})
