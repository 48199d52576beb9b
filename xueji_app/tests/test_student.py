"""Student record, 查重, registration approval, key-data locks and the student scoping matrix."""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow

from xueji_app.rules.access import DirectStateChange, NotAnEditor, PlacementLocked, ServerOwnedField
from xueji_app.rules.chains import PartyMismatch, RejectionReasonRequired
from xueji_app.rules.identity import (
	DuplicateStudent,
	ResidentIdBirthMismatch,
	ResidentIdChecksumError,
	ResidentIdGenderMismatch,
)
from xueji_app.rules.student import KeyFieldLocked, MissingGuardian, SupplementaryNeedsConfirmation
from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school, student_data
from xueji_app.tests.utils import RestClient, XuejiTestCase, at_once


def new_student(user="reg_a1", school_key="A1", **values):
	frappe.set_user(email(user))
	return frappe.get_doc(student_data(school_key, **values)).insert()


class TestRegistration(XuejiTestCase):
	def test_end_to_end(self):
		doc = new_student()
		self.assertEqual(doc.registration_state, "Draft")
		self.assertEqual(doc.status_label, "Pending Registration")
		self.assertFalse(doc.student_number)
		self.assertEqual(str(doc.registration_due_date), "2026-10-01")
		act("Student", doc.name, "Submit for Approval")
		doc.reload()
		self.assertEqual(doc.registration_state, "Pending Authority Approval")
		self.assertTrue(doc.has_open_case)

		frappe.set_user(email("county_1"))
		act("Student", doc.name, "Approve")
		doc.reload()
		self.assertEqual(doc.registration_state, "Approved")
		self.assertEqual(doc.student_number, "G" + doc.id_number)
		self.assertEqual((doc.status_label, doc.on_roll, doc.in_school, doc.has_open_case), ("Enrolled", 1, 1, 0))
		self.assertEqual(len(doc.history), 1)
		self.assertEqual(doc.history[0].approved_by_office, "甲市一区教育局")

	def test_reject_needs_reason_and_returns_to_school(self):
		doc = new_student()
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		with self.assertRaises(RejectionReasonRequired):
			act("Student", doc.name, "Reject", "  ")
		self.assertEqual(frappe.db.get_value("Student", doc.name, "registration_state"), "Pending Authority Approval")
		act("Student", doc.name, "Reject", "户籍证明不清晰")
		doc.reload()
		self.assertEqual((doc.registration_state, doc.rejection_reason), ("Rejected", "户籍证明不清晰"))
		frappe.set_user(email("reg_a1"))
		doc.phone = "13811111111"
		doc.save()
		act("Student", doc.name, "Resubmit")
		self.assertEqual(frappe.db.get_value("Student", doc.name, "registration_state"), "Pending Authority Approval")

	def test_party_enforcement(self):
		doc = new_student("reg_a2", school_key="A2", grade="31")  # city-run senior high in county 990101
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_2"))  # another county: cannot even read it
		with self.assertRaises(frappe.PermissionError):
			act("Student", doc.name, "Approve")
		frappe.set_user(email("county_1"))  # sees it (it sits in the county) but the authority is the city
		with self.assertRaises(PartyMismatch) as ctx:
			act("Student", doc.name, "Approve")
		self.assertIn("甲市教育局", str(ctx.exception))
		self.assertEqual(frappe.db.get_value("Student", doc.name, "registration_state"), "Pending Authority Approval")
		frappe.set_user(email("reg_c1"))  # another school's registrar cannot submit or see it
		with self.assertRaises(frappe.PermissionError):
			act("Student", doc.name, "Approve")
		frappe.set_user(email("city_1"))
		# a new 高一 record with no earlier roll is 补建: the authority confirms the duplicate check first
		with self.assertRaises(SupplementaryNeedsConfirmation):
			act("Student", doc.name, "Approve")
		record = frappe.get_doc("Student", doc.name)
		record.duplicate_check_confirmed = 1
		record.save()
		act("Student", doc.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student", doc.name, "registration_state"), "Approved")

	def test_direct_state_write_refused(self):
		doc = new_student()
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		doc = frappe.get_doc("Student", doc.name)
		doc.registration_state = "Approved"
		with self.assertRaises(DirectStateChange):
			doc.save()
		with self.assertRaises(DirectStateChange):
			apply_workflow(frappe.get_doc("Student", doc.name), "Approve")
		self.assertEqual(frappe.db.get_value("Student", doc.name, "registration_state"), "Pending Authority Approval")

	def test_supplementary_registration_needs_confirmation(self):
		doc = new_student(grade="13")
		self.assertTrue(doc.is_supplementary)
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		with self.assertRaises(SupplementaryNeedsConfirmation):
			act("Student", doc.name, "Approve")
		doc = frappe.get_doc("Student", doc.name)
		doc.phone = "1"
		with self.assertRaises(NotAnEditor):
			doc.save()
		doc = frappe.get_doc("Student", doc.name)
		doc.duplicate_check_confirmed = 1
		doc.save()
		act("Student", doc.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student", doc.name, "status_label"), "Enrolled")

	def test_student_without_id_gets_a_j_number(self):
		doc = new_student(id_type="Z", id_number=None, no_id_reason="未落户", birth="2012-02-29", grade="11")
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		act("Student", doc.name, "Approve")
		number = frappe.db.get_value("Student", doc.name, "student_number")
		self.assertTrue(number.startswith("J99010120120229"), number)
		self.assertEqual(len(number), 19)


class TestIdentityAndDuplicates(XuejiTestCase):
	def test_bad_ids_are_named_in_chinese(self):
		data = student_data()
		data["id_number"] = data["id_number"][:17] + ("0" if data["id_number"][17] != "0" else "1")
		frappe.set_user(email("reg_a1"))
		with self.assertRaises(ResidentIdChecksumError) as ctx:
			frappe.get_doc(data).insert()
		self.assertIn("身份证件号", str(ctx.exception))
		self.assertIn("校验码", str(ctx.exception))
		with self.assertRaises(ResidentIdBirthMismatch):
			frappe.get_doc(student_data(date_of_birth="2019-03-16")).insert()
		with self.assertRaises(ResidentIdGenderMismatch) as ctx:
			frappe.get_doc(student_data(gender="2", id_number=factory.resident_id(male=True))).insert()
		self.assertIn("男", str(ctx.exception))

	def test_same_id_anywhere_is_a_duplicate_and_says_where(self):
		first = new_student()
		frappe.set_user(email("reg_c1"))
		with self.assertRaises(DuplicateStudent) as ctx:
			frappe.get_doc(student_data("C1", id_number=first.id_number.lower())).insert()
		message = str(ctx.exception)
		self.assertIn("甲市一区第一小学", message)
		self.assertNotIn(first.id_number, message)

	def test_without_id_name_gender_birth_is_the_key(self):
		new_student(id_type="Z", id_number=None, no_id_reason="未落户", student_name="王 小明", birth="2019-05-01")
		frappe.set_user(email("reg_c1"))
		with self.assertRaises(DuplicateStudent):
			frappe.get_doc(student_data("C1", id_type="Z", id_number=None, no_id_reason="x", student_name="王小明", birth="2019-05-01")).insert()
		frappe.get_doc(student_data("C1", id_type="Z", id_number=None, no_id_reason="x", student_name="王小明", birth="2019-05-02")).insert()

	def test_guardian_required(self):
		frappe.set_user(email("reg_a1"))
		data = student_data()
		data["guardians"][0]["is_guardian"] = 0
		with self.assertRaises(MissingGuardian):
			frappe.get_doc(data).insert()


class TestRecordLocks(XuejiTestCase):
	def registered(self):
		doc = new_student()
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		act("Student", doc.name, "Approve")
		frappe.set_user(email("reg_a1"))
		return frappe.get_doc("Student", doc.name)

	def test_key_data_locked_after_registration(self):
		doc = self.registered()
		doc.student_name = "改名"
		with self.assertRaises(KeyFieldLocked):
			doc.save()
		doc = frappe.get_doc("Student", doc.name)
		doc.phone = "13812345678"
		doc.current_address = "测试省甲市一区新家路2号"
		doc.save()
		self.assertEqual(frappe.db.get_value("Student", doc.name, "phone"), "13812345678")

	def test_status_only_through_cases(self):
		doc = self.registered()
		doc.status_label = "Graduated"
		with self.assertRaises(ServerOwnedField):
			doc.save()
		doc = frappe.get_doc("Student", doc.name)
		doc.school = school("B1")
		with self.assertRaises((PlacementLocked, frappe.PermissionError)):
			doc.save()

	def test_new_record_ignores_status_from_the_client(self):
		doc = new_student(status_label="Enrolled", on_roll=1, student_number="G110105194912310021")
		self.assertEqual((doc.status_label, doc.on_roll, doc.student_number), ("Pending Registration", 0, None))

	def test_only_platform_admin_deletes(self):
		doc = new_student()
		for user in ("reg_a1", "head_a1", "county_1", "province"):
			frappe.set_user(email(user))
			with self.assertRaises(frappe.PermissionError):
				frappe.delete_doc("Student", doc.name)
		self.assertTrue(frappe.db.exists("Student", doc.name))


class TestStudentScope(XuejiTestCase):
	VISIBLE = {
		"reg_a1": {"A1"},
		"head_a1": {"A1"},
		"reg_c1": {"C1"},
		"county_1": {"A1", "A2"},
		"county_2": {"B1"},
		"city_1": {"A1", "A2", "B1"},
		"city_2": {"C1"},
		"province": {"A1", "A2", "B1", "C1"},
	}

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.students = {}
		for key, grade in (("A1", "11"), ("A2", "31"), ("B1", "21"), ("C1", "11")):
			frappe.set_user("Administrator")
			doc = frappe.get_doc(student_data(key, grade=grade)).insert()
			cls.students[key] = doc.name
		frappe.db.commit()  # REST requests run on their own connection
		frappe.set_user("Administrator")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for name in cls.students.values():
			frappe.delete_doc("Student", name, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_get_list_and_document(self):
		mine = set(self.students.values())
		for user, keys in self.VISIBLE.items():
			frappe.set_user(email(user))
			seen = set(frappe.get_list("Student", pluck="name", limit_page_length=0)) & mine
			self.assertEqual(seen, {self.students[k] for k in keys}, user)
			for key, name in self.students.items():
				self.assertEqual(bool(frappe.get_doc("Student", name).has_permission("read")), key in keys, f"{user} {key}")

	def test_rest(self):
		mine = set(self.students.values())
		client = RestClient(email("county_1"))
		response = client.get("/api/resource/Student", query_string={"limit_page_length": 0})
		self.assertEqual({r["name"] for r in response.json["data"]} & mine, {self.students["A1"], self.students["A2"]})
		self.assertEqual(client.get(f"/api/resource/Student/{self.students['B1']}").status_code, 403)
		self.assertEqual(client.put(f"/api/resource/Student/{self.students['B1']}", json={"phone": "1"}).status_code, 403)
		self.assertEqual(client.get(f"/api/resource/Student/{self.students['A1']}").status_code, 200)
		registrar = RestClient(email("reg_a1"))
		self.assertEqual(registrar.get(f"/api/resource/Student/{self.students['C1']}").status_code, 403)
		response = registrar.put(f"/api/resource/Student/{self.students['A1']}", json={"registration_state": "Approved"})
		self.assertEqual(response.status_code, 417)
		self.assertEqual(frappe.db.get_value("Student", self.students["A1"], "registration_state"), "Draft")


class TestOverdueRegistrations(XuejiTestCase):
	def test_listed_per_scope(self):
		from xueji_app.student_roll.report.overdue_registrations.overdue_registrations import execute

		late_a1 = new_student(enrollment_date="2026-09-01")  # due 2026-10-01
		on_time = new_student(enrollment_date="2026-11-20")
		late_c1 = new_student("reg_c1", "C1", enrollment_date="2026-09-01")
		registered = new_student(enrollment_date="2026-09-01")
		act("Student", registered.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		act("Student", registered.name, "Approve")
		for user, expected, hidden in (("county_1", {late_a1.name}, {on_time.name, late_c1.name, registered.name}),
									   ("city_2", {late_c1.name}, {late_a1.name}),
									   ("province", {late_a1.name, late_c1.name}, {on_time.name, registered.name})):
			frappe.set_user(email(user))
			_columns, rows = execute({"as_of": "2026-11-23"})
			names = {r.name for r in rows}
			self.assertTrue(expected <= names, user)
			self.assertFalse(hidden & names, user)
		row = next(r for r in rows if r.name == late_a1.name)
		self.assertEqual(row.days_overdue, 53)


class TestConcurrentCreation(XuejiTestCase):
	"""Three registrars create the same child without an ID document at the same moment: one record, and the
	two others get the 查重 message (the database's unique key on 姓名 + 性别 + 出生日期 holds it)."""
	def test_three_creations_one_record(self):
		from xueji_app.tests.factory import student_data

		data = student_data("A1", id_type="Z", id_number=None, no_id_reason="未办理户籍", student_name="并发无证生" + frappe.generate_hash(length=4))

		def refusal(error):
			return "查重" if isinstance(error, DuplicateStudent) and "已在" in str(error) else repr(error)[:200]

		results = at_once(3, email("reg_a1"), lambda i: frappe.get_doc(dict(data)).insert(), refusal)
		frappe.db.rollback()
		names = frappe.get_all("Student", filters={"student_name": data["student_name"]}, pluck="name")
		try:
			self.assertEqual(len(names), 1)
			self.assertEqual(sorted(results), ["ok", "查重", "查重"])
		finally:
			frappe.set_user("Administrator")
			for name in names:
				frappe.delete_doc("Student", name, force=True, ignore_permissions=True)
			frappe.db.commit()
