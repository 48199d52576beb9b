"""Bureau oversight: every report's numbers against counts computed here independently, per tier scope;
problem records and their resolutions; the semester data check; the approval list API."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, today

from xueji_app.rules.chains import RejectionReasonRequired
from xueji_app.rules.problems import (
	DataCheckConfirmedAlready,
	DataCheckOpenProblems,
	ProblemAlreadyResolved,
	ResolutionDeleteNotAuthority,
	ResolutionEvidenceMissing,
	ResolutionNotAllowed,
)
from xueji_app.services.cases import approvals
from xueji_app.services.cases.workflow import act
from xueji_app.services.outputs import dashboard, oversight
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_roll_change import filed, registered
from xueji_app.tests.utils import XuejiTestCase

REGION = "Administrative Region"


def subtree(region: str) -> list[str]:
	lft, rgt = frappe.db.get_value(REGION, region, ["lft", "rgt"])
	return frappe.get_all(REGION, filters={"lft": [">=", lft], "rgt": ["<=", rgt]}, pluck="name")


def on_roll(**filters) -> int:
	frappe.set_user("Administrator")
	return len(frappe.get_all("Student", filters={"on_roll": 1, **filters}, pluck="name"))


class TestEnrollmentStatistics(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()
		registered("A1", gender="2")
		registered("A1")
		registered("A3", registrar="reg_a3")
		registered("C1", registrar="reg_c1", approver="county_3")
		frappe.set_user("Administrator")

	def by_node(self, user: str, **filters) -> dict:
		frappe.set_user(email(user))
		columns, rows, chart = oversight.enrollment_statistics(filters)
		self.assertEqual(rows[-1]["total"], sum(r["total"] for r in rows[:-1]))
		self.assertTrue(chart["data"]["labels"])
		return {r["node_name"]: r for r in rows[:-1]}, columns

	def test_province_sees_its_cities(self):
		rows, _columns = self.by_node("province")
		self.assertEqual(set(rows), {"990100", "990200"})
		for city in ("990100", "990200"):
			self.assertEqual(rows[city]["total"], on_roll(region=["in", subtree(city)]))

	def test_county_sees_its_schools_by_sex(self):
		rows, columns = self.by_node("county_1", breakdown="Gender")
		self.assertEqual(set(rows), {school("A1"), school("A2"), school("A3")})
		female = next(c["fieldname"] for c in columns if c["label"] == "女")
		for key in ("A1", "A3"):
			self.assertEqual(rows[school(key)]["total"], on_roll(school=school(key)))
			self.assertEqual(rows[school(key)][female], on_roll(school=school(key), gender="2"))
		self.assertGreaterEqual(rows[school("A1")]["total"], 2)

	def test_drill_down_from_city_to_county(self):
		rows, _columns = self.by_node("city_1", region="990101")
		self.assertIn(school("A1"), rows)
		rows, _columns = self.by_node("city_1")
		self.assertEqual(set(rows), {"990101", "990102"})

	def test_school_sees_its_grades(self):
		rows, _columns = self.by_node("head_a1", breakdown="Stage")
		self.assertEqual(sum(r["total"] for r in rows.values()), on_roll(school=school("A1")))

	def test_outside_scope_refused(self):
		frappe.set_user(email("county_1"))
		with self.assertRaises(frappe.PermissionError):
			oversight.enrollment_statistics({"region": "990201"})
		with self.assertRaises(frappe.PermissionError):
			oversight.enrollment_statistics({"school": school("C1")})
		frappe.set_user(email("head_a1"))
		with self.assertRaises(frappe.PermissionError):
			oversight.enrollment_statistics({"school": school("A3")})

	def test_workspace_card_counts_the_scope(self):
		frappe.set_user(email("county_1"))
		self.assertEqual(dashboard.students_on_roll()["value"], on_roll(region=["in", subtree("990101")]))
		frappe.set_user(email("province"))
		self.assertEqual(dashboard.students_on_roll()["value"], on_roll(region=["in", subtree("990000")]))

	def test_roll_changes_by_type_and_month(self):
		frappe.set_user(email("county_1"))
		_columns, rows, _chart = oversight.change_statistics({"from_date": "2000-01-01", "to_date": add_days(today(), 1)})
		counted = {r["event_type"]: r["total"] for r in rows}
		frappe.set_user("Administrator")
		expected = frappe.db.sql(
			"""select e.event_type, count(*) from `tabStudent Roll Event` e join `tabStudent` s on s.name = e.parent
			where e.parenttype = 'Student' and s.region in %(regions)s group by e.event_type""",
			{"regions": subtree("990101")},
		)
		self.assertEqual(counted, {frappe._(t): n for t, n in expected})
		self.assertTrue(counted)


class TestApprovalMonitoringAndList(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def test_open_steps_by_party_and_age(self):
		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		_columns, rows = oversight.approval_monitoring({"as_of": add_days(today(), 40)})
		row = next(r for r in rows if r["case_name"] == case.name)
		self.assertGreater(row["overdue_days"], 0)
		self.assertGreater(row["age"], row["overdue_days"])
		self.assertEqual(row["party_name"], "甲市一区第一小学")
		self.assertEqual(rows[0]["overdue_days"], max(r["overdue_days"] for r in rows))  # overdue first
		frappe.set_user(email("county_3"))
		_columns, rows = oversight.approval_monitoring({})
		self.assertNotIn(case.name, [r["case_name"] for r in rows])

		# the phone list: only the party whose step it is
		frappe.set_user(email("head_a1"))
		self.assertIn(case.name, [s.name for s in approvals.my_steps()])
		for user in ("county_1", "county_3", "head_a3", "reg_a1"):
			frappe.set_user(email(user))
			self.assertNotIn(case.name, [s.name for s in approvals.my_steps()], user)
		frappe.set_user(email("county_3"))
		with self.assertRaises(frappe.PermissionError):
			approvals.case_detail("Roll Change", case.name)
		with self.assertRaises(frappe.PermissionError):
			approvals.decide("Roll Change", case.name, "Approve")

		# a rejection without a reason is refused and leaves the case as it was
		frappe.set_user(email("head_a1"))
		detail = approvals.case_detail("Roll Change", case.name)
		self.assertTrue(detail["can_decide"])
		self.assertEqual(detail["evidence"][0]["type"], "护照或签证")
		with self.assertRaises(RejectionReasonRequired):
			approvals.decide("Roll Change", case.name, "Reject", "")
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "change_state"), "Pending School Head Review")
		approvals.decide("Roll Change", case.name, "Approve", "同意")
		self.assertNotIn(case.name, [s.name for s in approvals.my_steps()])
		frappe.set_user(email("county_1"))
		self.assertIn(case.name, [s.name for s in approvals.my_steps()])
		self.assertEqual(dashboard.my_pending_steps()["value"], len(approvals.my_steps()))


class TestProblemRecords(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def problems(self, user: str, **filters) -> dict:
		frappe.set_user(email(user))
		return {(r["student"], r["problem_code"]): r for r in oversight.problem_records(filters)}

	def test_problems_found_and_resolved(self):
		bad_checksum = registered()
		frappe.db.set_value("Student", bad_checksum.name, "id_number", bad_checksum.id_number[:17] + ("0" if bad_checksum.id_number[17] != "0" else "1"))
		mismatch = registered()
		frappe.db.set_value("Student", mismatch.name, "date_of_birth", "2018-01-01")
		twin = registered()
		twin_b = registered(student_name=twin.student_name, gender=twin.gender, birth=str(twin.date_of_birth), id_type="Z",
							id_number="", no_id_reason="未办理")
		missing = registered()
		frappe.db.set_value("Student", missing.name, "phone", "")
		copy = registered()
		frappe.db.set_value("Student", copy.name, "id_number", twin.id_number)
		found = self.problems("county_1")
		self.assertIn((bad_checksum.name, "Invalid ID"), found)
		self.assertIn("校验码", found[(bad_checksum.name, "Invalid ID")]["detail"])
		self.assertIn((mismatch.name, "ID Mismatch"), found)
		self.assertIn((twin.name, "Duplicate Person"), found)
		self.assertIn((twin_b.name, "Duplicate Person"), found)
		self.assertIn((copy.name, "Duplicate ID"), found)
		self.assertIn((twin.name, "Duplicate ID"), found)
		self.assertEqual(found[(missing.name, "Missing Required Fields")]["detail"], "电话")
		self.assertEqual(found[(twin.name, "Duplicate Person")]["resolutions"], "佐证、删除")
		self.assertNotIn((bad_checksum.name, "Invalid ID"), self.problems("county_3"))  # another county
		self.assertNotIn((bad_checksum.name, "Invalid ID"), self.problems("head_a3"))  # another school
		self.assertIn((bad_checksum.name, "Invalid ID"), self.problems("head_a1"))

		# 佐证 needs the file; a school may not delete; the authority may, and the record stays readable
		frappe.set_user(email("reg_a1"))
		evidence = frappe.get_doc({"doctype": "Problem Resolution", "student": twin_b.name, "problem": "Duplicate Person", "resolution": "Corroborate"})
		with self.assertRaises(ResolutionEvidenceMissing) as ctx:
			evidence.insert()
		self.assertIn("佐证", str(ctx.exception))
		delete = frappe.get_doc({"doctype": "Problem Resolution", "student": copy.name, "problem": "Duplicate ID", "resolution": "Delete"})
		with self.assertRaises(ResolutionDeleteNotAuthority):
			delete.insert()
		with self.assertRaises(ResolutionNotAllowed) as ctx:
			frappe.get_doc({"doctype": "Problem Resolution", "student": bad_checksum.name, "problem": "Invalid ID", "resolution": "Corroborate", "evidence": factory.upload("a.jpg")}).insert()
		self.assertIn("变更", str(ctx.exception))
		frappe.set_user(email("county_3"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Problem Resolution", "student": copy.name, "problem": "Duplicate ID", "resolution": "Delete"}).insert()
		frappe.set_user(email("county_1"))
		delete = frappe.get_doc({"doctype": "Problem Resolution", "student": copy.name, "problem": "Duplicate ID", "resolution": "Delete"}).insert()
		delete.submit()
		self.assertEqual(frappe.db.get_value("Student", copy.name, ["status_label", "on_roll"]), ("Cancelled", 0))
		frappe.set_user(email("reg_a1"))
		self.assertTrue(frappe.get_doc("Student", copy.name).has_permission("read"))
		evidence.evidence = factory.upload("twins-birth-certificates.jpg")
		evidence.insert()
		evidence.submit()
		found = self.problems("county_1")
		self.assertNotIn((twin_b.name, "Duplicate Person"), found)
		self.assertNotIn((copy.name, "Duplicate ID"), found)
		self.assertNotIn((twin.name, "Duplicate ID"), found)  # its only duplicate is deleted
		self.assertIn((twin_b.name, "Duplicate Person"), self.problems("county_1", include_resolved=1))
		with self.assertRaises(ProblemAlreadyResolved):
			frappe.get_doc({"doctype": "Problem Resolution", "student": twin_b.name, "problem": "Duplicate Person", "resolution": "Corroborate", "evidence": factory.upload("x.jpg")}).insert()


class TestDataCheck(XuejiTestCase):
	def test_school_confirms_and_county_sees_it(self):
		term = "2031-2032-1"
		student = registered("A3", registrar="reg_a3")
		frappe.db.set_value("Student", student.name, "phone", "")
		frappe.set_user(email("reg_a3"))
		check = frappe.get_doc({"doctype": "Data Check", "school": school("A3"), "term": term}).insert()
		frappe.set_user(email("head_a3"))
		check.reload()
		with self.assertRaises(DataCheckOpenProblems):
			check.submit()
		frappe.db.set_value("Student", student.name, "phone", "13800000001")
		check.reload()
		check.submit()
		self.assertEqual(check.student_count, frappe.db.count("Student", {"school": school("A3"), "on_roll": 1}))
		self.assertEqual(check.confirmed_by, email("head_a3"))
		frappe.set_user(email("county_1"))
		_columns, rows = oversight.data_check_status({"term": term})
		status = {r["name"]: r["confirmed"] for r in rows}
		self.assertEqual(status[school("A3")], 1)
		self.assertEqual(status[school("A1")], 0)
		self.assertNotIn(school("C1"), status)
		frappe.set_user(email("reg_a3"))
		with self.assertRaises(DataCheckConfirmedAlready):
			frappe.get_doc({"doctype": "Data Check", "school": school("A3"), "term": term}).insert()
		frappe.set_user(email("head_a1"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Data Check", "school": school("A3"), "term": "2031-2032-2"}).insert()
