"""The version guard: what the app assumes of Frappe beyond its documented hooks, checked, not hoped.

Each contract names the override that relies on it and what it needs: a method with certain parameters, a
function that is still whitelisted, a line of Frappe's own code an override works around, a desk class's
method a JS patch wraps. ``problems()`` lists every contract the installed Frappe breaks; ``check()`` raises
with all of them, and runs before the app is installed and before every migrate (hooks ``before_install``,
``before_migrate``), so an upgrade of Frappe that removes what an override assumes stops there, naming it,
instead of failing later in a clerk's hands. ``xueji_app/tests/test_overrides.py`` runs the same checks.

Like hrms's ``check_version_compatibility_with_frappe``, the release range comes first: the app is tested on
the releases named in ``TESTED``; below ``MINIMUM`` or on another major version it does not install."""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass

#: the Frappe releases the test suite has passed on
TESTED = ("15.51.0", "15.55.1")
#: the oldest release the overrides are written for, and the major version they need
MINIMUM = (15, 51, 0)
MAJOR = 15


class FrappeIncompatible(Exception):
	"""The installed Frappe lacks what an override of the app assumes."""


@dataclass(frozen=True)
class Contract:
	override: str  # the module (or JS file) of the app that relies on it
	needs: str  # what it needs, in words
	holds: Callable[[], bool]


def attr(path: str):
	"""The object at a dotted path (module, then attributes), or None."""
	module, _, rest = path.partition(":")
	try:
		obj = importlib.import_module(module)
		for part in filter(None, rest.split(".")):
			obj = getattr(obj, part)
		return obj
	except (ImportError, AttributeError):
		return None


def params(obj) -> set[str]:
	try:
		return set(inspect.signature(inspect.unwrap(obj)).parameters)
	except (TypeError, ValueError):
		return set()


def has_method(path: str, *names: str) -> Callable[[], bool]:
	return lambda: (obj := attr(path)) is not None and callable(obj) and set(names) <= params(obj)


def whitelisted(path: str) -> Callable[[], bool]:
	def holds() -> bool:
		import frappe

		obj = attr(path)
		return obj is not None and obj in frappe.whitelisted

	return holds


def replaceable(original: str, ours: str) -> Callable[[], bool]:
	"""Our override accepts every argument Frappe's takes (a client calls it as it would call Frappe's)."""
	return lambda: whitelisted(original)() and params(attr(original)) <= params(attr(ours)) | {"kwargs"}


def original_handler():
	"""Frappe's ``handle_exception``, also once ``overrides.http`` has wrapped it in this process."""
	handler = attr("frappe.app:handle_exception")
	return getattr(handler, "original", handler)


def source_has(path: str, *needles: str) -> Callable[[], bool]:
	def holds() -> bool:
		obj = attr(path)
		try:
			text = inspect.getsource(obj) if obj is not None else ""
		except (OSError, TypeError):
			return False
		return all(n in text for n in needles)

	return holds


def js_source_present(relative: str) -> bool:
	import frappe

	return os.path.exists(os.path.join(os.path.dirname(frappe.__file__), relative))


def js_has(relative: str, *needles: str) -> Callable[[], bool]:
	"""Frappe's own desk source (``apps/frappe/frappe/<relative>``) still defines what a JS patch wraps."""
	def holds() -> bool:
		import frappe

		path = os.path.join(os.path.dirname(frappe.__file__), relative)
		try:
			with open(path, encoding="utf-8") as f:
				text = f.read()
		except OSError:
			return False
		return all(n in text for n in needles)

	return holds


DOCUMENT = "frappe.model.document:Document"
OVERRIDDEN = {  # override_whitelisted_methods in hooks.py: Frappe's method → ours
	"frappe.utils.print_format:download_pdf": "xueji_app.overrides.print:download_pdf",
	"frappe.desk.search:search_link": "xueji_app.overrides.search:search_link",
	"frappe.desk.search:search_widget": "xueji_app.overrides.search:search_widget",
	"frappe.desk.search:get_link_title": "xueji_app.overrides.search:get_link_title",
	"frappe.utils.global_search:search": "xueji_app.overrides.search:global_search",
	"frappe.desk.listview:get_group_by_count": "xueji_app.overrides.search:get_group_by_count",
	"frappe.client:get_count": "xueji_app.overrides.search:get_count",
	"frappe.desk.reportview:export_query": "xueji_app.overrides.exports:export_report_view",
	"frappe.desk.query_report:export_query": "xueji_app.overrides.exports:export_script_report",
	"frappe.model.workflow:bulk_workflow_approval": "xueji_app.overrides.workflow:bulk_workflow_approval",
	"frappe.desk.like:toggle_like": "xueji_app.overrides.collaboration:toggle_like",
	"frappe.desk.query_report:run": "xueji_app.overrides.reports:run",
	"frappe.core.doctype.user.user:reset_password": "xueji_app.overrides.auth:reset_password",
	"frappe.desk.doctype.tag.tag:add_tag": "xueji_app.overrides.collaboration:add_tag",
	"frappe.desk.doctype.tag.tag:add_tags": "xueji_app.overrides.collaboration:add_tags",
	"frappe.desk.doctype.tag.tag:remove_tag": "xueji_app.overrides.collaboration:remove_tag",
}

CONTRACTS: list[Contract] = [
	# overrides.document
	Contract("overrides.document", "Document._validate_links()", has_method(f"{DOCUMENT}._validate_links")),
	Contract("overrides.document", "Document.load_doc_before_save(raise_exception=…)",
			 has_method(f"{DOCUMENT}.load_doc_before_save", "raise_exception")),
	Contract("overrides.document", "Document.update_child_table(fieldname, df)",
			 has_method(f"{DOCUMENT}.update_child_table", "fieldname", "df")),
	Contract("overrides.document", "Document.extend(key, value)", has_method(f"{DOCUMENT}.extend", "key", "value")),
	Contract("overrides.document", "Document.has_permission(permtype, debug=…, user=…)",
			 has_method(f"{DOCUMENT}.has_permission", "permtype", "debug", "user")),
	Contract("overrides.document", "Document._save() checks links and rewrites tables through the overridden methods",
			 source_has(f"{DOCUMENT}._save", "self._validate_links()")),
	Contract("overrides.document", "Document.update_children() rewrites each table through update_child_table",
			 source_has(f"{DOCUMENT}.update_children", "self.update_child_table(")),
	# overrides.file
	Contract("overrides.file", "File.before_insert() and File.is_downloadable()",
			 lambda: has_method("frappe.core.doctype.file.file:File.before_insert")()
			 and has_method("frappe.core.doctype.file.file:File.is_downloadable")()),
	# override_whitelisted_methods: the original is still whitelisted and ours takes its arguments
	*(Contract(ours.replace(":", "."), f"{original.replace(':', '.')} whitelisted, its arguments accepted",
			   replaceable(original, ours)) for original, ours in OVERRIDDEN.items()),
	Contract("overrides.search", "frappe.desk.form.linked_with.get_submitted_linked_docs(doctype, name[, …]) whitelisted",
			 lambda: whitelisted("frappe.desk.form.linked_with:get_submitted_linked_docs")()
			 and {"doctype", "name"} <= params(attr("frappe.desk.form.linked_with:get_submitted_linked_docs"))),
	# overrides.handler: run_doc_method (not whitelisted itself: Frappe's handler special-cases it)
	Contract("overrides.handler", "frappe.handler.run_doc_method(method, docs, dt, dn, arg, args), called by name",
			 lambda: has_method("frappe.handler:run_doc_method", "method", "docs", "dt", "dn", "arg", "args")()
			 and params(attr("frappe.handler:run_doc_method")) <= params(attr("xueji_app.overrides.handler:run_doc_method"))),
	# overrides.exports: the script report's rows are counted around query_report.run
	Contract("overrides.exports", "query_report.export_query() calls run()",
			 source_has("frappe.desk.query_report:export_query", "run(")),
	# services.outputs.exports.report_view_file builds the Report Builder export from Frappe's own pieces
	Contract("services.outputs.exports", "reportview.DatabaseQuery, append_totals_row, get_field_info, get_form_params, "
			 "parse_field; desk.utils.get_csv_bytes, pop_csv_params; xlsxutils.handle_html, make_xlsx",
			 lambda: all(attr(p) is not None for p in (
				 "frappe.desk.reportview:DatabaseQuery", "frappe.desk.reportview:append_totals_row",
				 "frappe.desk.reportview:get_field_info", "frappe.desk.reportview:get_form_params",
				 "frappe.desk.reportview:parse_field", "frappe.desk.utils:get_csv_bytes",
				 "frappe.desk.utils:pop_csv_params", "frappe.utils.xlsxutils:handle_html",
				 "frappe.utils.xlsxutils:make_xlsx"))),
	# overrides.reports: the timer that turns a report into a prepared one
	Contract("overrides.reports", "Report.execute_script_report starts threading.Timer(enable_prepared_report, report=…)",
			 lambda: source_has("frappe.core.doctype.report.report:Report.execute_script_report",
								"threading.Timer", "enable_prepared_report", '"report"')()
			 and callable(attr("frappe.core.doctype.report.report:enable_prepared_report"))),
	# services.cases.workflow: Frappe's workflow engine, which act drives
	Contract("services.cases.workflow", "frappe.model.workflow.apply_workflow and get_transitions",
			 lambda: callable(attr("frappe.model.workflow:apply_workflow")) and callable(attr("frappe.model.workflow:get_transitions"))),
	# overrides.http: the login limit is what raises SecurityException, and Frappe's handler reads http_status_code
	Contract("overrides.http", "frappe.auth.get_login_attempt_tracker raises frappe.SecurityException; the error handler "
			 "answers an exception's http_status_code",
			 lambda: source_has("frappe.auth:get_login_attempt_tracker", "frappe.SecurityException")()
			 and "http_status_code" in inspect.getsource(original_handler())),
	Contract("overrides.http", "frappe.app.application calls handle_exception(e) by name; report_error names sys.exc_info()",
			 lambda: source_has("frappe.app:application", "handle_exception(e)")()
			 and source_has("frappe.utils.response:report_error", "sys.exc_info()")()),
	# wsgi.py: gunicorn's application, as `frappe serve` builds it; Frappe reads the client's address from
	# the first X-Forwarded-For entry (wsgi keeps only the proxy's)
	Contract("wsgi", "HTTPRequest.set_request_ip reads X-Forwarded-For, then REMOTE_ADDR",
			 source_has("frappe.auth:HTTPRequest.set_request_ip", "X-Forwarded-For", "REMOTE_ADDR")),
	Contract("wsgi", "frappe.app._sites_path, frappe.app._site, frappe.app.application_with_statics()",
			 lambda: (app := attr("frappe.app")) is not None and hasattr(app, "_sites_path") and hasattr(app, "_site")
			 and callable(getattr(app, "application_with_statics", None))),
	# public/js/overrides: the desk classes the JS patches wrap
	Contract("public/js/overrides/timeline.js", "FormTimeline.get_version_timeline_contents()",
			 js_has("public/js/frappe/form/footer/form_timeline.js", "get_version_timeline_contents()")),
	Contract("public/js/overrides/print_view.js", "frappe.ui.form.PrintView: add_sidebar_item, set_default_print_format, "
			 "refresh_print_format, print_format_selector",
			 js_has("printing/page/print/print.js", "frappe.ui.form.PrintView", "add_sidebar_item(df",
					"set_default_print_format()", "refresh_print_format()", "this.print_format_selector =",
					"set_title()", "show(frm)", "this.language_selector =", "add_inner_message(")),
	Contract("public/js/overrides/file_uploader.js", "the uploader's classes file-uploader, file-preview, config-area and "
			 "its dialog's secondary action (Set all public)",
			 lambda: js_has("public/js/frappe/file_uploader/FileUploader.vue", 'class="file-uploader"')()
			 and js_has("public/js/frappe/file_uploader/FilePreview.vue", 'class="file-preview"', "config-area")()
			 and js_has("public/js/frappe/file_uploader/file_uploader.bundle.js", "secondary_action:")()),
	Contract("public/js/overrides/accessible_names.js", "the Awesomplete library's status phrases (Begin typing for "
			 "results., N results found, No results found)",
			 lambda: not js_source_present("../node_modules/awesomplete/awesomplete.js")  # a bench without its sources
			 or js_has("../node_modules/awesomplete/awesomplete.js", '"Begin typing for results."', '" results found"',
					   '"No results found"')()),
	Contract("public/js/overrides/breadcrumbs.js", "frappe.breadcrumbs.set_form_breadcrumb(breadcrumbs, view) appends "
			 "the record's crumb last",
			 js_has("public/js/frappe/views/breadcrumbs.js", "set_form_breadcrumb(breadcrumbs, view)",
					"this.append_breadcrumb_element(form_route, docname_title)")),
	Contract("public/js/overrides/link.js", "ControlLink's set_disp_area(value) formats with the known link titles; "
			 "get_filter_description(filters), make_input() and df.only_select; frappe.utils.get_link_title and fetch_link_title",
			 lambda: js_has("public/js/frappe/form/controls/base_input.js", "set_disp_area(value)", "frappe.format(value")()
			 and js_has("public/js/frappe/form/controls/link.js", "get_filter_description(filters)", "only_select", "make_input()")()
			 and js_has("public/js/frappe/utils/utils.js", "get_link_title(doctype, name)", "fetch_link_title(doctype, name)")()),
]


def version() -> tuple[int, ...]:
	import frappe

	parts = []
	for piece in frappe.__version__.split("-")[0].split(".")[:3]:
		parts.append(int(piece) if piece.isdigit() else 0)
	return tuple(parts)


def problems() -> list[str]:
	"""Every broken assumption, as "<override>: needs <what>"; empty when the installed Frappe fits."""
	import frappe

	found = []
	current = version()
	if current[0] != MAJOR or current < MINIMUM:
		found.append(f"Frappe {frappe.__version__}: the app needs Frappe {MAJOR} from "
					 f"{'.'.join(map(str, MINIMUM))} (tested on {', '.join(TESTED)})")
	for contract in CONTRACTS:
		try:
			ok = contract.holds()
		except Exception:  # a contract that cannot even be checked is broken
			ok = False
		if not ok:
			found.append(f"{contract.override}: needs {contract.needs}")
	return found


def check(*args, **kwargs) -> None:
	"""Hooks ``before_install`` and ``before_migrate``: stop, naming every broken assumption."""
	found = problems()
	if found:
		raise FrappeIncompatible(
			"xueji_app cannot run on this Frappe; these overrides no longer fit it:\n  - " + "\n  - ".join(found))
