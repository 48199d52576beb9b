"""Exports and report downloads: only for roles given export permission, every one logged (who, when,
what, filters, row count) in Export Log, which the bureaus of the region review (NAT 第二十五条: 谁使用、
谁导出、谁负责).

The desk's two export paths are overridden (hooks ``override_whitelisted_methods``): the Report Builder /
list export (``frappe.desk.reportview.export_query``) and the script-report download
(``frappe.desk.query_report.export_query``). Both run Frappe's own code, which already applies the user's
permissions (list) or the report's own scope (script reports), then log what left.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from xueji_app.services.outputs import prepared
from xueji_app.services.security.scope import get_scope

#: a Report Builder export of more rows than this is prepared in the background
SYNC_EXPORT_ROWS = 5000


@frappe.write_only()  # the log is written on the primary, whichever server the rows came from
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


@frappe.read_only()  # from the read replica where the site has one
def report_view_file(form) -> tuple[bytes, str, int]:
	"""The Report Builder's rows as CSV or xlsx: (content, file name, data rows). Frappe's own export (15.55)
	repeats the rows it translates (20 rows come out as 210), heads the number column 「锶」 (its "Sr") and
	leaves codes as codes; this one writes each row once, under 序号, with names for the codes: a school's
	name, a grade's, a code table's label, 是/否 for a check. The query and its permissions are Frappe's."""
	from frappe.desk.reportview import (
		DatabaseQuery,
		append_totals_row,
		get_field_info,
		get_form_params,
		parse_field,
	)
	from frappe.desk.utils import get_csv_bytes, pop_csv_params
	from frappe.utils.xlsxutils import handle_html, make_xlsx

	frappe.local.form_dict = frappe._dict(form)
	params = get_form_params()
	params["limit_page_length"] = None
	params["as_list"] = True
	doctype = params.pop("doctype")
	file_format = params.pop("file_format_type")
	title = params.pop("title", doctype) or doctype
	csv_params = pop_csv_params(params)
	totals = params.pop("add_totals_row", None) == "1"
	params.pop("translate_values", None)
	if selection := params.pop("selected_items", None):
		params["filters"] = {"name": ("in", json.loads(selection))}
	check_export(doctype)
	query = DatabaseQuery(doctype)
	rows = [list(r) for r in query.execute(**params)]
	columns = []
	for key in query.fields:
		try:
			parent, fieldname = parse_field(key)
		except ValueError:
			parent, fieldname = doctype, None
		columns.append(frappe.get_meta(parent or doctype).get_field(fieldname) if fieldname else None)
	for index, df in enumerate(columns):
		readable = readable_values(df, {r[index] for r in rows if r[index] not in (None, "")})
		if readable:
			for r in rows:
				r[index] = readable.get(r[index], r[index])
	count = len(rows)
	if totals:
		rows = [list(r) for r in append_totals_row(rows)]
	labels = [info["label"] for info in get_field_info(query.fields, doctype)]
	data = [[_("No."), *labels], *([i + 1, *r] if i < count else ["", *r] for i, r in enumerate(rows))]
	if (file_format or "").upper() == "CSV":
		content = get_csv_bytes([[handle_html(frappe.as_unicode(v)) if isinstance(v, str) else v for v in r] for r in data], csv_params)
		return content, f"{_(title)}.csv", count
	return make_xlsx(data, _(doctype)).getvalue(), f"{_(title)}.xlsx", count


def readable_values(df, values: set) -> dict:
	"""What each stored value of a column reads as: a link's title (in Chinese for the code tables), a select
	option or a check in the user's language."""
	if df is None or not values:
		return {}
	if df.fieldtype == "Link":
		from xueji_app.services.security.search import titles

		if df.options == "Workflow State":
			return {v: _(v) for v in values}
		return {k: _(v) for k, v in titles(df.options, values).items()}
	if df.fieldtype == "Select":
		return {v: _(v, context=df.parent) for v in values}
	if df.fieldtype == "Check":
		return {0: _("No"), 1: _("Yes")}
	return {}


def is_large(form) -> bool:
	"""Whether a Report Builder export would carry more rows than a request should (selected rows never do)."""
	if form.get("selected_items") or not form.get("doctype"):
		return False
	filters = form.get("filters")
	if isinstance(filters, str):
		filters = json.loads(filters or "null")
	check_export(form.get("doctype"))
	rows = frappe.get_list(form.get("doctype"), filters=filters or None, pluck="name", limit_page_length=SYNC_EXPORT_ROWS + 1)
	return len(rows) > SYNC_EXPORT_ROWS


def check_export(doctype: str) -> None:
	"""Refuse an export to a user whose roles have no export permission on ``doctype``."""
	if not frappe.permissions.can_export(doctype):
		frappe.throw(_("You are not allowed to export {0}").format(_(doctype)), frappe.PermissionError)


# --- in the background (``prepared``) ----------------------------------------------------------------------

def request_export(form: dict, doctype: str) -> dict:
	"""Prepare a Report Builder export in the background (the form's parameters, as the desk sent them)."""
	title = _("Export of {0}").format(_(doctype))
	return prepared.start("Export", title, dict(form), file_format=form.get("file_format_type"))


def build_prepared(request: dict, progress) -> tuple[bytes, str, int, int]:
	"""The Report Builder export with the form the desk sent (the user's permissions apply), logged like any."""
	progress(10, _("Reading the rows"))
	content, filename, rows = report_view_file(request)
	log_export("Report Builder", request.get("doctype"), request.get("title") or request.get("doctype"),
			   request.get("file_format_type"), request.get("filters"), rows)
	progress(90, _("Saving the file"))
	return content, filename, 0, rows
