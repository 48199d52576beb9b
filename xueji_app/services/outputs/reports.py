"""The app's script reports run live: neither a refusal nor a slow run switches them to prepared mode.

Frappe v15 starts a 15-second timer before a script report's ``execute`` and cancels it when ``execute``
returns; when ``execute`` raises (a filter outside the user's scope, a bad filter value) the timer is never
cancelled, and when it runs longer than 15 s the timer fires: either way the report becomes a "prepared
report" for every user, which opens blank until someone generates it. ``report`` cancels that timer.
"""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.rules import values
from xueji_app.rules.errors import RuleViolation
from xueji_app.services.core.errors import message_for

#: the filters of the app's reports, by name: (type, label); a value of the wrong kind is refused naming the filter
FILTERS = {
	"as_of": ("Date", "As Of"), "from_date": ("Date", "From Date"), "to_date": ("Date", "To Date"),
	"stale_after_months": ("Int", "Stale After (months)"),
	"include_recent": ("Check", "Include Graduates Before the Policy Date"), "include_resolved": ("Check", "Include Resolved"),
	"overdue_only": ("Check", "Overdue Only"), "unconfirmed_only": ("Check", "Unconfirmed Only"),
	"unfinished_only": ("Check", "Not Confirmed Only"),
	"region": ("Link", "Region"), "school": ("Link", "School"), "academic_year": ("Link", "School Year Ending"),
	"breakdown": ("Select", "Breakdown"), "problem": ("Select", "Problem"), "stage": ("Select", "Stage Finished"),
	"view": ("Select", "View"), "term": ("Data", "Term"),
}


def check_filters(filters) -> None:
	"""Each known filter of a report as its type: a date, a whole number in its range, yes/no, one text."""
	for name, value in list((filters or {}).items()):
		kind, label = FILTERS.get(name, ("Data", name))
		try:
			if kind == "Date":
				filters[name] = values.check_date(name, value)
			elif kind in ("Int", "Check"):
				low, high = values.number_range(name, kind)
				filters[name] = values.check_number(name, value, low, high, integer=True)
			else:
				values.check_scalar(name, value)
		except RuleViolation as violation:
			frappe.throw(message_for(violation, label=_(label)), exc=type(violation), title=_("Not allowed"))


def send_link_titles(result) -> None:
	"""A report's Link columns read as names (甲市一区第一小学, 一年级), not codes: the titles of their values go with
	the response, where the desk's formatter finds them (``frappe._link_titles``), as it does for a form's links."""
	if not isinstance(result, tuple | list) or len(result) < 2 or not result[0] or not result[1]:
		return
	from xueji_app.services.security.search import titles

	columns, rows = result[0], result[1]
	found = {}
	for column in columns:
		if isinstance(column, dict) and column.get("fieldtype") == "Link" and column.get("options"):
			values = {row.get(column["fieldname"]) for row in rows if isinstance(row, dict)}
			found.update({f"{column['options']}::{k}": _(v) for k, v in titles(column["options"], values).items()})
	if found:
		frappe.response.setdefault("_link_titles", {}).update(found)
