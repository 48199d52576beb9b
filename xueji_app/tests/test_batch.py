"""Batch work from a list (#16): the list's bulk workflow action goes through ``act`` for each record, the ones
that pass go through, a refused one is rolled back alone, and the user sees the result of every record."""

from __future__ import annotations

import json
from unittest.mock import patch

import frappe

from xueji_app.services.cases import batch
from xueji_app.tests import factory
from xueji_app.tests.factory import email
from xueji_app.tests.utils import PolicyTestCase

BULK = "frappe.model.workflow.bulk_workflow_approval"


def draft(school_key: str = "A1", registrar: str = "reg_a1") -> str:
	frappe.set_user(email(registrar))
	return frappe.get_doc(factory.student_data(school_key)).insert().name


class TestBatchRegistrations(PolicyTestCase):
	def test_submit_and_approve_many_with_a_result_for_each(self):
		mine = [draft(), draft(), draft()]
		other = draft("C1", "reg_c1")
		frappe.set_user(email("reg_a1"))
		frappe.local.message_log = []
		out = frappe.get_attr(frappe.get_hooks("override_whitelisted_methods")[BULK][-1])(
			json.dumps([*mine, other]), "Student", "Submit for Approval")
		by_name = {r["name"]: r for r in out["results"]}
		self.assertTrue(all(by_name[n]["ok"] for n in mine), by_name)
		self.assertFalse(by_name[other]["ok"])
		self.assertTrue(by_name[other]["message"])
		self.assertEqual({frappe.db.get_value("Student", n, "registration_state") for n in mine}, {"Pending Authority Approval"})
		self.assertEqual(frappe.db.get_value("Student", other, "registration_state"), "Draft")
		# one message with every record's result, not one per refusal
		self.assertEqual(len(frappe.local.message_log), 1)
		self.assertIn("3", frappe.local.message_log[0]["title"])

		frappe.set_user(email("county_1"))
		out = batch.act_many("Student", json.dumps(mine), "Approve")
		self.assertTrue(all(r["ok"] for r in out["results"]), out)
		numbers = frappe.get_all("Student", filters={"name": ["in", mine]}, pluck="student_number")
		self.assertTrue(all(numbers))
		self.assertEqual(len(set(numbers)), 3)

	def test_many_records_go_to_a_job_which_tells_the_user(self):
		mine = [draft(), draft()]
		frappe.set_user(email("reg_a1"))
		with patch.object(batch, "SYNC_LIMIT", 1), patch("frappe.publish_realtime") as told:
			out = batch.act_many("Student", json.dumps(mine), "Submit for Approval")
		self.assertEqual(out, {"queued": 2})
		self.assertEqual({frappe.db.get_value("Student", n, "registration_state") for n in mine}, {"Pending Authority Approval"})
		results = [c for c in told.call_args_list if c.args and c.args[0] == "msgprint"]
		self.assertEqual(len(results), 1)
		self.assertIn("2", results[0].args[1]["title"])

	def test_too_many_records_refused(self):
		frappe.set_user(email("reg_a1"))
		with self.assertRaises(frappe.ValidationError):
			batch.act_many("Student", json.dumps([f"X{i}" for i in range(batch.MAX_RECORDS + 1)]), "Submit for Approval")
