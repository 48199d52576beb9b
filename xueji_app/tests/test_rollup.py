"""The enrollment rollup equals a fresh count of the Student table after every path that moves a student, and
the nightly reconciliation finds, logs and corrects a counter that went wrong."""

from __future__ import annotations

import frappe

from xueji_app.rules import rollup as rules
from xueji_app.services.cases.workflow import act
from xueji_app.services.roll import rollup
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_info_change import change_request
from xueji_app.tests.test_roll_change import HOSPITAL, approve_all, filed, registered
from xueji_app.tests.test_student_import import row, workbook
from xueji_app.tests.test_transfer import transfer
from xueji_app.tests.test_year_end import YearEndCase, confirm, new_run, pupil

COUNTIES = ("990101", "990102", "990201", "210802")


class TestRollupFollowsEveryPath(YearEndCase):
	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		# other tests write students in SQL on purpose (a broken ID, a missing phone): start from true counters
		rollup.refresh_schools(frappe.get_all("School", filters={"region": ["in", COUNTIES]}, pluck="name"))

	def assertReconciles(self, path: str) -> None:
		user = frappe.session.user
		frappe.set_user("Administrator")
		for county in COUNTIES:
			self.assertEqual(rules.differences(*rollup.compare(county)), [], f"{path}: {county}")
		frappe.set_user(user)

	def on_roll(self, school_code: str) -> int:
		return rollup.students_on_roll(f"c.school = {frappe.db.escape(school_code)}")

	def test_every_path(self):
		before = self.on_roll(school("A1"))
		frappe.set_user(email("reg_a1"))
		draft = frappe.get_doc(factory.student_data("A1", grade="13", enrollment_date="2024-09-01")).insert()
		self.assertReconciles("a new record")
		frappe.set_user("Administrator")
		draft.delete()
		self.assertReconciles("a record deleted")

		student = registered()  # submitted and approved
		self.assertReconciles("registration")
		self.assertEqual(self.on_roll(school("A1")), before + 1)

		frappe.set_user(email("reg_a1"))
		doc = frappe.get_doc("Student", student.name)
		doc.left_behind = "2"
		doc.inclusive_education = "1"
		doc.save()
		self.assertReconciles("an edit of the record")

		request = change_request(student.name, [("Gender", "2"), ("ID Number", factory.resident_id(str(student.date_of_birth).replace("-", ""), male=False))])
		act("Student Info Change", request.name, "Submit for Approval")
		approve_all(request.name, doctype="Student Info Change")
		self.assertEqual(frappe.db.get_value("Student", student.name, "gender"), "2")
		self.assertReconciles("an info change")

		case = filed(student.name, "Suspension", reason="Illness", evidence=[HOSPITAL])
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name)
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Suspended")
		self.assertReconciles("a roll change")

		moving = registered()
		case = transfer(moving.name, "C1", "reg_c1")
		act("Student Transfer", case.name, "Submit for Approval")
		for user in ("head_c1", "county_3", "head_a1", "county_1"):
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student", moving.name, "school"), school("C1"))
		self.assertReconciles("a transfer between counties")

		pupils = [pupil(grade="11"), pupil(grade="16")]
		run = confirm(new_run())
		self.assertEqual(frappe.db.get_value("Student", pupils[0].name, "grade"), "12")
		self.assertReconciles("a year-end run")
		frappe.set_user(email("county_1"))
		act("Year-End Run", run.name, "Reverse")
		self.assertReconciles("a year-end run reversed")

		frappe.set_user(email("reg_a1"))
		content = workbook([row(), row(), row(民族="火星族")])
		sheet = frappe.get_doc({"doctype": "File", "file_name": "students.xlsx", "content": content, "is_private": 1}).insert()
		imported = frappe.get_doc({"doctype": "Student Import", "import_file": sheet.file_url}).insert()
		self.assertEqual(imported.import_valid_rows()["created"], 2)
		self.assertReconciles("an import")

		copy = registered()
		frappe.db.set_value("Student", copy.name, "id_number", student.id_number)  # the duplicate a bureau deletes
		frappe.set_user(email("county_1"))
		frappe.get_doc({"doctype": "Problem Resolution", "student": copy.name, "problem": "Duplicate ID", "resolution": "Delete"}).insert().submit()
		self.assertEqual(frappe.db.get_value("Student", copy.name, "status_label"), "Cancelled")
		self.assertReconciles("a problem resolved by deletion")


class TestReconciliation(YearEndCase):
	def test_a_wrong_counter_is_found_logged_and_corrected(self):
		frappe.set_user("Administrator")
		registered()
		frappe.set_user("Administrator")
		rollup.reconcile("990101")
		clean = frappe.get_last_doc("Enrollment Reconciliation", filters={"region": "990101"})
		self.assertEqual((clean.difference_count, clean.repaired), (0, 0))
		self.assertGreater(clean.students, 0)

		counter = frappe.db.get_value("Enrollment Count", {"region": "990101", "dimension": "ethnicity", "student_count": [">", 0]},
									  ["name", "student_count", "school", "value"], as_dict=True)
		frappe.db.sql("update `tabEnrollment Count` set student_count = student_count + 5 where name = %s", counter.name)
		found = frappe.get_doc("Enrollment Reconciliation", rollup.reconcile("990101"))
		self.assertEqual((found.difference_count, found.repaired), (1, 1))
		self.assertEqual((found.differences[0].school, found.differences[0].value, found.differences[0].recorded, found.differences[0].counted),
						 (counter.school, counter.value, counter.student_count + 5, counter.student_count))
		self.assertEqual(frappe.db.get_value("Enrollment Count", counter.name, "student_count"), counter.student_count)
		self.assertEqual(rules.differences(*rollup.compare("990101")), [])

		# the county and the bureaus above it read the log; another county does not, a school not at all
		for user, sees in (("county_1", True), ("city_1", True), ("province", True), ("county_3", False)):
			frappe.set_user(email(user))
			self.assertEqual(found.name in frappe.get_list("Enrollment Reconciliation", pluck="name"), sees, user)
			self.assertEqual(bool(frappe.get_doc("Enrollment Reconciliation", found.name).has_permission("read")), sees, user)
		frappe.set_user(email("reg_a1"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Enrollment Reconciliation")
		frappe.set_user(email("county_1"))
		with self.assertRaises(frappe.PermissionError):  # the counters are the system's
			frappe.get_list("Enrollment Count")
