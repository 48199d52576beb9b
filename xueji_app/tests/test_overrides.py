"""The version guard (``overrides.contracts``) on the installed Frappe, and that it catches a Frappe that changed."""

from __future__ import annotations

import ast
import pathlib
from unittest.mock import patch

import frappe
from frappe.model.document import Document
from frappe.tests.utils import FrappeTestCase

from xueji_app.overrides import contracts

APP = pathlib.Path(__file__).resolve().parents[1]


class TestContracts(FrappeTestCase):
	def test_the_installed_frappe_fits(self):
		self.assertEqual(contracts.problems(), [])
		contracts.check()  # what before_install and before_migrate run

	def test_the_contracts_hold_once_a_request_has_installed_the_overrides(self):
		"""``overrides.http`` wraps Frappe's error handler on a process's first request; the guard reads Frappe's own."""
		from xueji_app.overrides import http

		http.install()
		self.assertEqual(contracts.problems(), [])

	def test_a_missing_method_is_named(self):
		with patch.object(Document, "update_child_table", None):
			found = contracts.problems()
		self.assertTrue(any("update_child_table" in p for p in found), found)
		with patch.object(Document, "update_child_table", None), self.assertRaises(contracts.FrappeIncompatible) as caught:
			contracts.check()
		self.assertIn("overrides.document", str(caught.exception))

	def test_a_changed_signature_is_named(self):
		"""Frappe 15.51's get_submitted_linked_docs took two arguments, 15.55's three: an override that passed
		three to the older one raised TypeError. A whitelisted original whose arguments ours does not take fails."""
		from frappe.desk import search

		def search_link(doctype, txt, query=None, filters=None, page_length=10, searchfield=None,
						reference_doctype=None, ignore_user_permissions=False, new_argument=None):
			return []

		frappe.whitelisted.append(search_link)
		try:
			with patch.object(search, "search_link", search_link):
				found = contracts.problems()
		finally:
			frappe.whitelisted.remove(search_link)
		self.assertTrue(any("frappe.desk.search.search_link" in p for p in found), found)

	def test_an_older_release_is_refused(self):
		with patch.object(frappe, "__version__", "15.40.0"):
			found = contracts.problems()
		self.assertTrue(found and "15.40.0" in found[0], found)
		with patch.object(frappe, "__version__", "16.0.0"):
			self.assertTrue(contracts.problems())

	def test_a_js_patch_target_that_moved_is_named(self):
		with patch.object(contracts.os.path, "join", lambda *a: "/nonexistent/print.js"):
			found = contracts.problems()
		self.assertTrue(any("print_view.js" in p for p in found), found)

	def test_linked_docs_override_fits_either_signature(self):
		"""The override passes the third argument only to a Frappe that takes it."""
		from frappe.desk.form import linked_with

		from xueji_app.overrides.search import get_submitted_linked_docs

		calls = []

		def two(doctype, name):
			calls.append((doctype, name))
			return []

		with patch.object(linked_with, "get_submitted_linked_docs", two):
			self.assertEqual(get_submitted_linked_docs("Grade", frappe.db.get_value("Grade", {}, "name"), None), [])
		self.assertEqual(len(calls), 1)


class TestOneHomeForOverrides(FrappeTestCase):
	def test_every_override_hook_points_into_overrides(self):
		"""override_whitelisted_methods and override_doctype_class name only ``xueji_app.overrides``."""
		hooks = frappe.get_hooks(app_name="xueji_app")
		for original, ours in hooks.get("override_whitelisted_methods", {}).items():
			self.assertTrue(ours[-1].startswith("xueji_app.overrides."), f"{original} → {ours}")
		for doctype, cls in hooks.get("override_doctype_class", {}).items():
			self.assertTrue(cls[-1].startswith("xueji_app.overrides."), f"{doctype} → {cls}")
		overridden = {o.replace(":", ".") for o in contracts.OVERRIDDEN}
		hooked = set(hooks.get("override_whitelisted_methods", {})) - {"frappe.desk.form.linked_with.get_submitted_linked_docs",
			"run_doc_method", "runserverobj", "frappe.handler.run_doc_method"}  # contracts of their own
		self.assertEqual(hooked, overridden, "each overridden method has its contract")

	def test_no_document_internals_overridden_outside_overrides(self):
		"""A method of Frappe's Document with a leading underscore, or one of the internals the contracts list,
		is overridden only in ``overrides`` (a controller's own ``_validate_links`` calls the mixin's)."""
		internals = {"load_doc_before_save", "update_child_table", "extend"}
		allowed = {APP / "overrides" / "document.py", APP / "roll_change/doctype/student_transfer/student_transfer.py"}
		for path in APP.rglob("*.py"):
			if path in allowed or "tests" in path.parts:
				continue
			for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
				if isinstance(node, ast.ClassDef):
					for item in node.body:
						if isinstance(item, ast.FunctionDef) and (item.name in internals or item.name in (
								"_validate_links", "_validate_mandatory", "_set_defaults")):
							self.fail(f"{path.relative_to(APP)}: {node.name}.{item.name} overrides a Frappe internal")

	def test_no_app_doctype_takes_a_frappe_doctype_name(self):
		"""A DocType of the app never shares a name with one of Frappe's (Frappe's Gender is Frappe's)."""
		mine = {frappe.get_cached_value("DocType", d, "name") for d in frappe.get_all(
			"DocType", filters={"module": ["in", frappe.get_all("Module Def", {"app_name": "xueji_app"}, pluck="name")]},
			pluck="name")}
		frappe_root = pathlib.Path(frappe.__file__).parent
		theirs = set()
		for json_file in frappe_root.glob("*/doctype/*/*.json"):
			if json_file.stem == json_file.parent.name:
				theirs.add(json_file.parent.name)
		ours = {p.parent.name for p in APP.glob("*/doctype/*/*.json") if p.stem == p.parent.name}
		self.assertFalse(ours & theirs, f"app DocTypes named like Frappe's: {sorted(ours & theirs)}")
		self.assertTrue(mine)


class TestStoredPaths(FrappeTestCase):
	"""Dotted paths a site stores (scheduled jobs, number cards) still name code that exists after a move."""

	def test_every_stored_path_of_the_app_resolves(self):
		stored = [("Scheduled Job Type", name, method) for name, method in frappe.get_all(
			"Scheduled Job Type", filters={"method": ["like", "xueji_app.%"]}, fields=["name", "method"], as_list=True)]
		stored += [("Number Card", name, method) for name, method in frappe.get_all(
			"Number Card", filters={"method": ["like", "xueji_app.%"]}, fields=["name", "method"], as_list=True)]
		self.assertTrue(any(kind == "Scheduled Job Type" for kind, _n, _m in stored))
		for kind, name, method in stored:
			try:
				frappe.get_attr(method)
			except (ImportError, AttributeError) as error:
				self.fail(f"{kind} {name}: {method} does not resolve ({error})")

	def test_scheduler_events_are_the_stored_jobs(self):
		"""Every scheduler event of hooks.py has its Scheduled Job Type, and no job of the app is left over."""
		hooks = frappe.get_hooks("scheduler_events", app_name="xueji_app")
		wanted = {m for methods in hooks.values() for m in (methods if isinstance(methods, list) else [])}
		jobs = set(frappe.get_all("Scheduled Job Type", filters={"method": ["like", "xueji_app.%"]}, pluck="method"))
		self.assertEqual(jobs, wanted)


class TestQueuedJobPaths(FrappeTestCase):
	"""Patch ``queued_job_paths``: a job queued under a module's old path runs the same function after the move."""

	def test_the_map_is_the_tree(self):
		from xueji_app.patches.queued_job_paths import MOVED

		services = APP / "services"
		self.assertEqual(len(MOVED), 36, "the 36 modules services/ held before it was grouped")
		for module, package in MOVED.items():
			self.assertTrue((services / package / f"{module}.py").exists(), module)

	def test_a_waiting_job_gets_the_new_path(self):
		from frappe.utils.background_jobs import execute_job, get_queue

		from xueji_app.patches import queued_job_paths

		old = "xueji_app.services.student_import.run_job"
		job = get_queue("long").enqueue_call(execute_job, kwargs={
			"site": frappe.local.site, "user": "Administrator", "method": old, "event": None, "job_name": old,
			"is_async": True, "kwargs": {"import_name": "none", "action": "check", "user": "Administrator"}})
		try:
			queued_job_paths.execute()
			job.refresh()
			self.assertEqual(job.kwargs["method"], "xueji_app.services.roll.student_import.run_job")
			self.assertTrue(callable(frappe.get_attr(job.kwargs["method"])))
			self.assertIsNone(queued_job_paths.new_path("frappe.utils.background_jobs.test_job"))
		finally:
			job.cancel()
			job.delete()
