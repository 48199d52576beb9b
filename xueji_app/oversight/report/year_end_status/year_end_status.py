# Copyright (c) 2026, Xueji contributors
"""Year-End Status (学年末处理情况): every school in the user's scope with the state of its year-end run and the
counts it gives — confirmed, or previewed now — so a bureau sees which schools have not finished."""

from xueji_app.overrides.reports import report
from xueji_app.services.roll import year_end


@report("Year-End Status")
def execute(filters=None):
	return year_end.status_report(filters or {})
