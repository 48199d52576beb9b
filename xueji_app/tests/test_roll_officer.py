"""Roll Officer grants and takes back roles and User Permissions; appointments stay inside the scope."""

from __future__ import annotations

import frappe

from xueji_app.rules.tiers import OfficerAppointmentOutOfScope
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.utils import RestClient, XuejiTestCase

NEW = "xj-new-officer@test.xueji.invalid"


def user_permissions(user):
	return {(p.allow, p.for_value) for p in frappe.get_all("User Permission", filters={"user": user}, fields=["allow", "for_value"])}


class TestRollOfficer(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		factory.ensure_user(NEW, "new")
		frappe.db.commit()  # each test rolls back: the user must outlive the first one (the module alone passes too)

	def setUp(self):
		super().setUp()
		if frappe.db.exists("Roll Officer", NEW):
			frappe.delete_doc("Roll Officer", NEW)

	def test_grant_and_take_back(self):
		officer = frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "School Registrar", "school": school("B1")}).insert()
		self.assertEqual(officer.region, "990102")  # derived from the school
		self.assertIn("School Registrar", frappe.get_roles(NEW))
		self.assertEqual(user_permissions(NEW), {("School", school("B1"))})

		officer.tier, officer.region = "County Bureau", "990102"
		officer.save()
		self.assertNotIn("School Registrar", frappe.get_roles(NEW))
		self.assertIn("County Bureau Officer", frappe.get_roles(NEW))
		self.assertEqual(user_permissions(NEW), {("Administrative Region", "990102")})
		self.assertIsNone(officer.school)

		officer.enabled = 0
		officer.save()
		self.assertNotIn("County Bureau Officer", frappe.get_roles(NEW))
		self.assertEqual(user_permissions(NEW), set())

		officer.enabled = 1
		officer.save()
		officer.delete()
		self.assertNotIn("County Bureau Officer", frappe.get_roles(NEW))
		self.assertEqual(user_permissions(NEW), set())

	def test_county_appoints_inside_its_county_only(self):
		frappe.set_user(email("county_1"))
		with self.assertRaises(OfficerAppointmentOutOfScope):
			frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "School Registrar", "school": school("B1")}).insert()
		# a region outside the county is refused by the scope itself, before the appointment rule
		with self.assertRaises((OfficerAppointmentOutOfScope, frappe.PermissionError)):
			frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "City Bureau", "region": "990100"}).insert()
		with self.assertRaises(OfficerAppointmentOutOfScope):
			frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "City Bureau", "region": "990101"}).insert()
		self.assertFalse(frappe.db.exists("Roll Officer", NEW))
		frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "School Head", "school": school("A1")}).insert()
		self.assertIn("School Head", frappe.get_roles(NEW))

	def test_officer_list_is_scoped(self):
		frappe.set_user(email("county_1"))
		seen = set(frappe.get_list("Roll Officer", pluck="name", limit_page_length=0))
		self.assertEqual(seen, {email(k) for k in ("reg_a1", "reg_a2", "reg_a3", "head_a1", "head_a2", "head_a3", "county_1", "exp_1")})
		frappe.set_user(email("city_2"))
		seen = set(frappe.get_list("Roll Officer", pluck="name", limit_page_length=0))
		self.assertEqual(seen, {email(k) for k in ("reg_c1", "head_c1", "county_3", "city_2")})

	def test_no_officer_makes_a_colleague_of_their_own_tier(self):
		"""分级授权: each tier appoints only the tiers below it, never its own."""
		for appointer, tier, region in (("county_1", "County Bureau", "990101"), ("city_1", "City Bureau", "990100")):
			frappe.set_user(email(appointer))
			with self.assertRaises(OfficerAppointmentOutOfScope, msg=appointer):
				frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": tier, "region": region}).insert()
			frappe.set_user("Administrator")
			self.assertFalse(frappe.db.exists("Roll Officer", NEW))
		frappe.set_user(email("city_1"))
		officer = frappe.get_doc({"doctype": "Roll Officer", "user": NEW, "tier": "County Bureau", "region": "990101"}).insert()
		self.assertEqual(officer.tier, "County Bureau")

	def test_county_cannot_raise_a_registrar_to_its_own_tier_over_rest(self):
		"""PUT Roll Officer {"tier": "County Bureau"} on a registrar of the county: refused, nothing changed."""
		stored = frappe.db.get_value("Roll Officer", email("reg_a1"), ["tier", "school", "region"], as_dict=True)
		client = RestClient(email("county_1"))
		response = client.put(f"/api/resource/Roll Officer/{email('reg_a1')}",
							  json={"tier": "County Bureau", "region": "990101", "school": None})
		self.assertIn(response.status_code, (403, 417), response.text[:300])
		self.assertNotIn("Traceback", response.text)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Roll Officer", email("reg_a1"), ["tier", "school", "region"], as_dict=True), stored)
		self.assertNotIn("County Bureau Officer", frappe.get_roles(email("reg_a1")))

	def test_county_cannot_remove_city_officer(self):
		frappe.set_user(email("county_1"))
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("Roll Officer", email("city_1"))
		self.assertTrue(frappe.db.exists("Roll Officer", email("city_1")))

	def test_hand_edit_of_user_permission_refused(self):
		frappe.set_user("Administrator")
		name = frappe.db.get_value("User Permission", {"user": email("county_1"), "allow": "Administrative Region"})
		self.assertTrue(name)
		guard_user = "xj-sysmgr@test.xueji.invalid"
		factory.ensure_user(guard_user, "sysmgr")
		frappe.get_doc("User", guard_user).add_roles("System Manager")
		frappe.set_user(guard_user)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("User Permission", name)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "User Permission", "user": email("county_1"), "allow": "Administrative Region", "for_value": "990102"}).insert()
