"""延缓入学 (LN 第四条) on a 站前区 primary school: the school records the guardians' written application on a
first-grader's record not yet on the roll, its head agrees, and the record leaves the overdue registrations until
the deferral has ended (then it falls due as after an entry that day). Not committed."""

from __future__ import annotations

import frappe

from xueji_app.rules.access import ServerOwnedField
from xueji_app.rules.chains import PartyMismatch
from xueji_app.rules.deferral import DeferralApplicationMissing, DeferralNotApplied, DeferralNotPending, registration_due_after
from xueji_app.services.roll.deferral import apply_deferral, decide_deferral
from xueji_app.student_roll.report.overdue_registrations.overdue_registrations import execute as overdue
from xueji_app.tests import factory
from xueji_app.tests.factory import email
from xueji_app.tests.test_roll_change import registered
from xueji_app.tests.utils import PolicyTestCase


def overdue_names(user: str, as_of: str | None = None) -> set[str]:
	frappe.set_user(email(user))
	return {row.name for row in overdue({"as_of": as_of} if as_of else {})[1]}


class TestEnrollmentDeferral(PolicyTestCase):
	def new_pupil(self):
		frappe.set_user(email("reg_y1"))
		return frappe.get_doc(factory.student_data("Y1", grade="11", enrollment_date="2026-09-01",
												   birthplace_code="210802", household_region_code="210802")).insert()

	def test_the_school_records_the_head_agrees_and_the_overdue_list_waits(self):
		child = self.new_pupil()
		self.assertIn(child.name, overdue_names("county_y"))  # due a month after entry, in October
		frappe.set_user(email("reg_y1"))
		application = factory.upload("延缓入学申请.jpg")
		with self.assertRaises(DeferralApplicationMissing):
			apply_deferral(child.name, "2027-03-01", "因病住院治疗", "")
		self.assertEqual(apply_deferral(child.name, "2027-03-01", "因病住院治疗", application), "Applied")
		with self.assertRaises(DeferralNotPending):  # one application at a time
			apply_deferral(child.name, "2027-03-01", "因病住院治疗", application)
		# the school head decides: not its registrar, not another school's head
		for user in ("reg_y1", "head_a1"):
			frappe.set_user(email(user))
			with self.assertRaises((PartyMismatch, frappe.PermissionError)):
				decide_deferral(child.name, "Approve")
		frappe.set_user(email("head_y1"))
		self.assertEqual(decide_deferral(child.name, "Approve", "同意"), "Approved")
		with self.assertRaises(DeferralNotApplied):
			decide_deferral(child.name, "Approve")
		stored = frappe.get_doc("Student", child.name)
		self.assertEqual(str(stored.registration_due_date), str(registration_due_after(frappe.utils.getdate("2027-03-01"))))
		# a save of the record keeps the deferral's due date
		frappe.set_user(email("reg_y1"))
		stored.current_address = "营口市站前区新兴街1号"
		stored.save()
		self.assertEqual(str(frappe.db.get_value("Student", child.name, "registration_due_date")), str(stored.registration_due_date))
		# out of the overdue registrations while the deferral runs, back in once it is over and nothing was done
		self.assertNotIn(child.name, overdue_names("county_y"))
		self.assertIn(child.name, overdue_names("county_y", as_of="2027-05-01"))

	def test_only_a_child_not_yet_on_the_roll_and_only_through_the_service(self):
		on_roll = registered("Y1", grade="11", registrar="reg_y1", approver="county_y")
		frappe.set_user(email("reg_y1"))
		with self.assertRaises(DeferralNotPending):
			apply_deferral(on_roll.name, "2027-03-01", "因病住院治疗", factory.upload("申请.jpg"))
		child = self.new_pupil()
		doc = frappe.get_doc("Student", child.name)
		doc.deferral_state, doc.deferred_until = "Approved", "2027-06-01"
		with self.assertRaises(ServerOwnedField) as refused:  # the deferral fields are the service's own
			doc.save()
		self.assertIn("延缓入学状态", str(refused.exception))
		self.assertFalse(frappe.db.get_value("Student", child.name, "deferral_state"))
		# another school's registrar cannot record one for this school's child
		frappe.set_user(email("reg_a1"))
		with self.assertRaises((PartyMismatch, frappe.PermissionError)):
			apply_deferral(child.name, "2027-03-01", "因病住院治疗", factory.upload("申请.jpg"))
