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


class TestExportFile(XuejiTestCase):
	"""The exported file read back: each row once, 序号 as the first header, names instead of codes (#16)."""

	def tearDown(self):
		set_may_export("county_1", 0)
		super().tearDown()

	def test_rows_headers_and_labels(self):
		import io

		from openpyxl import load_workbook

		set_may_export("county_1", 1)
		client = RestClient(email("county_1"))
		fields = json.dumps(["`tabStudent`.`name`", "`tabStudent`.`student_name`", "`tabStudent`.`gender`", "`tabStudent`.`school`",
							 "`tabStudent`.`grade`", "`tabStudent`.`is_only_child`"])
		response = client.post("/api/method/frappe.desk.reportview.export_query", data={
			"doctype": "Student", "file_format_type": "Excel", "fields": fields, "filters": "[]", "title": "Student",
			"translate_values": "1", "order_by": "`tabStudent`.`name` asc"})
		self.assertEqual(response.status_code, 200, response.get_data()[:300])
		sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
		table = [list(r) for r in sheet.iter_rows(values_only=True)]
		frappe.set_user(email("county_1"))
		expected = frappe.get_list("Student", fields=["name", "student_name", "gender", "school", "grade", "is_only_child"],
								   order_by="name asc", limit_page_length=0)
		frappe.set_user("Administrator")
		self.assertEqual(table[0][:4], ["序号", "编号", "姓名", "性别"])
		self.assertEqual(len(table) - 1, len(expected))  # each row once
		self.assertEqual([r[0] for r in table[1:]], list(range(1, len(expected) + 1)))
		schools = dict(frappe.get_all("School", fields=["name", "school_name"], as_list=True))
		grades = dict(frappe.get_all("Grade", fields=["name", "grade_name"], as_list=True))
		for row, student in zip(table[1:], expected, strict=True):
			self.assertEqual(row[1:3], [student.name, student.student_name])
			self.assertEqual(row[3], {"1": "男", "2": "女"}[student.gender])
			self.assertEqual(row[4], schools[student.school])
			self.assertEqual(row[5], grades[student.grade])
			self.assertEqual(row[6], "是" if student.is_only_child else "否")
		log = frappe.get_all("Export Log", filters={"user": email("county_1")}, fields=["row_count"], order_by="creation desc", limit=1)
		self.assertEqual(log[0].row_count, len(expected))
