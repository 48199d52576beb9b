"""Exports and report downloads: only for roles given export permission, every one logged (who, when,
what, filters, row count) in Export Log, which the bureaus of the region review (NAT 第二十五条: 谁使用、
谁导出、谁负责).

The desk's two export paths are overridden (hooks ``override_whitelisted_methods``): the Report Builder /
list export (``frappe.desk.reportview.export_query``) and the script-report download
(``frappe.desk.query_report.export_query``). Both run Frappe's own code, which already applies the user's
permissions (list) or the report's own scope (script reports), then log what left.
"""

from __future__ import annotations

import csv
import io
import json

import frappe
from frappe import _

from xueji_app.services.api import whitelist
from xueji_app.services.scope import get_scope


def log_export(export_type: str, doctype: str | None, report: str | None, file_format: str | None, filters, rows: int) -> None:
	frappe.local.flags.commit = True  # a GET download must keep its log row (Frappe rolls GET back otherwise)
	scope = get_scope()
	region = scope.region
	if scope.school:
		region = frappe.get_cached_value("School", scope.school, "region")
	frappe.get_doc(
		{
			"doctype": "Export Log",
			"user": frappe.session.user,
			"export_type": export_type,
			"reference_doctype": doctype,
			"report_name": report,
			"file_format": file_format,
			"row_count": rows,
			"school": scope.school,
			"region": region,
			"filters": filters if isinstance(filters, str) else json.dumps(filters or {}, ensure_ascii=False, default=str),
		}
	).insert(ignore_permissions=True)


def rows_in_file(content: bytes | None, file_format: str | None, header_rows: int = 1) -> int:
	"""Data rows of an exported CSV or xlsx (its header row not counted)."""
	if not content:
		return 0
	if (file_format or "").lower() == "csv":
		return max(0, sum(1 for _row in csv.reader(io.StringIO(content.decode("utf-8-sig")))) - header_rows)
	from openpyxl import load_workbook

	sheet = load_workbook(io.BytesIO(content), read_only=True).active
	return max(0, sum(1 for row in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in row)) - header_rows)


@whitelist()
def export_report_view():
	"""Override of ``frappe.desk.reportview.export_query`` (list and Report Builder export)."""
	from frappe.desk.reportview import export_query

	form = frappe.local.form_dict
	doctype, file_format, filters = form.get("doctype"), form.get("file_format_type"), form.get("filters")
	totals = 1 if form.get("add_totals_row") == "1" else 0
	if is_large(form):
		# a large export is prepared in the background: the desk's download page opens the Prepared File instead
		from xueji_app.services.prepared import request_export

		prepared = request_export(form, doctype)
		frappe.local.response["type"] = "redirect"
		frappe.local.response["location"] = f"/app/prepared-file/{prepared['name']}"
		return
	export_query()
	rows = rows_in_file(frappe.response.get("filecontent"), file_format, header_rows=1 + totals)
	log_export("Report Builder", doctype, form.get("title") or doctype, file_format, filters, rows)


def is_large(form) -> bool:
	"""Whether a Report Builder export would carry more rows than a request should (selected rows never do)."""
	from xueji_app.services.prepared import SYNC_EXPORT_ROWS

	if form.get("selected_items") or not form.get("doctype"):
		return False
	filters = form.get("filters")
	if isinstance(filters, str):
		filters = json.loads(filters or "null")
	check_export(form.get("doctype"))
	rows = frappe.get_list(form.get("doctype"), filters=filters or None, pluck="name", limit_page_length=SYNC_EXPORT_ROWS + 1)
	return len(rows) > SYNC_EXPORT_ROWS


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


def check_export(doctype: str) -> None:
	"""Refuse an export to a user whose roles have no export permission on ``doctype``."""
	if not frappe.permissions.can_export(doctype):
		frappe.throw(_("You are not allowed to export {0}").format(_(doctype)), frappe.PermissionError)
