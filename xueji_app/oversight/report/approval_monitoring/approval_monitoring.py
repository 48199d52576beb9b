# Copyright (c) 2026, Xueji contributors
"""Approval Monitoring: scoped by the user's region or school (``services.outputs.oversight``)."""

from xueji_app.overrides.reports import report
from xueji_app.services.outputs import oversight


@report("Approval Monitoring")
def execute(filters=None):
	return oversight.approval_monitoring(filters or {})
