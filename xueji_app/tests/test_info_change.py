"""Key-data change: school head then authority, 查重 on the new values, one open case per student."""

from __future__ import annotations

import frappe

from xueji_app.rules.chains import PartyMismatch, RejectionReasonRequired
from xueji_app.rules.eligibility import OpenCaseExists
from xueji_app.rules.identity import DuplicateStudent, ResidentIdBirthMismatch
from xueji_app.rules.student import StudentNotRegistered
from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import email, student_data
from xueji_app.tests.utils import XuejiTestCase, at_once


def registered_student(**values):
	frappe.set_user(email("reg_a1"))
	doc = frappe.get_doc(student_data("A1", **values)).insert()
	act("Student", doc.name, "Submit for Approval")
	frappe.set_user(email("county_1"))
	act("Student", doc.name, "Approve")
	frappe.set_user(email("reg_a1"))
	return frappe.get_doc("Student", doc.name)


def change_request(student, items, user="reg_a1"):
	frappe.set_user(email(user))
	return frappe.get_doc(
		{"doctype": "Student Info Change", "student": student, "reason": "户口簿更正", "evidence": factory.upload("hukou-copy.jpg"),
		 "items": [{"field_label": label, "new_value": value} for label, value in items]}
	).insert()


class TestInfoChange(XuejiTestCase):
	def test_name_change_end_to_end(self):
		student = registered_student()
		request = change_request(student.name, [("Student Name", "李新名")])
		self.assertEqual(request.items[0].old_value, student.student_name)
		act("Student Info Change", request.name, "Submit for Approval")
		self.assertTrue(frappe.db.get_value("Student", student.name, "has_open_case"))
		frappe.set_user(email("county_1"))  # the head's step comes first
		with self.assertRaises(PartyMismatch):
			act("Student Info Change", request.name, "Approve")
		frappe.set_user(email("head_a1"))
		act("Student Info Change", request.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student", student.name, "student_name"), student.student_name)
		frappe.set_user(email("county_1"))
		act("Student Info Change", request.name, "Approve")
		student.reload()
		self.assertEqual(student.student_name, "李新名")
		self.assertFalse(student.has_open_case)
		self.assertEqual(student.history[-1].event_type, "Key Data Change")
		self.assertIn("李新名", student.history[-1].detail)

	def test_j_number_becomes_g_and_the_old_is_kept(self):
		student = registered_student(id_type="Z", id_number=None, no_id_reason="未落户", birth="2019-03-15")
		old = student.student_number
		new_id = factory.resident_id("20190315")
		request = change_request(student.name, [("ID Document Type", "1"), ("ID Number", new_id)])
		act("Student Info Change", request.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Student Info Change", request.name, "Approve")
		frappe.set_user(email("county_1"))
		act("Student Info Change", request.name, "Approve")
		student.reload()
		self.assertEqual(student.student_number, "G" + new_id)
		self.assertIn(old, student.former_student_numbers)

	def test_duplicate_id_refused_at_filing(self):
		other = registered_student()
		student = registered_student()
		request = change_request(student.name, [("ID Number", other.id_number)])
		with self.assertRaises(DuplicateStudent):
			act("Student Info Change", request.name, "Submit for Approval")
		self.assertEqual(frappe.db.get_value("Student Info Change", request.name, "change_state"), "Draft")
		self.assertFalse(frappe.db.get_value("Student", student.name, "has_open_case"))

	def test_new_birth_date_must_match_the_id(self):
		student = registered_student()
		request = change_request(student.name, [("Date of Birth", "2019-04-01")])
		with self.assertRaises(ResidentIdBirthMismatch):
			act("Student Info Change", request.name, "Submit for Approval")

	def test_one_open_case_and_withdraw(self):
		student = registered_student()
		first = change_request(student.name, [("Student Name", "甲")])
		second = change_request(student.name, [("Student Name", "乙")])
		act("Student Info Change", first.name, "Submit for Approval")
		with self.assertRaises(OpenCaseExists):
			act("Student Info Change", second.name, "Submit for Approval")
		act("Student Info Change", first.name, "Withdraw")
		self.assertFalse(frappe.db.get_value("Student", student.name, "has_open_case"))
		act("Student Info Change", second.name, "Submit for Approval")

	def test_rejection_by_head_needs_reason_and_can_be_refiled(self):
		student = registered_student()
		request = change_request(student.name, [("Student Name", "丙")])
		act("Student Info Change", request.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		with self.assertRaises(RejectionReasonRequired):
			act("Student Info Change", request.name, "Reject")
		act("Student Info Change", request.name, "Reject", "证明材料不全")
		self.assertEqual(frappe.db.get_value("Student Info Change", request.name, "change_state"), "Rejected")
		frappe.set_user(email("reg_a1"))
		act("Student Info Change", request.name, "Resubmit")
		self.assertEqual(frappe.db.get_value("Student Info Change", request.name, "change_state"), "Pending School Head Review")

	def test_other_county_cannot_approve(self):
		student = registered_student()
		request = change_request(student.name, [("Student Name", "丁")])
		act("Student Info Change", request.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Student Info Change", request.name, "Approve")
		frappe.set_user(email("county_2"))
		with self.assertRaises(frappe.PermissionError):
			act("Student Info Change", request.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student Info Change", request.name, "change_state"), "Pending Authority Approval")

	def test_unregistered_student_is_refused(self):
		frappe.set_user(email("reg_a1"))
		draft = frappe.get_doc(student_data("A1")).insert()
		with self.assertRaises(StudentNotRegistered):
			change_request(draft.name, [("Student Name", "戊")])


class TestConcurrentFiling(XuejiTestCase):
	"""Two registrars file for the same student at the same moment: exactly one case opens."""
	def test_two_filings_one_case(self):
		student = registered_student()
		requests = [change_request(student.name, [("Student Name", n)]).name for n in ("并发甲", "并发乙")]
		frappe.db.commit()
		results = at_once(2, email("reg_a1"), lambda i: act("Student Info Change", requests[i], "Submit for Approval"),
						  lambda error: "refused" if isinstance(error, OpenCaseExists) else repr(error))
		self.assertEqual(sorted(results), ["ok", "refused"])
		frappe.db.rollback()
		states = [frappe.db.get_value("Student Info Change", n, "change_state") for n in requests]
		self.assertEqual(sorted(states), ["Draft", "Pending School Head Review"])
		# clean up what the threads committed
		frappe.set_user("Administrator")
		for n in requests:
			frappe.delete_doc("Student Info Change", n, force=True)
		frappe.delete_doc("Student", student.name, force=True)
		frappe.db.commit()
