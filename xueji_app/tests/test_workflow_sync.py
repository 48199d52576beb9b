"""Workflows are created on install/migrate when absent; a site's own customisation is left alone."""

from __future__ import annotations

import frappe

from xueji_app.services.cases.workflow import DEFINITIONS, sync_workflows
from xueji_app.tests.utils import XuejiTestCase


class TestWorkflowSync(XuejiTestCase):
	def test_every_definition_is_installed(self):
		names = {p.stem for p in DEFINITIONS.glob("*.json")}
		self.assertEqual(len(names), 5)
		for name in ("Student Registration", "Student Info Change", "Roll Change", "Student Transfer", "Year-End Run"):
			self.assertTrue(frappe.db.exists("Workflow", name), name)

	def test_site_customisation_survives_migrate(self):
		workflow = frappe.get_doc("Workflow", "Roll Change")
		workflow.states[1].allow_edit = "School Registrar"
		workflow.send_email_alert = 1
		workflow.save()
		sync_workflows()
		again = frappe.get_doc("Workflow", "Roll Change")
		self.assertEqual((again.states[1].allow_edit, again.send_email_alert), ("School Registrar", 1))

	def test_a_deleted_workflow_comes_back(self):
		frappe.delete_doc("Workflow", "Student Info Change")
		sync_workflows()
		self.assertTrue(frappe.db.exists("Workflow", "Student Info Change"))

	def test_an_unmodified_workflow_is_upgraded(self):
		import json

		from xueji_app.services.cases import workflow as service

		path = service.DEFINITIONS / "roll_change.json"
		definition = json.loads(path.read_text(encoding="utf-8"))
		definition["transitions"].append(
			{"state": "Rejected", "action": "Withdraw", "next_state": "Withdrawn by School", "allowed": "School Head", "allow_self_approval": 1}
		)
		original = service.DEFINITIONS
		try:
			import tempfile
			from pathlib import Path

			folder = Path(tempfile.mkdtemp())
			(folder / "roll_change.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
			service.DEFINITIONS = folder
			sync_workflows()
		finally:
			service.DEFINITIONS = original
		allowed = {(t.state, t.action, t.allowed) for t in frappe.get_doc("Workflow", "Roll Change").transitions}
		self.assertIn(("Rejected", "Withdraw", "School Head"), allowed)
