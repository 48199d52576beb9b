# Copyright (c) 2026, Xueji contributors
"""Approval Monitoring: scoped by the user's region or school (``services.oversight``)."""

from xueji_app.services import oversight
from xueji_app.services.reports import report


@report("Approval Monitoring")
def execute(filters=None):
	return oversight.approval_monitoring(filters or {})
