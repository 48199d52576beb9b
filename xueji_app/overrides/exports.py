"""``override_whitelisted_methods`` for Frappe's two export endpoints (checked against Frappe 15.55.1): the
Report Builder / list export and a script report's download, each gated by export permission and logged.
A script report's rows are counted by wrapping ``frappe.desk.query_report.run`` for the one call."""

from __future__ import annotations

import frappe

from xueji_app.services.core.api import whitelist
from xueji_app.services.outputs.exports import is_large, log_export, report_view_file, request_export


@whitelist()
def export_report_view():
	"""Override of ``frappe.desk.reportview.export_query`` (list and Report Builder export)."""
	form = frappe.local.form_dict
	doctype, file_format, filters = form.get("doctype"), form.get("file_format_type"), form.get("filters")
	if is_large(form):
		# a large export is prepared in the background: the desk's download page opens the Prepared File instead
		prepared = request_export(form, doctype)
		frappe.local.response["type"] = "redirect"
		frappe.local.response["location"] = f"/app/prepared-file/{prepared['name']}"
		return
	content, filename, rows = report_view_file(form)
	frappe.response["filename"], frappe.response["filecontent"], frappe.response["type"] = filename, content, "binary"
	log_export("Report Builder", doctype, form.get("title") or doctype, file_format, filters, rows)


@whitelist()
def export_script_report():
	"""Override of ``frappe.desk.query_report.export_query`` (a script report's download)."""
	from frappe.desk import query_report

	form = frappe._dict(frappe.local.form_dict)
	report, file_format, filters = form.get("report_name"), form.get("file_format_type"), form.get("filters")
	captured = {}
	original = query_report.run

	def counted(*args, **kwargs):
		result = original(*args, **kwargs)
		captured["rows"] = len(result.get("result") or [])
		return result

	query_report.run = counted
	try:
		query_report.export_query()
	finally:
		query_report.run = original
	if frappe.response.get("filecontent") is None:
		return
	doctype = frappe.get_cached_value("Report", report, "ref_doctype")
	log_export("Script Report", doctype, report, file_format, filters, captured.get("rows", 0))
