"""The visibility and edit matrix of the four tiers, through get_list, REST and the document."""

from __future__ import annotations

import frappe

from xueji_app.rules.regions import RegionCodeFormatError, RegionCodeParentMismatch, RegionLevelError
from xueji_app.rules.schools import (
	AuthorityNotAncestor,
	SchoolCodeFormatError,
	SchoolCodeProvinceMismatch,
	SchoolRegionLevelError,
)
from xueji_app.rules.tiers import OfficerRegionLevelError
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.utils import RestClient, XuejiTestCase, ensure_year, server_message

ALL = {"A1", "A2", "A3", "B1", "C1", "P1"}
#: who sees which of the test province's schools
VISIBLE = {
	"reg_a1": {"A1"},
	"reg_a2": {"A2"},
	"head_a1": {"A1"},
	"head_a2": {"A2"},
	"reg_a3": {"A3"},
	"head_a3": {"A3"},
	"head_c1": {"C1"},
	"reg_c1": {"C1"},
	"county_1": {"A1", "A2", "A3"},  # A2 is city-run but sits in the county
	"county_2": {"B1"},
	"county_3": {"C1", "P1"},
	"city_1": {"A1", "A2", "A3", "B1"},
	"city_2": {"C1", "P1"},
	"province": ALL,
}
#: who may edit which school (the authority must lie in the officer's region)
EDITABLE = {
	"reg_a1": set(),
	"reg_a2": set(),
	"head_a1": set(),
	"head_a2": set(),
	"reg_a3": set(),
	"head_a3": set(),
	"head_c1": set(),
	"reg_c1": set(),
	"county_1": {"A1", "A3"},
	"county_2": {"B1"},
	"county_3": {"C1"},
	"city_1": {"A1", "A2", "A3", "B1"},
	"city_2": {"C1"},
	"province": ALL,
}


def codes(keys):
	return {school(k) for k in keys}


def test_schools():
	return codes(ALL)


class TestSchoolVisibility(XuejiTestCase):
	def test_get_list_per_tier(self):
		for key, expected in VISIBLE.items():
			frappe.set_user(email(key))
			seen = set(frappe.get_list("School", pluck="name", limit_page_length=0)) & test_schools()
			self.assertEqual(seen, codes(expected), key)

	def test_document_read_per_tier(self):
		for key, expected in VISIBLE.items():
			for other in ALL:
				doc = frappe.get_doc("School", school(other))
				allowed = doc.has_permission("read", user=email(key))
				self.assertEqual(bool(allowed), other in expected, f"{key} reading {other}")

	def test_document_write_per_tier(self):
		for key, expected in EDITABLE.items():
			for other in ALL:
				doc = frappe.get_doc("School", school(other))
				allowed = doc.has_permission("write", user=email(key))
				self.assertEqual(bool(allowed), other in expected, f"{key} writing {other}")

	def test_save_refused_outside_scope(self):
		frappe.set_user(email("county_1"))
		for other in ("B1", "A2"):  # another county's school; a city-run school in the county
			doc = frappe.get_doc("School", school(other))
			doc.phone = "0417-0000000"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		doc = frappe.get_doc("School", school("A1"))
		doc.phone = "0417-1234567"
		doc.save()
		self.assertEqual(frappe.db.get_value("School", school("A1"), "phone"), "0417-1234567")

	def test_county_cannot_promote_school_to_city_run(self):
		frappe.set_user(email("county_1"))
		doc = frappe.get_doc("School", school("A1"))
		doc.authority_region = "990100"
		with self.assertRaises(frappe.PermissionError):
			doc.save()

	def test_get_list_of_classes_follows_school_scope(self):
		frappe.set_user("Administrator")
		year = ensure_year()
		for key in ("A1", "B1"):
			frappe.get_doc(
				{"doctype": "School Class", "school": school(key), "academic_year": year, "stage": "Primary" if key == "A1" else "Junior",
				 "grade": "11" if key == "A1" else "21", "class_number": 1}
			).insert()
		for user, expected in (("reg_a1", {"A1"}), ("county_1", {"A1"}), ("county_2", {"B1"}), ("city_1", {"A1", "B1"})):
			frappe.set_user(email(user))
			seen = {r.school for r in frappe.get_list("School Class", fields=["school"], limit_page_length=0)}
			self.assertEqual(seen & test_schools(), codes(expected), user)




class TestSchoolREST(XuejiTestCase):
	"""The REST API as each logged-in user: the same scope as the desk."""
	def client_for(self, key):
		return RestClient(email(key))

	def test_list_per_tier(self):
		for key in ("reg_a1", "county_1", "city_2", "province"):
			client = self.client_for(key)
			response = client.get("/api/resource/School", query_string={"limit_page_length": 0})
			self.assertEqual(response.status_code, 200)
			seen = {row["name"] for row in response.json["data"]} & test_schools()
			self.assertEqual(seen, codes(VISIBLE[key]), key)

	def test_read_and_write_other_county_refused(self):
		client = self.client_for("county_1")
		self.assertEqual(client.get(f"/api/resource/School/{school('B1')}").status_code, 403)
		self.assertEqual(client.put(f"/api/resource/School/{school('B1')}", json={"phone": "1"}).status_code, 403)
		self.assertEqual(client.put(f"/api/resource/School/{school('A2')}", json={"phone": "1"}).status_code, 403)
		self.assertEqual(client.get(f"/api/resource/School/{school('A1')}").status_code, 200)
		self.assertEqual(client.get(f"/api/resource/School/{school('A2')}").status_code, 200)

	def test_school_staff_cannot_edit_their_school(self):
		client = self.client_for("reg_a1")
		self.assertEqual(client.get(f"/api/resource/School/{school('A1')}").status_code, 200)
		self.assertEqual(client.put(f"/api/resource/School/{school('A1')}", json={"phone": "1"}).status_code, 403)
		self.assertEqual(client.get(f"/api/resource/School/{school('C1')}").status_code, 403)

	def test_bad_school_code_over_rest_is_a_chinese_message(self):
		client = self.client_for("county_1")
		response = client.post(
			"/api/resource/School",
			json={"school_code": "2122000009", "school_name": "错误代码小学", "school_type": "Primary School", "region": "990101"},
		)
		self.assertEqual(response.status_code, 417)
		self.assertEqual(response.json["exc_type"], "SchoolCodeProvinceMismatch")
		self.assertIn("学校标识码«2122000009»", server_message(response))
		self.assertNotIn("Traceback", response.text)
		self.assertFalse(frappe.db.exists("School", "2122000009"))


class TestRegionTree(XuejiTestCase):
	def test_regions_are_public_but_edited_by_their_province_only(self):
		codes_ = {r[0] for r in factory.REGIONS}
		for key in ("reg_a1", "county_1", "city_2", "province"):
			frappe.set_user(email(key))
			seen = set(frappe.get_list("Administrative Region", pluck="name", limit_page_length=0))
			self.assertEqual(seen & codes_, codes_, key)
		region = frappe.get_doc("Administrative Region", "990101")
		self.assertTrue(region.has_permission("write", user=email("province")))
		for key in ("city_1", "county_1", "reg_a1"):
			self.assertFalse(region.has_permission("write", user=email(key)), key)

	def test_only_province_edits_the_tree(self):
		new_county = {"doctype": "Administrative Region", "region_code": "990103", "region_name": "甲市三区", "level": "County", "parent_administrative_region": "990100"}
		for key in ("city_1", "county_1", "reg_a1"):
			frappe.set_user(email(key))
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(dict(new_county)).insert()
		frappe.set_user(email("city_1"))
		with self.assertRaises(frappe.PermissionError):
			doc = frappe.get_doc("Administrative Region", "990101")
			doc.bureau_name = "x"
			doc.save()

	def test_new_county_visible_to_city_at_once(self):
		frappe.set_user(email("city_1"))
		before = set(frappe.get_list("Administrative Region", pluck="name", limit_page_length=0))  # fills the cache
		self.assertNotIn("990103", before)
		frappe.set_user(email("province"))
		frappe.get_doc({"doctype": "Administrative Region", "region_code": "990103", "region_name": "甲市三区", "level": "County", "parent_administrative_region": "990100"}).insert()
		frappe.get_doc({"doctype": "School", "school_code": "2199000103", "school_name": "甲市三区第一小学", "school_type": "Primary School", "region": "990103"}).insert()
		frappe.set_user(email("city_1"))
		self.assertIn("990103", frappe.get_list("Administrative Region", pluck="name", limit_page_length=0))
		self.assertIn("2199000103", frappe.get_list("School", pluck="name", limit_page_length=0))
		self.assertTrue(frappe.get_doc("School", "2199000103").has_permission("write"))
		frappe.set_user(email("city_2"))
		self.assertNotIn("2199000103", frappe.get_list("School", pluck="name", limit_page_length=0))


class TestBadInput(XuejiTestCase):
	"""Each refusal names the field and the rule in Chinese, and nothing is saved."""
	def assert_refused(self, doc: dict, exc, *fragments):
		with self.assertRaises(exc) as ctx:
			frappe.get_doc(doc).insert()
		for fragment in fragments:
			self.assertIn(fragment, str(ctx.exception))
		return ctx.exception

	def test_region_code_not_six_digits(self):
		self.assert_refused(
			{"doctype": "Administrative Region", "region_code": "99011", "region_name": "坏", "level": "County", "parent_administrative_region": "990100"},
			RegionCodeFormatError, "行政区划代码", "6位",
		)
		self.assertFalse(frappe.db.exists("Administrative Region", "99011"))

	def test_region_code_not_under_parent(self):
		self.assert_refused(
			{"doctype": "Administrative Region", "region_code": "990205", "region_name": "坏", "level": "County", "parent_administrative_region": "990100"},
			RegionCodeParentMismatch, "行政区划代码", "990100",
		)
		self.assertFalse(frappe.db.exists("Administrative Region", "990205"))

	def test_region_level_under_wrong_parent(self):
		self.assert_refused(
			{"doctype": "Administrative Region", "region_code": "990109", "region_name": "坏", "level": "County", "parent_administrative_region": "990000"},
			RegionLevelError, "上级区划",
		)

	def test_school_code_malformed(self):
		self.assert_refused(
			{"doctype": "School", "school_code": "21990001", "school_name": "坏", "school_type": "Primary School", "region": "990101"},
			SchoolCodeFormatError, "学校标识码", "10位",
		)

	def test_school_code_other_province(self):
		self.assert_refused(
			{"doctype": "School", "school_code": "2121000999", "school_name": "坏", "school_type": "Primary School", "region": "990101"},
			SchoolCodeProvinceMismatch, "学校标识码", "99",
		)
		self.assertFalse(frappe.db.exists("School", "2121000999"))

	def test_school_authority_not_ancestor(self):
		self.assert_refused(
			{"doctype": "School", "school_code": "2199000999", "school_name": "坏", "school_type": "Primary School", "region": "990101", "authority_region": "990200"},
			AuthorityNotAncestor, "学籍主管部门",
		)
		self.assertFalse(frappe.db.exists("School", "2199000999"))

	def test_school_region_must_be_county(self):
		self.assert_refused(
			{"doctype": "School", "school_code": "2199000998", "school_name": "坏", "school_type": "Primary School", "region": "990100"},
			SchoolRegionLevelError, "所在区县",
		)

	def test_officer_region_of_wrong_level(self):
		factory.ensure_user("xj-bad-officer@test.xueji.invalid", "bad")
		self.assert_refused(
			{"doctype": "Roll Officer", "user": "xj-bad-officer@test.xueji.invalid", "tier": "County Bureau", "region": "990100"},
			OfficerRegionLevelError, "所辖区划", "区县",
		)
		self.assertFalse(frappe.db.exists("Roll Officer", "xj-bad-officer@test.xueji.invalid"))
		self.assertNotIn("County Bureau Officer", frappe.get_roles("xj-bad-officer@test.xueji.invalid"))
