"""Long work as bounded background jobs (#14): registers and large exports become Prepared Files made by a real
RQ worker (another process), readable by the user who asked and nobody else; a year-end run's Confirm and Reverse
are checked in the request and applied by a job, and a failed job leaves the run as it was."""

from __future__ import annotations

import json
from contextlib import contextmanager
from unittest.mock import patch

import frappe

from xueji_app.rules import errors
from xueji_app.rules.registers import RegisterTooLarge
from xueji_app.services.cases import workflow as workflow_service
from xueji_app.services.outputs import exports, prepared, registers
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_permission_matrix import fixture, fresh
from xueji_app.tests.test_year_end import YEAR, YearEndCase, new_run, pupil, snapshot
from xueji_app.tests.utils import YEAR_END_OPEN, RestClient, XuejiTestCase, at, run_worker, server_message


@contextmanager
def as_a_request():
	"""As a web request would: jobs go onto the queue instead of running inline (as they do in tests)."""
	frappe.flags.in_test = False
	try:
		yield
	finally:
		frappe.flags.in_test = True


def wait_for(name: str, states=("Completed", "Failed")) -> str:
	import time

	status = None
	for _ in range(120):
		fresh()
		status = frappe.db.get_value("Prepared File", name, "status")
		if status in states:
			return status
		time.sleep(0.5)
	return status


def committed_year() -> str:
	"""The school year and the standard policies, committed (as a migrated site has them): the worker and the REST
	requests see committed data only."""
	from xueji_app.services.core.policy import ensure_standard_policies
	from xueji_app.tests.utils import ensure_year

	frappe.set_user("Administrator")
	year = ensure_year()
	ensure_standard_policies()
	frappe.db.commit()
	return year


class TestPreparedFiles(XuejiTestCase):
	"""Committed: the worker is another process. Everything made here is deleted afterwards."""
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.year = committed_year()
		fixture()  # students of A1 in the exporter's county, committed

	def setUp(self):
		super().setUp()
		self.made: list[str] = []

	def tearDown(self):
		frappe.set_user("Administrator")
		for name in self.made:
			for f in frappe.get_all("File", filters={"attached_to_doctype": "Prepared File", "attached_to_name": name}, pluck="name"):
				frappe.delete_doc("File", f, force=True, ignore_permissions=True)
			frappe.delete_doc("Prepared File", name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDown()

	def test_register_prepared_by_the_worker_for_the_asker_only(self):
		year = self.year
		registrar, head = RestClient(email("reg_a1")), RestClient(email("head_a1"))
		response = registrar.post("/api/method/xueji_app.services.outputs.registers.request_register", json={
			"kind": "Enrollment Roster", "school": school("A1"), "academic_year": year, "file_format": "pdf"})
		self.assertEqual(response.status_code, 200, response.text[:300])
		asked = response.json["message"]
		self.made.append(asked["name"])
		self.assertEqual(asked["status"], "Queued")
		fresh()
		self.assertEqual(frappe.db.get_value("Prepared File", asked["name"], "owner"), email("reg_a1"))
		run_worker()
		self.assertEqual(wait_for(asked["name"]), "Completed", frappe.db.get_value("Prepared File", asked["name"], "failure"))
		doc = frappe.get_doc("Prepared File", asked["name"])
		self.assertEqual(doc.progress, 100)
		self.assertTrue(doc.pages >= 1)
		download = registrar.get(doc.prepared_file)
		self.assertEqual(download.status_code, 200)
		self.assertTrue(download.data.startswith(b"%PDF"))
		# the head of the same school did not ask: neither the record nor its file
		self.assertEqual(head.get(doc.prepared_file).status_code, 403)
		self.assertEqual(head.get(f"/api/resource/Prepared File/{doc.name}").status_code, 403)
		listed = head.get("/api/resource/Prepared File", query_string={"limit_page_length": 100}).json["data"]
		self.assertNotIn(doc.name, [r["name"] for r in listed])
		# and the asker reads it, but cannot rewrite what the job recorded
		self.assertEqual(registrar.get(f"/api/resource/Prepared File/{doc.name}").status_code, 200)
		refused = registrar.put(f"/api/resource/Prepared File/{doc.name}", json={"status": "Failed"})
		self.assertEqual(refused.status_code, 403)
		fresh()
		self.assertEqual(frappe.db.get_value("Prepared File", doc.name, "status"), "Completed")

	def test_register_request_is_checked_in_the_request(self):
		other = RestClient(email("reg_a1")).post("/api/method/xueji_app.services.outputs.registers.request_register", json={
			"kind": "Enrollment Roster", "school": school("C1"), "academic_year": YEAR, "file_format": "pdf"})
		self.assertEqual(other.status_code, 403)
		bad = RestClient(email("reg_a1")).post("/api/method/xueji_app.services.outputs.registers.request_register", json={
			"kind": "Enrollment Roster", "school": school("A1"), "academic_year": YEAR, "file_format": "docx"})
		self.assertEqual(bad.status_code, 417)
		self.assertIn("docx", server_message(bad))
		fresh()
		self.assertFalse(frappe.db.exists("Prepared File", {"owner": email("reg_a1"), "school": school("C1")}))

	def test_large_export_becomes_a_prepared_file(self):
		exporter = RestClient(email("exp_1"))
		fresh()
		expected = len(frappe.get_list("Student", pluck="name", limit_page_length=0, user=email("exp_1")))
		self.assertGreater(expected, 1)
		with patch.object(exports, "SYNC_EXPORT_ROWS", 1):
			response = exporter.post("/api/method/frappe.desk.reportview.export_query", json=None, data={
				"doctype": "Student", "file_format_type": "CSV", "title": "Student",
				"fields": json.dumps(["`tabStudent`.`name`", "`tabStudent`.`student_name`"]), "filters": json.dumps([]),
			})
		self.assertEqual(response.status_code, 302, response.text[:300])
		name = response.headers["Location"].rsplit("/", 1)[1]
		self.made.append(name)
		logs = frappe.db.count("Export Log", {"user": email("exp_1")})
		run_worker()
		self.assertEqual(wait_for(name), "Completed", frappe.db.get_value("Prepared File", name, "failure"))
		doc = frappe.get_doc("Prepared File", name)
		self.assertEqual(doc.row_count, expected)
		content = exporter.get(doc.prepared_file)
		self.assertEqual(content.status_code, 200)
		self.assertEqual(len(content.data.decode("utf-8-sig").strip().splitlines()), expected + 1)
		self.assertEqual(frappe.db.count("Export Log", {"user": email("exp_1")}), logs + 1)

	def test_a_failing_job_says_why_and_leaves_no_file(self):
		frappe.set_user(email("reg_a1"))
		asked = prepared.start("Register", "坏的请求", {"kind": "Enrollment Roster", "school": school("A1"),
														"academic_year": "no-such-year", "file_format": "pdf"})
		self.made.append(asked["name"])
		doc = frappe.get_doc("Prepared File", asked["name"])
		self.assertEqual(doc.status, "Failed")
		self.assertTrue(doc.failure)
		self.assertFalse(doc.prepared_file)
		self.assertFalse(frappe.get_all("File", filters={"attached_to_doctype": "Prepared File", "attached_to_name": doc.name}))

	def test_the_request_itself_never_renders_a_large_register(self):
		frappe.set_user(email("reg_a1"))
		with patch.object(registers, "SYNC_ROWS", 0), patch.object(registers, "rows_for", return_value=(registers.STUDENT_COLUMNS, [{}])):
			with self.assertRaises(RegisterTooLarge) as refused:
				registers.register("Enrollment Roster", school("A1"), YEAR, "pdf")
		self.assertIn("后台", str(refused.exception))


class TestYearEndInTheBackground(YearEndCase):
	"""The request checks and queues; the job (what the worker runs) applies. Not committed. At the year's end
	(a run is confirmed from the policy's 6月1日)."""
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		committed_year()

	def setUp(self):
		super().setUp()
		self.clock = at(YEAR_END_OPEN)
		self.clock.__enter__()

	def tearDown(self):
		self.clock.__exit__(None, None, None)
		super().tearDown()

	def test_the_job_checks_the_date_again(self):
		"""Queued at the year's end, run by a worker whose clock says May: refused, nothing moves."""
		student, run = self.filed_run()
		before = snapshot(student)
		job = self.queued(run, "Confirm", "county_1")
		with self.freeze_time("2027-05-20 09:00", tick=True):
			workflow_service.run_action_job(job["doctype"], job["name"], job["action"], job["comment"], job["user"])
		run.reload()
		self.assertEqual((run.run_state, run.job_status), ("Pending Authority Confirmation", "Failed"))
		self.assertIn("2027年6月1日", run.job_failure)
		self.assertEqual(snapshot(student), before)

	def queued(self, run, action: str, user: str):
		"""``act`` as a request would: the job is queued, not run; returns the job's arguments."""
		frappe.set_user(email(user))
		with as_a_request(), patch.object(frappe, "enqueue") as enqueue:
			doc = workflow_service.act("Year-End Run", run.name, action)
		self.assertEqual(enqueue.call_count, 1)
		self.assertEqual(doc.job_status, "Queued")
		return enqueue.call_args.kwargs

	def filed_run(self):
		"""A pupil of A1 and A1's run, filed by the school: waiting for the county's confirmation."""
		student = pupil("A1", "11")
		run = new_run("A1")
		frappe.set_user(email("reg_a1"))
		workflow_service.act("Year-End Run", run.name, "Submit for Confirmation")
		return student, run

	def test_confirm_is_queued_then_applied_by_the_job(self):
		student, run = self.filed_run()
		before = snapshot(student)
		job = self.queued(run, "Confirm", "county_1")
		self.assertEqual(job["queue"], "long")
		self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Pending Authority Confirmation")
		self.assertEqual(snapshot(student), before)
		# a second request while it is queued is refused
		with self.assertRaises(frappe.ValidationError):
			workflow_service.act("Year-End Run", run.name, "Confirm")
		workflow_service.run_action_job(job["doctype"], job["name"], job["action"], job["comment"], job["user"])
		run.reload()
		self.assertEqual((run.run_state, run.job_status or None), ("Confirmed", None))
		self.assertEqual(snapshot(student).grade, "12")

	def test_wrong_party_is_refused_in_the_request_and_nothing_is_queued(self):
		run = new_run("A1")
		frappe.set_user(email("reg_a1"))
		workflow_service.act("Year-End Run", run.name, "Submit for Confirmation")
		frappe.set_user(email("county_3"))
		with as_a_request(), patch.object(frappe, "enqueue") as enqueue:
			with self.assertRaises((frappe.PermissionError, errors.RuleViolation, frappe.ValidationError)):
				workflow_service.act("Year-End Run", run.name, "Confirm")
		self.assertEqual(enqueue.call_count, 0)
		self.assertFalse(frappe.db.get_value("Year-End Run", run.name, "job_status"))

	def test_a_failed_job_leaves_the_run_and_the_students_as_they_were(self):
		student, run = self.filed_run()
		before = snapshot(student)
		job = self.queued(run, "Confirm", "county_1")
		with patch("xueji_app.services.roll.year_end.insert_rows", side_effect=RuntimeError("disk full")):
			workflow_service.run_action_job(job["doctype"], job["name"], job["action"], job["comment"], job["user"])
		run.reload()
		self.assertEqual((run.run_state, run.job_status), ("Pending Authority Confirmation", "Failed"))
		self.assertIn("RuntimeError", run.job_failure)
		self.assertEqual(snapshot(student), before)
		self.assertFalse(frappe.get_all("Year-End Run Student", filters={"run": run.name}))
		# and it can be confirmed again once the cause is gone
		job = self.queued(run, "Confirm", "county_1")
		workflow_service.run_action_job(job["doctype"], job["name"], job["action"], job["comment"], job["user"])
		self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Confirmed")

