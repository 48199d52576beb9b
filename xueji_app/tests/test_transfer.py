"""转学 end to end: four parties across cities, one authority for both schools, both sides see it, each
acts only on its own step, the student moves atomically."""

from __future__ import annotations

import frappe

from xueji_app.rules.chains import PartyMismatch, RejectionReasonRequired
from xueji_app.rules.eligibility import ArchiveDone, NotEligible
from xueji_app.rules.regions import RegionCodeFormatError
from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_roll_change import registered
from xueji_app.tests.utils import PolicyTestCase, RestClient, XuejiTestCase

#: within a province the transfer papers; across provinces the family's written application (FAQ 第十二问) — both, so a
#: helper's case is complete whichever it is
PROOFS = ["签字的转学联系表", "户口簿或居住证明", "家长书面申请"]


def transfer(student, to_key, registrar, **values):
	"""The receiving registrar files a transfer for ``student``, found by the 学籍号 the family gave."""
	lookup = frappe.db.get_value("Student", student, "student_number")
	frappe.set_user(email(registrar))
	return frappe.get_doc({
		"doctype": "Student Transfer", "student": student, "student_lookup": lookup, "to_school": school(to_key), "reason": "Household Move",
		"reason_detail": "随父母户籍迁移", "evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS], **values,
	}).insert()


def state(name):
	return frappe.db.get_value("Student Transfer", name, "transfer_state")


class TestTransfer(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def test_across_cities_four_parties(self):
		student = registered()  # A1, 990101 (甲市)
		case = transfer(student.name, "C1", "reg_c1")  # C1, 990201 (乙市)
		self.assertEqual((case.from_school, case.same_authority), (school("A1"), 0))
		act("Student Transfer", case.name, "Submit for Approval")
		case.reload()
		self.assertEqual([s.party_name for s in case.steps], ["乙市一区第一小学", "乙市一区教育局", "甲市一区第一小学", "甲市一区教育局"])

		# both sides see it; a third county does not
		for user, sees in (("reg_a1", True), ("reg_c1", True), ("county_1", True), ("county_3", True), ("city_1", True),
						   ("city_2", True), ("county_2", False), ("reg_a3", False)):
			frappe.set_user(email(user))
			self.assertEqual(case.name in frappe.get_list("Student Transfer", pluck="name"), sees, user)
			self.assertEqual(bool(frappe.get_doc("Student Transfer", case.name).has_permission("read")), sees, user)

		steps = [("head_c1", "Pending Receiving Authority Approval"), ("county_3", "Pending Sending School Review"),
				 ("head_a1", "Pending Sending Authority Approval"), ("county_1", "Approved")]
		wrong = {"county_3": "county_1", "county_1": "county_3", "head_a1": "head_c1"}
		for user, next_state in steps:
			if user in wrong:  # the other side's party cannot act on this step
				frappe.set_user(email(wrong[user]))
				with self.assertRaises((PartyMismatch, frappe.ValidationError)):
					act("Student Transfer", case.name, "Approve")
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
			self.assertEqual(state(case.name), next_state, user)

		student.reload()
		self.assertEqual((student.school, student.grade, student.status_label), (school("C1"), "13", "Enrolled"))
		self.assertEqual((student.region, student.authority_region), ("990201", "990201"))
		self.assertEqual(student.history[-1].from_school, "甲市一区第一小学")
		self.assertIn("乙市一区教育局", student.history[-1].approved_by_office)
		self.assertFalse(student.has_open_case)
		frappe.set_user(email("reg_a1"))  # the old school no longer sees the student
		self.assertNotIn(student.name, frappe.get_list("Student", pluck="name"))

	def test_one_authority_acts_once(self):
		student = registered()
		case = transfer(student.name, "A3", "reg_a3")
		self.assertEqual(case.same_authority, 1)
		act("Student Transfer", case.name, "Submit for Approval")
		case.reload()
		self.assertEqual(len(case.steps), 3)
		for user, next_state in (("head_a3", "Pending Sending School Review"), ("head_a1", "Pending Authority Approval"),
								 ("county_1", "Approved")):
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
			self.assertEqual(state(case.name), next_state)
		self.assertEqual(frappe.db.get_value("Student", student.name, "school"), school("A3"))

	def test_reasons_listed_and_case_unchanged(self):
		student = registered()
		case = transfer(student.name, "C1", "reg_c1", to_grade="14", evidence=[])
		reasons = case.check_eligibility()
		self.assertEqual(len(reasons), 2, reasons)  # grade changes; evidence missing
		with self.assertRaises(NotEligible):
			act("Student Transfer", case.name, "Submit for Approval")
		self.assertEqual(state(case.name), "Draft")

	def test_only_one_open_case(self):
		student = registered()
		first = transfer(student.name, "C1", "reg_c1")
		second = transfer(student.name, "A3", "reg_a3")
		frappe.set_user(email("reg_c1"))
		act("Student Transfer", first.name, "Submit for Approval")
		frappe.set_user(email("reg_a3"))
		with self.assertRaises(NotEligible) as ctx:
			act("Student Transfer", second.name, "Submit for Approval")
		self.assertIn("在办业务", str(ctx.exception))

	def test_filing_for_another_school_refused(self):
		student = registered()
		frappe.set_user(email("reg_c1"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Student Transfer", "student": student.name, "to_school": school("A3"),
							"reason": "Household Move", "reason_detail": "x"}).insert()


class TestTransferREST(XuejiTestCase):
	"""Commits (the REST requests run on their own connection), so it runs in a class of its own."""
	def test_rest_both_sides(self):
		student = registered()
		case = transfer(student.name, "C1", "reg_c1")
		frappe.db.commit()
		try:
			for user, status in (("county_1", 200), ("county_3", 200), ("county_2", 403)):
				client = RestClient(email(user))
				self.assertEqual(client.get(f"/api/resource/Student Transfer/{case.name}").status_code, status, user)
				names = {r["name"] for r in client.get("/api/resource/Student Transfer", query_string={"limit_page_length": 0}).json["data"]}
				self.assertEqual(case.name in names, status == 200, user)
		finally:
			frappe.set_user("Administrator")
			frappe.delete_doc("Student Transfer", case.name, force=True)
			frappe.delete_doc("Student", student.name, force=True)
			frappe.db.commit()


class TestTransferOutsideTheSystem(XuejiTestCase):
	"""A school of another province's system: its steps are recorded by the bureau on this side."""
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def test_leaving_for_another_system(self):
		student = registered()
		frappe.set_user(email("reg_a1"))  # the sending school files: the receiving one is not here
		case = frappe.get_doc({
			"doctype": "Student Transfer", "student": student.name, "to_outside": 1, "outside_school_name": "北京市海淀区某小学",
			"outside_school_code": "2111000001", "outside_authority_name": "北京市海淀区教育委员会", "outside_region": "110108", "reason": "Household Move",
			"reason_detail": "迁往北京", "evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS],
		}).insert()
		act("Student Transfer", case.name, "Submit for Approval")
		case.reload()
		self.assertEqual([s.recorded_by for s in case.steps], ["甲市一区教育局", "甲市一区教育局", None, None])
		for user in ("county_1", "county_1", "head_a1", "county_1"):
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
		student.reload()
		self.assertEqual((student.status_label, student.on_roll, student.school), ("Transferred Out", 0, school("A1")))
		self.assertEqual(student.history[-1].to_school, "北京市海淀区某小学")

	def test_coming_from_another_system(self):
		from xueji_app.tests.factory import student_data

		frappe.set_user(email("reg_c1"))
		student = frappe.get_doc(student_data("C1", grade="13")).insert()  # the record starts here, not yet filed
		case = frappe.get_doc({
			"doctype": "Student Transfer", "student": student.name, "from_outside": 1, "outside_school_name": "河北省某县小学",
			"outside_authority_name": "河北省某县教育局", "outside_region": "130102", "reason": "Household Move", "reason_detail": "随父母迁入",
			"to_grade": "13", "evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS],
		}).insert()
		self.assertEqual(case.to_school, school("C1"))
		act("Student Transfer", case.name, "Submit for Approval")
		frappe.set_user(email("county_1"))  # not this side's bureau: cannot record the outside steps
		with self.assertRaises(frappe.PermissionError):
			act("Student Transfer", case.name, "Approve")
		for user in ("head_c1", "county_3", "county_3", "county_3"):
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
		student.reload()
		self.assertEqual((student.status_label, student.registration_state), ("Enrolled", "Approved"))
		self.assertEqual(student.student_number, "G" + student.id_number)
		self.assertEqual(student.history[-1].from_school, "河北省某县小学")


class TestTransferUnderYingkou(PolicyTestCase):
	"""Yingkou's senior-high policy (YK-SENIOR, region 210800) on a transfer into a 站前区 high school whose roll
	authority is the county: the city decides the receiving side's step (市教育局核准), and the receiving
	grade's class size is computed from its classes (班额 50)."""
	def fill_class(self, number: int, students: int) -> str:
		"""A class of 高二 at Y3 this year holding ``students`` on-roll students (rows written directly: they only
		need to be counted)."""
		frappe.set_user("Administrator")
		name = f"{school('Y3')}-2026-2027-32-{number:02d}"
		if not frappe.db.exists("School Class", name):
			frappe.get_doc({"doctype": "School Class", "school": school("Y3"), "academic_year": "2026-2027", "stage": "Senior",
							"grade": "32", "class_number": number}).insert()
		now = frappe.utils.now()
		rows = [[f"XJ-CAP-{number}-{i}", now, now, "Administrator", "Administrator", f"班额{i}", school("Y3"), "32", name, 1, 1,
				 "Enrolled"] for i in range(students)]
		frappe.db.bulk_insert("Student", ["name", "creation", "modified", "owner", "modified_by", "student_name", "school", "grade",
										  "school_class", "on_roll", "in_school", "status_label"], rows)
		return name

	def file(self, student):
		lookup = frappe.db.get_value("Student", student.name, "student_number")
		frappe.set_user(email("reg_y3"))
		return frappe.get_doc({
			"doctype": "Student Transfer", "student": student.name, "student_lookup": lookup, "reason": "Household Move",
			"reason_detail": "随父母落户营口", "guardian_household_matches": 1,
			"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS],
		}).insert()

	def test_full_classes_refuse_and_the_city_decides(self):
		student = registered("A2", grade="32", registrar="reg_a2", approver="city_1")
		self.fill_class(1, 50)
		with self.freeze_time("2027-02-25 09:00", tick=True):  # two weeks before term 2 (YK: 开学前后两周)
			case = self.file(student)
			with self.assertRaises(NotEligible) as refused:
				act("Student Transfer", case.name, "Submit for Approval")
			self.assertIn("转入班级已有50人，班额上限为50人", str(refused.exception))
			self.fill_class(2, 12)  # a class with room: the least full class counts
			frappe.set_user(email("reg_y3"))
			act("Student Transfer", case.name, "Submit for Approval")
		case.reload()
		# YK 第十三条(三): the city first reviews the transfer in and designates the school, then the schools and bureaus
		self.assertEqual([s.party for s in case.steps], ["210800", school("Y3"), "210800", school("A2"), "990100"])
		self.assertEqual(state(case.name), "Pending Prior Review")
		self.assertEqual((case.steps[0].party_name, case.steps[2].party_name), ("营口市教育局", "营口市教育局"))
		for user in ("county_y", "head_y3"):  # neither the county nor the school reviews for the city
			frappe.set_user(email(user))
			with self.assertRaises((PartyMismatch, frappe.PermissionError)):
				act("Student Transfer", case.name, "Approve")
		frappe.set_user(email("city_y"))
		act("Student Transfer", case.name, "Approve", "同意转入，指定营口市站前区测试民办高级中学")
		self.assertEqual(state(case.name), "Pending Receiving School Review")
		frappe.set_user(email("head_y3"))
		act("Student Transfer", case.name, "Approve")
		frappe.set_user(email("county_y"))  # the school's county is not the party the policy names
		with self.assertRaises(PartyMismatch):
			act("Student Transfer", case.name, "Approve")
		frappe.set_user(email("city_y"))
		act("Student Transfer", case.name, "Approve")
		self.assertEqual(state(case.name), "Pending Sending School Review")
		for user in ("head_a2", "city_1"):
			frappe.set_user(email(user))
			act("Student Transfer", case.name, "Approve")
		self.assertEqual(state(case.name), "Approved")
		self.assertEqual(frappe.db.get_value("Student", student.name, "school"), school("Y3"))

		# 第五步: the approved application is archived with the city, by the city only, once
		case.reload()
		self.assertEqual((case.archive_region, case.archived_on), ("210800", None))
		for user in ("reg_y3", "county_y", "city_1"):
			frappe.set_user(email(user))
			with self.assertRaises((PartyMismatch, frappe.PermissionError)):
				frappe.get_doc("Student Transfer", case.name).record_archive()
		frappe.set_user(email("city_y"))
		frappe.get_doc("Student Transfer", case.name).record_archive()
		self.assertEqual(frappe.db.get_value("Student Transfer", case.name, "archived_by"), email("city_y"))
		with self.assertRaises(ArchiveDone):
			frappe.get_doc("Student Transfer", case.name).record_archive()

	def test_a_refused_prior_review_leaves_the_case_for_refiling(self):
		student = registered("A2", grade="32", registrar="reg_a2", approver="city_1")
		with self.freeze_time("2027-02-25 09:00", tick=True):
			case = self.file(student)
			act("Student Transfer", case.name, "Submit for Approval")
			frappe.set_user(email("city_y"))
			with self.assertRaises(RejectionReasonRequired):
				act("Student Transfer", case.name, "Reject")
			self.assertEqual(state(case.name), "Pending Prior Review")
			act("Student Transfer", case.name, "Reject", "该校高二学位已满，请改报其他学校")
			self.assertEqual(state(case.name), "Rejected")
			self.assertEqual(frappe.db.get_value("Student", student.name, "school"), school("A2"))
			frappe.set_user(email("reg_y3"))
			act("Student Transfer", case.name, "Resubmit")
		self.assertEqual(state(case.name), "Pending Prior Review")

	def test_a_private_school_of_another_province_into_a_public_one(self):
		"""The case Yingkou's ban on 民办→公办 exists for: a pupil of a private high school in another province (which the
		receiving school describes: its county code, private or not) moving into a public Yingkou high school."""
		from xueji_app.tests.factory import student_data

		with self.freeze_time("2027-02-25 09:00", tick=True):
			frappe.set_user(email("reg_y2"))
			student = frappe.get_doc(student_data("Y2", grade="32")).insert()
			case = frappe.get_doc({
				"doctype": "Student Transfer", "student": student.name, "from_outside": 1, "outside_school_name": "杭州市某民办高级中学",
				"outside_authority_name": "杭州市西湖区教育局", "outside_region": "330106", "outside_stage": "Senior", "outside_is_private": 1,
				"reason": "Household Move", "reason_detail": "随父母落户营口", "to_grade": "32", "guardian_household_matches": 1,
				"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS],
			}).insert()
			with self.assertRaises(NotEligible) as refused:
				act("Student Transfer", case.name, "Submit for Approval")
			self.assertIn("民办", str(refused.exception))
			case.reload()
			case.outside_is_private = 0  # a public school there: the ban does not apply
			case.save()
			act("Student Transfer", case.name, "Submit for Approval")
		self.assertNotEqual(state(case.name), "Draft")
		case.reload()
		case.outside_region = "33010"  # not a county code
		with self.assertRaises(RegionCodeFormatError) as wrong:
			case.facts()
		self.assertIn("外校所在地行政区划代码", str(wrong.exception))

	def test_the_sending_side_policy_applies_too_and_the_message_names_it(self):
		"""A Yingkou 高三 pupil moving out in the second term, to a school whose own (national) policy has no such
		ban: refused by Yingkou's rule, and the message says it is the sending side's."""
		leaving = registered("Y3", grade="33", registrar="reg_y3", approver="county_y")
		staying_a_year = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		with self.freeze_time("2027-03-05 09:00", tick=True):  # the second term
			case = transfer(leaving.name, "A2", "reg_a2", guardian_household_matches=1)
			with self.assertRaises(NotEligible) as refused:
				act("Student Transfer", case.name, "Submit for Approval")
			message = str(refused.exception)
			self.assertIn("按转出学校所在地政策", message)
			self.assertIn("高三第2学期", message)  # the grade by its name, never its code (33年级)
			self.assertNotIn("33", message)
			self.assertEqual(state(case.name), "Draft")
			other = transfer(staying_a_year.name, "A2", "reg_a2", guardian_household_matches=1)
			act("Student Transfer", other.name, "Submit for Approval")
		self.assertNotEqual(state(other.name), "Draft")


class TestTransferUnderLiaoning(PolicyTestCase):
	"""LN 第十五条 on a transfer into a 站前区 primary school: when the sending side has not decided 20 working days
	after the receiving authority approved, the receiving school admits the pupil, and the case records it."""
	def test_admission_ahead_of_a_silent_sending_side(self):
		student = registered()  # A1, 990101
		with self.freeze_time("2027-01-08 09:00", tick=True):  # LN: 学期结束前
			case = transfer(student.name, "Y1", "reg_y1")
			act("Student Transfer", case.name, "Submit for Approval")
			for user in ("head_y1", "county_y"):
				frappe.set_user(email(user))
				act("Student Transfer", case.name, "Approve")
			self.assertEqual(state(case.name), "Pending Sending School Review")
			frappe.set_user(email("reg_y1"))
			with self.assertRaises(NotEligible) as refused:
				frappe.get_doc("Student Transfer", case.name).admit_provisionally()
			self.assertIn("20个工作日", str(refused.exception))
		with self.freeze_time("2027-02-20 09:00", tick=True):  # 20 working days later, the sending school silent
			frappe.set_user(email("reg_a1"))  # the sending school may not admit for the receiving one
			with self.assertRaises(PartyMismatch):
				frappe.get_doc("Student Transfer", case.name).admit_provisionally()
			frappe.set_user(email("reg_y1"))
			frappe.get_doc("Student Transfer", case.name).admit_provisionally()
			self.assertEqual(str(frappe.db.get_value("Student Transfer", case.name, "provisionally_admitted_on")), "2027-02-20")
			with self.assertRaises(NotEligible):
				frappe.get_doc("Student Transfer", case.name).admit_provisionally()
		self.assertEqual(frappe.db.get_value("Student", student.name, "school"), school("A1"))  # the roll waits
		self.assertEqual(state(case.name), "Pending Sending School Review")
		# the printed 转学联系表 says so
		import subprocess

		from xueji_app.services.outputs.pdf import document_pdf

		frappe.set_user(email("reg_y1"))
		pdf = document_pdf("Student Transfer", case.name, "Transfer Contact Form")[0]
		printed = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split())
		self.assertIn("先行接收学生入学", printed)
		self.assertIn("2027年2月20日", printed)
