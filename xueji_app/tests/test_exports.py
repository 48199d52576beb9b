"""Exports through the desk's own endpoints over REST: refused without export permission, logged with
user, filters and row count when allowed, and the log reviewable by the bureaus of the region only."""

from __future__ import annotations

import json

import frappe

from xueji_app.tests.factory import email
from xueji_app.tests.utils import RestClient, XuejiTestCase

FIELDS = json.dumps(["`tabStudent`.`name`", "`tabStudent`.`student_name`", "`tabStudent`.`school`"])


def set_may_export(user: str, value: int) -> None:
	frappe.set_user("Administrator")
	officer = frappe.get_doc("Roll Officer", email(user))
	officer.may_export = value
	officer.save(ignore_permissions=True)
	frappe.db.commit()


class TestExports(XuejiTestCase):
	def tearDown(self):
		set_may_export("county_1", 0)
		super().tearDown()

	def export_students(self, client: RestClient):
		return client.post(
			"/api/method/frappe.desk.reportview.export_query",
			data={"doctype": "Student", "file_format_type": "Excel", "fields": FIELDS, "filters": "[]", "title": "Student"},
		)

	def last_log(self, user: str):
		frappe.db.rollback()
		return frappe.get_all("Export Log", filters={"user": email(user)}, fields=["*"], order_by="creation desc", limit=1)

	def test_export_needs_the_permission_and_is_logged(self):
		before = len(frappe.get_all("Export Log", filters={"user": email("county_1")}))
		response = self.export_students(RestClient(email("county_1")))
		self.assertEqual(response.status_code, 403)
		self.assertEqual(len(frappe.get_all("Export Log", filters={"user": email("county_1")})), before)

		set_may_export("county_1", 1)
		self.assertIn("Roll Data Exporter", frappe.get_roles(email("county_1")))
		client = RestClient(email("county_1"))
		response = self.export_students(client)
		self.assertEqual(response.status_code, 200, response.get_data()[:300])
		frappe.set_user(email("county_1"))
		visible = len(frappe.get_list("Student", limit_page_length=0))
		frappe.set_user("Administrator")
		log = self.last_log("county_1")[0]
		self.assertEqual((log.export_type, log.reference_doctype, log.region, log.file_format), ("Report Builder", "Student", "990101", "Excel"))
		self.assertEqual(log.row_count, visible)
		self.assertEqual(visible, frappe.db.count("Student", {"region": "990101"}))  # the county's students only

		# a script report's download, same scope as on screen
		response = client.post(
			"/api/method/frappe.desk.query_report.export_query",
			data={"report_name": "Enrollment Statistics", "file_format_type": "Excel", "filters": json.dumps({"breakdown": "Gender"}),
				  "visible_idx": "[]"},
		)
		self.assertEqual(response.status_code, 200, response.get_data()[:300])
		log = self.last_log("county_1")[0]
		self.assertEqual((log.export_type, log.report_name), ("Script Report", "Enrollment Statistics"))
		self.assertEqual(log.row_count, 4)  # three schools and the total row
		self.assertIn("Gender", log.filters)

		# who may read the log: the county's city, not another county
		for user, sees in (("city_1", True), ("province", True), ("county_3", False), ("city_2", False)):
			frappe.set_user(email(user))
			self.assertEqual(log.name in frappe.get_list("Export Log", pluck="name"), sees, user)
		response = RestClient(email("county_3")).get(f"/api/resource/Export Log/{log.name}")
		self.assertEqual(response.status_code, 403)
