"""The app's script reports run live (checked against Frappe 15.55.1).

``Report.execute_script_report`` starts a 15-second ``threading.Timer`` running ``enable_prepared_report`` and
cancels it only when ``execute`` returns: a report that raises (a filter outside the user's scope) or runs long
once becomes a "prepared report" for every user, which opens blank. Frappe has no hook for this; ``report``
cancels that timer before the report runs."""

from __future__ import annotations

import functools
import threading

import frappe
from frappe import _

from xueji_app.services.core.values import MODULES
from xueji_app.services.outputs.reports import check_filters, send_link_titles
from xueji_app.services.security.target import Target

#: the module whose script reports read the region or school of their filters through a ``Target``
TARGETED_MODULE = "Oversight"


def cancel_prepared_report_timer(report: str) -> int:
	"""Cancel the pending switch of ``report`` to prepared mode; returns how many timers were cancelled."""
	cancelled = 0
	for thread in threading.enumerate():
		if isinstance(thread, threading.Timer) and getattr(thread.function, "__name__", "") == "enable_prepared_report":
			if (thread.kwargs or {}).get("report") == report:
				thread.cancel()
				cancelled += 1
	return cancelled


def report(name: str):
	"""Decorate a script report's ``execute``: its filters are checked, it runs live, and it never switches
	itself to prepared mode.

	The timer is cancelled before the report runs, not only when it fails: a province's statistics on a
	cold cache may take longer than 15 s once, and must not then open blank for every user as a background
	report that nobody asked for. An administrator who wants a prepared report still sets it on the Report."""

	def decorate(execute):
		@functools.wraps(execute)
		def run(filters=None, *args, **kwargs):
			cancel_prepared_report_timer(name)
			check_filters(filters)
			result = execute(filters, *args, **kwargs)
			send_link_titles(result)
			return result

		return run

	return decorate


@frappe.whitelist()
def run(report_name, filters=None, user=None, ignore_prepared_report=False, custom_columns=None, is_tree=False,
		parent_field=None, are_default_filters=True):
	"""Override of ``frappe.desk.query_report.run``: an app report's filters and scope are checked before
	Frappe's ``run``, which writes an Error Log row for any exception its report raises — a refusal (a region
	outside the user's scope) included, so any user could grow the log. A refusal here is logged nowhere."""
	from frappe.desk import query_report

	module = frappe.get_cached_value("Report", report_name, "module") if isinstance(report_name, str) else None
	if module in MODULES:
		parsed = filters
		if isinstance(filters, str):
			try:
				parsed = frappe.parse_json(filters) if filters.strip() else {}
			except ValueError:
				frappe.throw(_("The report's filters are not valid"), title=_("Not allowed"))
		if parsed is not None and not isinstance(parsed, dict):
			frappe.throw(_("The report's filters are not valid"), title=_("Not allowed"))
		check_filters(dict(parsed or {}))
		if module == TARGETED_MODULE:  # the oversight reports read through a Target; the roll's lists through get_list
			Target(dict(parsed or {}))
	return query_report.run(report_name, filters, user, ignore_prepared_report, custom_columns, is_tree,
							parent_field, are_default_filters)
