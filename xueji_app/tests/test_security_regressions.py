"""One regression test per hole of the security issue (#11), reproduced the way it was found: over REST, as
a school clerk or a county officer of one county against another county's records, through the real WSGI
app. Each asserts the refusal *and* that nothing changed.

The records are those of the permission matrix (``test_permission_matrix.fixture``): "own" is school A1 /
county 990101, "other" is school C1 / county 990201.
"""

from __future__ import annotations

import json
import threading

import frappe

from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_permission_matrix import client_upload, fixture, fresh
from xueji_app.tests.utils import RestClient, XuejiTestCase, server_message


def stored(doctype: str, name: str) -> dict:
	"""The record as committed, with its child rows (to compare before and after a refused request)."""
	fresh()
	return json.loads(frappe.as_json(frappe.get_doc(doctype, name).as_dict(no_default_fields=False)))


class RESTCase(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.records = fixture()
		cls.clients: dict[str, RestClient] = {}

	def client(self, key: str) -> RestClient:
		if key not in self.clients:
			self.clients[key] = RestClient(email(key))
		return self.clients[key]

	def own(self, doctype: str) -> str:
		return self.records[doctype]["own"]

	def other(self, doctype: str) -> str:
		return self.records[doctype]["other"]

	def assertRefused(self, response, *, unchanged: tuple[str, str, dict] | None = None) -> None:
		self.assertIn(response.status_code, (403, 417), response.text[:300])
		self.assertNotIn("Traceback", response.text)
		if unchanged:
			doctype, name, before = unchanged
			self.assertEqual(stored(doctype, name), before, f"{doctype} {name} changed by a refused request")


class TestLinkSearch(RESTCase):
	"""1. ``search_widget`` / ``search_link`` with ``ignore_user_permissions=1``, ``filters`` and ``filter_fields``."""

	def test_no_other_school_student_or_personal_data(self):
		other = frappe.db.get_value("Student", self.other("Student"), ["name", "id_number", "phone", "student_name"], as_dict=True)
		for method in ("search_widget", "search_link"):
			response = self.client("reg_a1").get(f"/api/method/frappe.desk.search.{method}", query_string={
				"doctype": "Student", "txt": "", "ignore_user_permissions": 1, "reference_doctype": "Student Transfer",
				"filters": json.dumps({"name": ["in", [other.name, self.own("Student")]]}), "page_length": 50,
				"filter_fields": json.dumps(["id_number", "phone", "current_address", "date_of_birth"]),
			})
			self.assertEqual(response.status_code, 200, response.text[:200])
			for secret in (other.name, other.id_number, other.student_name):
				self.assertNotIn(secret, response.text, method)

	def test_a_link_title_names_only_a_readable_record(self):
		"""A Student's title is the pupil's name and its keys run in sequence: guessing keys named every pupil."""
		other = frappe.db.get_value("Student", self.other("Student"), ["name", "student_name"], as_dict=True)
		own = frappe.db.get_value("Student", self.own("Student"), ["name", "student_name"], as_dict=True)
		ask = lambda name: self.client("reg_a1").get("/api/method/frappe.desk.search.get_link_title",  # noqa: E731
													 query_string={"doctype": "Student", "docname": name})
		self.assertEqual(ask(own.name).json["message"], own.student_name)
		answer = ask(other.name)
		self.assertEqual(answer.status_code, 200)
		self.assertNotIn(other.student_name, answer.text)
		self.assertEqual(answer.json["message"], other.name)

	def test_transfer_lookup_needs_the_exact_number_and_is_masked_and_logged(self):
		other = frappe.db.get_value("Student", self.other("Student"), ["student_number", "id_number"], as_dict=True)
		fresh()
		logs = frappe.db.count("Export Log", {"export_type": "Student Lookup", "user": email("reg_a3")})
		client = self.client("reg_a3")
		found = client.post("/api/method/xueji_app.roll_change.doctype.student_transfer.student_transfer.find_student",
							json={"id_number": other.id_number}).json["message"]
		self.assertNotIn(other.student_number, json.dumps(found))
		self.assertIn("*", found["student_number"])
		partial = client.post("/api/method/xueji_app.roll_change.doctype.student_transfer.student_transfer.find_student",
							  json={"id_number": other.id_number[:-1]}).json.get("message")
		self.assertIsNone(partial)
		fresh()
		self.assertEqual(frappe.db.count("Export Log", {"export_type": "Student Lookup", "user": email("reg_a3")}), logs + 2)
		# a bureau does not file transfers: no lookup, and it is told why
		refused = self.client("county_1").post(
			"/api/method/xueji_app.roll_change.doctype.student_transfer.student_transfer.find_student", json={"id_number": other.id_number})
		self.assertRefused(refused)
		self.assertIn("学校", server_message(refused))


class TestChildTables(RESTCase):
	"""2. Child DocTypes queried with ``parent``: the parent's scope, not only its role."""

	def test_guardians_of_every_student(self):
		client = self.client("reg_a1")
		response = client.get("/api/resource/Student Guardian", query_string={
			"parent": "Student", "fields": json.dumps(["parent", "guardian_name", "phone", "id_number"]), "limit_page_length": 0})
		self.assertEqual(response.status_code, 200)
		parents = {row["parent"] for row in response.json["data"]}
		self.assertIn(self.own("Student"), parents)
		fresh()
		self.assertEqual(parents - set(frappe.get_all("Student", filters={"school": school("A1")}, pluck="name")), set())

	def test_history_steps_and_evidence(self):
		client = self.client("county_1")
		for child, parent in (("Student Roll Event", "Student"), ("Case Step", "Student Transfer"), ("Case Evidence", "Roll Change")):
			listed = client.get(f"/api/resource/{child}", query_string={"parent": parent, "fields": json.dumps(["parent"]),
																		  "limit_page_length": 0})
			self.assertNotIn(self.other(parent), {r["parent"] for r in listed.json["data"]}, child)
			row = frappe.db.get_value(child, {"parenttype": parent, "parent": self.other(parent)}, "name")
			value = client.get("/api/method/frappe.client.get_value", query_string={
				"doctype": child, "fieldname": json.dumps(["parent"]), "filters": json.dumps({"name": row}), "parent": parent})
			self.assertFalse(value.status_code == 200 and value.json.get("message"), child)
			view = client.get("/api/method/frappe.desk.reportview.get", query_string={
				"doctype": child, "parent_doctype": parent, "fields": json.dumps([f"`tab{child}`.`parent`"])})
			self.assertNotIn(self.other(parent), view.text, child)
			self.assertRefused(client.get(f"/api/resource/{child}/{row}"))


class TestWritesJudgedOnTheStoredRecord(RESTCase):
	"""3. A body that names the writer's own region or school on another county's record."""

	def test_county_does_not_take_over_another_countys_school(self):
		before = stored("School", school("C1"))
		response = self.client("county_1").put(f"/api/resource/School/{school('C1')}",
												json={"region": "990101", "authority_region": "990101"})
		self.assertRefused(response, unchanged=("School", school("C1"), before))

	def test_registrar_does_not_move_another_schools_student_in(self):
		frappe.set_user(email("reg_c1"))
		draft = frappe.get_doc(factory.student_data("C1")).insert()
		frappe.db.commit()
		try:
			before = stored("Student", draft.name)
			response = self.client("reg_a1").put(f"/api/resource/Student/{draft.name}",
												 json={"school": school("A1"), "region": "990101", "authority_region": "990101"})
			self.assertRefused(response, unchanged=("Student", draft.name, before))
			self.assertEqual(self.client("reg_c1").get(f"/api/resource/Student/{draft.name}").status_code, 200)
			# nor the school's own records: placement is fixed once the record exists
			moved = self.client("reg_c1").put(f"/api/resource/Student/{draft.name}", json={"school": school("P1")})
			self.assertRefused(moved, unchanged=("Student", draft.name, before))
		finally:
			frappe.set_user("Administrator")
			frappe.delete_doc("Student", draft.name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_guardians_history_and_attestation(self):
		name = self.own("Student")
		before = stored("Student", name)
		client = self.client("reg_a1")
		history = [dict(row, detail="改写的记录") for row in before["history"]]
		self.assertRefused(client.put(f"/api/resource/Student/{name}", json={"history": history}),
						   unchanged=("Student", name, before))
		self.assertRefused(client.put(f"/api/resource/Student/{name}", json={"history": []}), unchanged=("Student", name, before))
		guardians = [dict(row, phone="13000000000") for row in stored("Student", self.other("Student"))["guardians"]]
		other_before = stored("Student", self.other("Student"))
		self.assertRefused(client.put(f"/api/resource/Student/{self.other('Student')}", json={"guardians": guardians}),
						   unchanged=("Student", self.other("Student"), other_before))
		frappe.set_user(email("reg_a1"))
		draft = frappe.get_doc(factory.student_data("A1", grade="13", enrollment_date="2024-09-01")).insert()
		frappe.db.commit()
		try:
			draft_before = stored("Student", draft.name)
			response = client.put(f"/api/resource/Student/{draft.name}", json={"duplicate_check_confirmed": 1})
			self.assertRefused(response, unchanged=("Student", draft.name, draft_before))
			self.assertIn("查重", server_message(response))
		finally:
			frappe.set_user("Administrator")
			frappe.delete_doc("Student", draft.name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_problem_resolution_about_another_countys_student(self):
		fresh()
		count = frappe.db.count("Problem Resolution")
		response = self.client("county_1").post("/api/resource/Problem Resolution", json={
			"student": self.other("Student"), "region": "990101", "school": school("A1"), "problem": "Duplicate Person",
			"resolution": "Corroborate", "note": "越权处理", "evidence": client_upload(self.client("county_1"))})
		self.assertRefused(response)
		fresh()
		self.assertEqual(frappe.db.count("Problem Resolution"), count)


class TestApprovalChainIsServerOwned(RESTCase):
	"""4. A registrar writing a bureau's decision into ``steps``, or cutting the chain to the school step."""

	def test_steps_cannot_be_written(self):
		from xueji_app.tests.test_roll_change import filed, registered

		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.db.commit()
		before = stored("Roll Change", case.name)
		client = self.client("reg_a1")
		forged = [dict(row, decision="Approved", decided_by=email("county_1"), comment="同意") for row in before["steps"]]
		self.assertRefused(client.put(f"/api/resource/Roll Change/{case.name}", json={"steps": forged}),
						   unchanged=("Roll Change", case.name, before))
		self.assertRefused(client.put(f"/api/resource/Roll Change/{case.name}", json={"steps": before["steps"][:1]}),
						   unchanged=("Roll Change", case.name, before))
		self.assertRefused(client.put(f"/api/resource/Roll Change/{case.name}", json={"change_state": "Approved"}),
						   unchanged=("Roll Change", case.name, before))
		# the school head's approval leaves the case with the bureau: nothing is applied to the student
		self.client("head_a1").post("/api/method/xueji_app.services.cases.workflow.act",
									json={"doctype": "Roll Change", "name": case.name, "action": "Approve"})
		fresh()
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Enrolled")
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "current_step"), 2)
		# the bureau of another county cannot take that step
		self.assertRefused(self.client("county_3").post("/api/method/xueji_app.services.cases.workflow.act",
														json={"doctype": "Roll Change", "name": case.name, "action": "Approve"}))
		fresh()
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "current_step"), 2)


class TestPrivateFiles(RESTCase):
	"""5. Other schools' private file URLs in the File list, and copied into one's own record to download them."""

	def other_files(self) -> list[str]:
		fresh()
		names = [self.other(d) for d in ("Student", "Roll Change", "Student Info Change", "Problem Resolution")]
		return frappe.get_all("File", filters={"attached_to_name": ["in", names], "is_private": 1}, pluck="file_url")

	def test_file_list(self):
		urls = self.other_files()
		self.assertTrue(urls)
		listed = self.client("reg_a1").get("/api/resource/File", query_string={"fields": json.dumps(["file_url"]),
																			  "limit_page_length": 0})
		self.assertEqual(set(urls) & {r["file_url"] for r in listed.json.get("data", [])}, set())

	def test_copying_a_url_does_not_open_the_file(self):
		url = frappe.db.get_value("File", {"attached_to_doctype": "Student", "attached_to_name": self.other("Student")}, "file_url")
		client = self.client("reg_a1")
		self.assertRefused(client.get(url))
		before = stored("Student", self.own("Student"))
		self.assertRefused(client.put(f"/api/resource/Student/{self.own('Student')}", json={"photo": url}),
						   unchanged=("Student", self.own("Student"), before))
		response = client.post("/api/resource/Problem Resolution", json={
			"student": self.own("Student"), "problem": "Duplicate Person", "resolution": "Corroborate", "evidence": url})
		self.assertRefused(response)
		self.assertRefused(client.post("/api/resource/File", json={"file_url": url, "file_name": "x.jpg", "is_private": 1,
																   "attached_to_doctype": "Student",
																   "attached_to_name": self.own("Student")}))
		self.assertRefused(client.get(url))

	def test_case_parties_open_the_evidence(self):
		url = frappe.db.get_value("Case Evidence", {"parenttype": "Roll Change", "parent": self.own("Roll Change")}, "file")
		for key in ("reg_a1", "head_a1", "county_1"):
			self.assertEqual(self.client(key).get(url).status_code, 200, key)
		for key in ("reg_c1", "county_3", "reg_a3"):
			self.assertRefused(self.client(key).get(url))


class TestUploadsStayPrivate(RESTCase):
	"""An official's upload is private whatever the uploader says (the evidence dialog uploads before the case names
	the file), and a private file is never made public by unticking 私有."""

	def upload(self, key: str, **form) -> dict:
		import io

		response = self.client(key).post("/api/method/upload_file", json=None,
										 data={"file": (io.BytesIO(factory.image_bytes()), "certificate.jpg"), **form})
		self.assertEqual(response.status_code, 200, response.text[:300])
		return response.json["message"]

	def test_a_public_upload_is_made_private(self):
		for key in ("reg_a1", "county_1"):
			for form in ({"is_private": "0"}, {}, {"is_private": "0", "doctype": "Student", "docname": self.own("Student")}
						 if key == "reg_a1" else {"is_private": "0", "folder": "Home"}):
				stored_file = self.upload(key, **form)
				self.assertEqual(stored_file["is_private"], 1, (key, form))
				self.assertTrue(stored_file["file_url"].startswith("/private/files/"), (key, form, stored_file["file_url"]))
				self.assertEqual(self.client(key).get(stored_file["file_url"]).status_code, 200)
				self.assertRefused(RestClient.anonymous().get(stored_file["file_url"]))

	def test_a_private_file_is_not_made_public(self):
		stored_file = self.upload("reg_a1", is_private="1")
		fresh()
		before = stored("File", stored_file["name"])
		response = self.client("reg_a1").put(f"/api/resource/File/{stored_file['name']}", json={"is_private": 0})
		self.assertRefused(response, unchanged=("File", stored_file["name"], before))
		self.assertIn("始终为私有文件", server_message(response))
		self.assertRefused(RestClient.anonymous().get(stored_file["file_url"]))
		public_url = stored_file["file_url"].replace("/private/files/", "/files/")
		self.assertNotEqual(RestClient.anonymous().get(public_url).status_code, 200)

	def test_the_administrator_still_publishes(self):
		frappe.set_user("Administrator")
		url = factory.upload("logo.jpg", private=False)
		frappe.db.rollback()
		self.assertTrue(url.startswith("/files/"), url)


class TestSmallerHoles(RESTCase):
	"""6. The smaller findings of the issue."""

	def test_transfer_shows_a_masked_number_and_cannot_be_repointed(self):
		name = self.own("Student Transfer")
		data = self.client("reg_a3").get(f"/api/resource/Student Transfer/{name}").json["data"]
		number = frappe.db.get_value("Student", data["student"], "student_number")
		self.assertNotIn(number, json.dumps(data, ensure_ascii=False))
		self.assertIn("*", data["student_number"])
		frappe.set_user(email("reg_a3"))
		from xueji_app.tests.test_roll_change import registered

		mover = registered("A1", registrar="reg_a1", approver="county_1")
		frappe.set_user(email("reg_a3"))
		draft = frappe.get_doc({"doctype": "Student Transfer", "student": mover.name, "student_lookup": mover.student_number,
								"reason": "Household Move", "reason_detail": "随父母迁居"}).insert()
		frappe.db.commit()
		before = stored("Student Transfer", draft.name)
		self.assertNotIn(mover.student_number, json.dumps(before, ensure_ascii=False))
		response = self.client("reg_a3").put(f"/api/resource/Student Transfer/{draft.name}",
											 json={"student": self.other("Student")})
		self.assertRefused(response, unchanged=("Student Transfer", draft.name, before))

	def test_officer_cannot_grant_himself_export(self):
		before = stored("Roll Officer", email("county_1"))
		response = self.client("county_1").put(f"/api/resource/Roll Officer/{email('county_1')}", json={"may_export": 1})
		self.assertRefused(response, unchanged=("Roll Officer", email("county_1"), before))

	def test_school_head_does_not_read_bureau_export_logs(self):
		frappe.set_user("Administrator")
		log = frappe.get_doc({"doctype": "Export Log", "user": email("county_1"), "region": "990101",
							  "export_type": "Report Builder", "reference_doctype": "Student", "row_count": 3}).insert(ignore_permissions=True)
		frappe.db.commit()
		listed = self.client("head_a1").get("/api/resource/Export Log", query_string={"limit_page_length": 0})
		self.assertNotIn(log.name, {r["name"] for r in listed.json.get("data", [])})
		self.assertRefused(self.client("head_a1").get(f"/api/resource/Export Log/{log.name}"))
		self.assertEqual(self.client("county_1").get(f"/api/resource/Export Log/{log.name}").status_code, 200)

	def test_downloads_by_get_are_logged(self):
		fresh()
		before = frappe.db.count("Print Log", {"user": email("reg_a1")})
		pdf = self.client("reg_a1").get("/api/method/frappe.utils.print_format.download_pdf",
										query_string={"doctype": "Student", "name": self.own("Student")})
		self.assertEqual(pdf.status_code, 200)
		self.assertTrue(pdf.data.startswith(b"%PDF"))
		register = self.client("reg_a1").get("/api/method/xueji_app.services.outputs.registers.register", query_string={
			"kind": "Enrollment Roster", "school": school("A1"), "academic_year": "2026-2027", "file_format": "pdf"})
		self.assertEqual(register.status_code, 200)
		fresh()
		self.assertEqual(frappe.db.count("Print Log", {"user": email("reg_a1")}), before + 2)
		# as data (.xlsx) the register is an export: refused without 可导出数据, logged with it
		refused = self.client("reg_a1").get("/api/method/xueji_app.services.outputs.registers.register", query_string={
			"kind": "Enrollment Roster", "school": school("A1"), "academic_year": "2026-2027", "file_format": "xlsx"})
		self.assertEqual(refused.status_code, 403, refused.data[:200])
		exports = frappe.db.count("Export Log", {"user": email("exp_1"), "export_type": "Register"})
		sheet = self.client("exp_1").get("/api/method/xueji_app.services.outputs.registers.register", query_string={
			"kind": "Enrollment Roster", "school": school("A1"), "academic_year": "2026-2027", "file_format": "xlsx"})
		self.assertEqual(sheet.status_code, 200, sheet.data[:200])
		self.assertTrue(sheet.data.startswith(b"PK"))
		fresh()
		self.assertEqual(frappe.db.count("Export Log", {"user": email("exp_1"), "export_type": "Register"}), exports + 1)

	def test_workflow_action_list_is_scoped(self):
		frappe.set_user("Administrator")
		action = frappe.get_doc({"doctype": "Workflow Action", "reference_doctype": "Roll Change",
								 "reference_name": self.other("Roll Change"), "status": "Open", "workflow_state": "Pending School Head Review",
								 "permitted_roles": [{"role": "County Bureau Officer"}]}).insert(ignore_permissions=True)
		frappe.db.commit()
		listed = self.client("county_1").get("/api/resource/Workflow Action", query_string={
			"fields": json.dumps(["name", "reference_name"]), "limit_page_length": 0})
		self.assertNotIn(self.other("Roll Change"), {r["reference_name"] for r in listed.json.get("data", [])})
		self.assertRefused(self.client("county_1").get(f"/api/resource/Workflow Action/{action.name}"))

	def test_report_refusal_leaves_no_prepared_report_timer(self):
		from frappe.desk.query_report import run

		frappe.set_user(email("reg_a1"))
		with self.assertRaises(frappe.PermissionError):
			run("Enrollment Statistics", filters={"school": school("C1")})
		pending = [t for t in threading.enumerate() if isinstance(t, threading.Timer) and not t.finished.is_set()
				   and (t.kwargs or {}).get("report") == "Enrollment Statistics"]
		self.assertEqual(pending, [])
		run("Enrollment Statistics", filters={})
		pending = [t for t in threading.enumerate() if isinstance(t, threading.Timer) and not t.finished.is_set()
				   and (t.kwargs or {}).get("report") == "Enrollment Statistics"]
		self.assertEqual(pending, [])

	def test_no_traceback_for_officers(self):
		response = self.client("reg_a1").post("/api/method/xueji_app.services.cases.workflow.act",
											  json={"doctype": "Roll Change", "name": "XJYD-0000-99999", "action": "Approve"})
		self.assertIn(response.status_code, (403, 404, 417))
		self.assertNotIn("Traceback", response.text)
		self.assertNotIn('"exc"', response.text)
