"""The school year's cycle on the bench: the year-end run (preview, confirm, once only, reversal), graduation
into the 毕业生花名册 and the certificates, 九年一贯制 continuing into its junior section, moving on to the next
stage with the same 学籍号 (same county: two parties; across provinces: three), and the suspension, dropout
and compulsory-education rules under the Liaoning and Yingkou policies on their real region codes."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, today

from xueji_app.rules.access import DirectStateChange
from xueji_app.rules.chains import PartyMismatch, RejectionReasonRequired
from xueji_app.rules.eligibility import NotEligible
from xueji_app.rules.identity import DuplicateGraduate
from xueji_app.rules.school_year import (
	CertificateNotEarned,
	GraduationConditionUnknown,
	YearEndExceptionNotGraduating,
	YearEndNotOpen,
	YearEndReversalClosed,
	YearEndRunExists,
)
from xueji_app.services.cases.workflow import act
from xueji_app.services.outputs import registers
from xueji_app.services.outputs.pdf import document_pdf
from xueji_app.services.roll import year_end as service
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_roll_change import approve_all, filed, registered
from xueji_app.tests.utils import YEAR_END_OPEN, PolicyTestCase, at

YEAR = "2026-2027"
SNAPSHOT = ("grade", "stage", "school_class", "status_label", "on_roll", "in_school", "graduation_date", "certificate_number",
			"stage_entry_date", "school", "student_number")


def klass(school_key: str, grade: str, number: int = 1, year: str = YEAR) -> str:
	from xueji_app.rules.school_year import stage_of

	code = school(school_key) if school_key in factory.SCHOOLS else school_key
	name = f"{code}-{year}-{grade}-{number:02d}"
	if not frappe.db.exists("School Class", name):
		frappe.get_doc({"doctype": "School Class", "school": code, "academic_year": year, "stage": stage_of(grade), "grade": grade,
						"class_number": number}).insert(ignore_permissions=True)
	return name


def pupil(school_key="A1", grade="11", number=1, registrar="reg_a1", approver="county_1", **values):
	"""A registered student in class ``number`` of ``grade`` this year."""
	frappe.set_user("Administrator")
	values.setdefault("school_class", klass(school_key, grade, number))
	return registered(school_key, grade=grade, registrar=registrar, approver=approver, **values)


def officer(key: str, tier: str, school_code: str) -> None:
	"""An officer of a school the test makes (rolled back with the test class)."""
	frappe.set_user("Administrator")
	factory.ensure_user(email(key), key)
	if not frappe.db.exists("Roll Officer", email(key)):
		frappe.get_doc({"doctype": "Roll Officer", "user": email(key), "tier": tier, "school": school_code}).insert(ignore_permissions=True)


def snapshot(name: str) -> dict:
	return frappe.db.get_value("Student", name, SNAPSHOT, as_dict=True)


def new_run(school_key="A1", registrar="reg_a1", **values):
	frappe.set_user(email(registrar))
	code = school(school_key) if school_key in factory.SCHOOLS else school_key
	return frappe.get_doc({"doctype": "Year-End Run", "school": code, "academic_year": YEAR, **values}).insert()


def confirm(run, registrar="reg_a1", authority="county_1"):
	"""Filed by the school, confirmed by the authority at the year's end (a run is confirmed from 6月1日)."""
	frappe.set_user(email(registrar))
	act("Year-End Run", run.name, "Submit for Confirmation")
	frappe.set_user(email(authority))
	with at(YEAR_END_OPEN):
		act("Year-End Run", run.name, "Confirm")
	return frappe.get_doc("Year-End Run", run.name)


#: YK 第十四条(二): the written application (休学申请表) and, for illness, the diagnosis
YK_ILLNESS = ["休学申请表（监护人书面申请）", "县级及以上医疗单位诊断证明"]


class YearEndCase(PolicyTestCase):
	"""Nothing here commits: each test starts from the committed test province again (one run per school and year)."""


class TestYearEndOpens(YearEndCase):
	"""A run moves every pupil to the next grade: Yingkou's county confirms it from the policy's 6月1日 of the
	summer, not in December (a run confirmed on 5 December once moved a pupil up mid-year)."""

	def test_confirm_is_refused_before_the_policy_date_and_allowed_on_it(self):
		child = pupil("Y1", "11", registrar="reg_y1", approver="county_y")
		run = new_run("Y1", registrar="reg_y1")
		self.assertEqual(str(run.opens_on), "2027-06-01")
		act("Year-End Run", run.name, "Submit for Confirmation")  # the school may file it early
		frappe.set_user(email("county_y"))
		for moment in ("2026-12-05 10:00", "2027-05-31 17:30"):
			with self.freeze_time(moment, tick=True), self.assertRaises(YearEndNotOpen) as refused:
				act("Year-End Run", run.name, "Confirm")
			self.assertIn("2027年6月1日", str(refused.exception))
			self.assertIn("可确认日期", str(refused.exception))
			self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Pending Authority Confirmation")
			self.assertEqual(snapshot(child.name).grade, "11")
		with self.freeze_time("2027-06-01 08:00", tick=True):
			act("Year-End Run", run.name, "Confirm")
		self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Confirmed")
		self.assertEqual(snapshot(child.name).grade, "12")

	def test_a_bureau_sets_another_date(self):
		from xueji_app.services.core.policy import policy_for

		run = new_run("Y1", registrar="reg_y1")
		frappe.set_user("Administrator")
		frappe.get_doc({"doctype": "Roll Policy", "policy_key": "T-ZQ-OPENS", "title": "站前区学年末", "region": "210802",
						"stage": "", "year_end_opens_on": "07-01"}).insert()
		self.assertEqual(policy_for(school("Y1"), "Primary").year_end_opens_on, "07-01")
		frappe.set_user(email("reg_y1"))
		run.reload()
		run.save()
		self.assertEqual(str(run.opens_on), "2027-07-01")


class TestYearEndRun(YearEndCase):
	def test_promotion_graduation_once_and_reversal(self):
		first = [pupil(grade="11", number=1), pupil(grade="11", number=1)]
		sixth = [pupil(grade="16", number=1), pupil(grade="16", number=1)]
		suspended = pupil(grade="13")
		frappe.db.set_value("Student", suspended.name, {"status_label": "Suspended", "in_school": 0})
		busy = pupil(grade="14")
		case = filed(busy.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		mine = [s.name for s in (*first, *sixth, suspended, busy)]
		before = {name: snapshot(name) for name in mine}

		run = new_run()
		preview = service.preview(run)
		attention = {e["student"]: e for e in preview["exceptions"]}
		self.assertIn("休学", attention[suspended.name]["reason"])
		self.assertIn(case.name, attention[busy.name]["reason"])
		self.assertNotIn(first[0].name, attention)
		class_rows = {r.from_class: r for r in run.classes}
		self.assertEqual(class_rows[klass("A1", "11")].to_grade, "12")
		self.assertNotIn(klass("A1", "16"), class_rows)  # a primary school's sixth grade leaves
		run.classes[[r.from_class for r in run.classes].index(klass("A1", "11"))].to_class_name = "二年级（1）班（原一（1）班）"
		run.save()

		run = confirm(run)
		self.assertEqual(run.run_state, "Confirmed")
		self.assertEqual(run.next_academic_year, "2027-2028")
		for s in first:
			after = snapshot(s.name)
			self.assertEqual((after.grade, after.status_label, after.school_class), ("12", "Enrolled", f"{school('A1')}-2027-2028-12-01"))
			self.assertEqual(frappe.get_doc("Student", s.name).history[-1].event_type, "Promotion")
		self.assertEqual(frappe.db.get_value("School Class", f"{school('A1')}-2027-2028-12-01", "class_name"), "二年级（1）班（原一（1）班）")
		numbers = set()
		for s in sixth:
			after = snapshot(s.name)
			self.assertEqual((after.grade, after.status_label, after.on_roll), ("16", "Graduated", 0))
			self.assertTrue(after.certificate_number.startswith(school("A1") + "2027"), after.certificate_number)
			numbers.add(after.certificate_number)
		self.assertEqual(len(numbers), 2)
		for held in (suspended, busy):
			self.assertEqual(snapshot(held.name), before[held.name])

		# 毕业生花名册 of that year lists exactly the graduates, with their certificate numbers
		_columns, rows = registers.rows_for(registers.GRADUATES, school("A1"), YEAR)
		listed = {r["student_number"]: r for r in rows}
		for s in sixth:
			self.assertEqual(listed[s.student_number]["certificate_number"], snapshot(s.name).certificate_number)
		self.assertFalse({s.student_number for s in first} & set(listed))

		# once only: applying again changes nothing
		moved = {name: snapshot(name) for name in mine}
		self.assertEqual(service.apply(run, run.policies()), 0)
		self.assertEqual({name: snapshot(name) for name in mine}, moved)

		# the authority reverses: every student exactly as before, the history lines gone
		lines = {name: len(frappe.get_doc("Student", name).history) for name in mine}
		frappe.set_user(email("county_1"))
		act("Year-End Run", run.name, "Reverse")
		for name in mine:
			self.assertEqual(snapshot(name), before[name], name)
		self.assertEqual(len(frappe.get_doc("Student", first[0].name).history), lines[first[0].name] - 1)
		self.assertFalse(frappe.db.exists("Year-End Run Student", {"run": run.name}))

	def test_parties_and_reversal_deadline(self):
		pupil(grade="12")
		run = new_run()
		frappe.set_user(email("county_1"))
		with self.assertRaises(PartyMismatch):
			act("Year-End Run", run.name, "Submit for Confirmation")
		frappe.set_user(email("reg_a1"))
		act("Year-End Run", run.name, "Submit for Confirmation")
		frappe.set_user(email("city_1"))  # reads the run (the school is in its city), but the step is the county's
		with self.assertRaises(PartyMismatch):
			act("Year-End Run", run.name, "Confirm")
		frappe.set_user(email("county_3"))  # another county does not even see it
		with self.assertRaises(frappe.PermissionError):
			act("Year-End Run", run.name, "Confirm")
		self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Pending Authority Confirmation")
		frappe.set_user(email("reg_a1"))
		doc = frappe.get_doc("Year-End Run", run.name)
		doc.run_state = "Confirmed"
		with self.assertRaises(DirectStateChange):
			doc.save()
		frappe.set_user(email("county_1"))
		with self.assertRaises(RejectionReasonRequired):
			act("Year-End Run", run.name, "Reject")
		with at(YEAR_END_OPEN):
			act("Year-End Run", run.name, "Confirm")
		frappe.db.set_value("Year-End Run", run.name, "reversal_until", add_days(today(), -1))
		with self.assertRaises(YearEndReversalClosed):
			act("Year-End Run", run.name, "Reverse")
		self.assertEqual(frappe.db.get_value("Year-End Run", run.name, "run_state"), "Confirmed")

	def test_one_run_per_school_and_year(self):
		new_run()
		with self.assertRaises(YearEndRunExists):
			new_run()

	def test_completion_marks_only_graduating_students(self):
		young, old = pupil(grade="13"), pupil(grade="16")
		with self.assertRaises(YearEndExceptionNotGraduating):
			new_run(exceptions=[{"student": young.name, "condition": "综合考核合格"}])
		run = confirm(new_run(exceptions=[{"student": old.name, "condition": "综合考核合格"}]))
		after = snapshot(old.name)
		self.assertEqual((after.status_label, after.on_roll), ("Completed", 0))
		self.assertEqual(frappe.db.get_value("Year-End Run Student", {"run": run.name, "student": old.name}, "outcome"), "Complete")
		_columns, rows = registers.rows_for(registers.GRADUATES, school("A1"), YEAR)
		self.assertEqual({r["student_number"]: r["outcome"] for r in rows}.get(old.student_number), "结业")

	def test_certificates_follow_the_roll(self):
		student = pupil(grade="16")
		frappe.set_user(email("reg_a1"))
		with self.assertRaises(CertificateNotEarned) as refused:
			document_pdf("Student", student.name, "Certificate of Education")
		self.assertIn("学历证明书", str(refused.exception))
		with self.assertRaises(CertificateNotEarned):
			document_pdf("Student", student.name, "Compulsory Education Certificate")
		confirm(new_run())
		frappe.set_user(email("reg_a1"))
		content, _name = document_pdf("Student", student.name, "Certificate of Education")
		self.assertTrue(content.startswith(b"%PDF"))
		with self.assertRaises(CertificateNotEarned):
			document_pdf("Student", student.name, "Compulsory Education Certificate")


class TestNineYearSchool(YearEndCase):
	def test_sixth_graders_continue_into_the_junior_section(self):
		frappe.set_user("Administrator")
		factory.ensure_school("3199000011", "甲市一区九年一贯制学校", "Nine-Year School", "990101", "990101")
		officer("reg_n1", "School Registrar", "3199000011")
		cls = klass("3199000011", "16")
		frappe.set_user(email("reg_n1"))
		doc = frappe.get_doc(factory.student_data("A1", grade="16", school="3199000011", school_class=cls,
												  enrollment_date="2021-09-01")).insert()
		act("Student", doc.name, "Submit for Approval")
		frappe.set_user(email("county_1"))
		frappe.db.set_value("Student", doc.name, "duplicate_check_confirmed", 1)
		act("Student", doc.name, "Approve")
		run = confirm(new_run("3199000011", registrar="reg_n1"), registrar="reg_n1")
		after = snapshot(doc.name)
		self.assertEqual((after.grade, after.stage, after.status_label), ("21", "Junior", "Enrolled"))
		self.assertEqual(after.school_class, "3199000011-2027-2028-21-01")
		self.assertTrue(after.certificate_number)
		self.assertEqual(frappe.db.get_value("Year-End Run Student", {"run": run.name, "student": doc.name}, "outcome"),
						 "Graduate and Continue")
		frappe.set_user(email("reg_n1"))
		self.assertTrue(document_pdf("Student", doc.name, "Certificate of Education")[0].startswith(b"%PDF"))


class TestNextStage(YearEndCase):
	"""A graduate's record continues at the next stage's school: the same record, the same 学籍号."""
	def junior_school_in_county(self) -> str:
		frappe.set_user("Administrator")
		code = "3199000012"
		factory.ensure_school(code, "甲市一区第一初级中学", "Junior Middle School", "990101", "990101")
		officer("reg_j1", "School Registrar", code)
		officer("head_j1", "School Head", code)
		return code

	def test_primary_graduate_enrols_at_a_junior_school_of_the_county(self):
		junior = self.junior_school_in_county()
		graduate = pupil(grade="16")
		confirm(new_run())
		self.assertEqual(snapshot(graduate.name).status_label, "Graduated")
		# a new record of the same child is refused, and says how to continue the record
		frappe.set_user(email("reg_j1"))
		data = factory.student_data("A1", grade="21", school=junior, id_number=graduate.id_number, gender=graduate.gender,
									birth=str(graduate.date_of_birth))
		with self.assertRaises(DuplicateGraduate):
			frappe.get_doc(data).insert()
		with self.freeze_time("2027-09-01 09:00", tick=True):
			case = frappe.get_doc({"doctype": "Student Transfer", "student": graduate.name, "student_lookup": graduate.student_number,
								   "to_school": junior, "next_stage": 1, "reason_detail": "小学毕业升入初中"}).insert()
			self.assertEqual(case.to_grade, "21")
			# 升学接续 asks none of the transfer papers, and the form lists none
			self.assertEqual(case.required_documents()["required"], [])
			act("Student Transfer", case.name, "Submit for Approval")
			case.reload()
			self.assertEqual([s.party for s in case.steps], [junior, "990101"])
			approve_all(case.name, steps=("head_j1", "county_1"), doctype="Student Transfer")
		after = snapshot(graduate.name)
		self.assertEqual((after.school, after.grade, after.status_label, after.on_roll), (junior, "21", "Enrolled", 1))
		self.assertEqual(after.student_number, graduate.student_number)
		self.assertEqual(frappe.get_doc("Student", graduate.name).history[-1].event_type, "Stage Continuation")

	def test_junior_graduate_to_senior_high_in_another_province_has_three_parties(self):
		officer("reg_b1", "School Registrar", school("B1"))
		graduate = pupil("B1", grade="23", registrar="reg_b1", approver="county_2")
		confirm(new_run("B1", registrar="reg_b1"), registrar="reg_b1", authority="county_2")
		self.assertEqual(snapshot(graduate.name).status_label, "Graduated")
		frappe.set_user(email("reg_y2"))
		with self.freeze_time("2027-08-20 09:00", tick=True):
			case = frappe.get_doc({"doctype": "Student Transfer", "student": graduate.name, "student_lookup": graduate.student_number,
								   "next_stage": 1, "reason_detail": "初中毕业跨省升入高中"}).insert()
			self.assertEqual((case.to_school, case.to_grade), (school("Y2"), "31"))
			act("Student Transfer", case.name, "Submit for Approval")
			case.reload()
			self.assertEqual([s.party for s in case.steps], [school("Y2"), "210800", "990102"])
			approve_all(case.name, steps=("head_y2", "city_y", "county_2"), doctype="Student Transfer")
		after = snapshot(graduate.name)
		self.assertEqual((after.school, after.grade, after.status_label), (school("Y2"), "31", "Enrolled"))
		self.assertEqual(after.student_number, graduate.student_number)

	def test_next_stage_refused_for_a_pupil_still_in_school_and_outside_the_window(self):
		junior = self.junior_school_in_county()
		pupil_in_school = pupil(grade="16")
		frappe.set_user(email("reg_j1"))
		case = frappe.get_doc({"doctype": "Student Transfer", "student": pupil_in_school.name, "reason_detail": "升入初中",
							   "student_lookup": pupil_in_school.student_number, "to_school": junior, "next_stage": 1}).insert()
		with self.freeze_time("2027-12-01 09:00", tick=True):
			with self.assertRaises(NotEligible) as refused:
				act("Student Transfer", case.name, "Submit for Approval")
		message = str(refused.exception)
		self.assertIn("已毕业或结业", message)
		self.assertIn("升学接续仅在每年06-01至10-31期间办理", message)
		self.assertEqual(frappe.db.get_value("Student Transfer", case.name, "transfer_state"), "Draft")


class TestLifecycleUnderLiaoning(YearEndCase):
	"""Liaoning's compulsory-education policy (LN-COMPULSORY, region 210000) on a 站前区 primary school."""
	def yingkou_pupil(self, grade="13"):
		return registered("Y1", grade=grade, registrar="reg_y1", approver="county_y")

	def test_suspension_extended_once_then_refused(self):
		student = self.yingkou_pupil()
		case = filed(student.name, "Suspension", reason="Illness", evidence=["县级及以上医院证明", "病历", "医疗收费发票"], registrar="reg_y1")
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name, steps=("head_y1", "county_y"))
		first_end = getdate(frappe.db.get_value("Roll Change", case.name, "effective_until"))
		extension = filed(student.name, "Suspension Extension", registrar="reg_y1")
		act("Roll Change", extension.name, "Submit for Approval")
		approve_all(extension.name, steps=("head_y1", "county_y"))
		second_end = getdate(frappe.db.get_value("Roll Change", extension.name, "effective_until"))
		self.assertEqual((second_end.year - first_end.year, second_end.month, second_end.day), (1, first_end.month, first_end.day))
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Suspended")
		again = filed(student.name, "Suspension Extension", registrar="reg_y1")
		with self.assertRaises(NotEligible) as refused:
			act("Roll Change", again.name, "Submit for Approval")
		self.assertIn("已延长1次，政策允许1次", str(refused.exception))

	def test_withdrawal_and_expulsion_of_a_primary_pupil_refused(self):
		student = self.yingkou_pupil()
		for change in ("Withdrawal", "Expulsion"):
			case = filed(student.name, change, guardian_applied=1, registrar="reg_y1")
			with self.assertRaises(NotEligible) as refused:
				act("Roll Change", case.name, "Submit for Approval")
			self.assertIn("义务教育阶段在义务教育年限内为学生保留学籍", str(refused.exception))
			self.assertEqual(frappe.db.get_value("Roll Change", case.name, "change_state"), "Draft")
			frappe.delete_doc("Roll Change", case.name, force=True, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Enrolled")

	def test_returning_dropout_is_back_in_school(self):
		student = self.yingkou_pupil()
		case = filed(student.name, "Dropout", absence_weeks=5, registrar="reg_y1")
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name, steps=("head_y1", "county_y"))
		self.assertEqual(frappe.db.get_value("Student", student.name, ["status_label", "on_roll", "in_school"]), ("Dropped Out", 1, 0))
		back = filed(student.name, "Return from Dropout", to_grade="13", registrar="reg_y1")
		act("Roll Change", back.name, "Submit for Approval")
		approve_all(back.name, steps=("head_y1", "county_y"))
		self.assertEqual(frappe.db.get_value("Student", student.name, ["status_label", "on_roll", "in_school"]), ("Enrolled", 1, 1))


class TestLifecycleUnderYingkou(YearEndCase):
	"""Yingkou's senior-high policy (YK-SENIOR, region 210800): a lapsed suspension opens the withdrawal."""
	def test_lapsed_suspension_is_a_ground_for_withdrawal_and_a_year_of_study_gives_incomplete(self):
		student = registered("Y2", grade="32", registrar="reg_y2", approver="city_y", enrollment_date="2025-09-01")
		case = filed(student.name, "Suspension", reason="Illness", evidence=YK_ILLNESS, registrar="reg_y2")
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name, steps=("head_y2", "city_y"))
		withdrawal = filed(student.name, "Withdrawal", reason="Suspension Lapsed", evidence=["校务会议记录"], registrar="reg_y2")
		with self.assertRaises(NotEligible):
			act("Roll Change", withdrawal.name, "Submit for Approval")
		# the suspension ended 30 working days ago without a resumption
		frappe.db.set_value("Roll Change", case.name, "effective_until", add_days(today(), -45))
		act("Roll Change", withdrawal.name, "Submit for Approval")
		approve_all(withdrawal.name, steps=("head_y2", "city_y"))
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Incomplete")

	def test_suspension_reminders(self):
		from xueji_app.services.cases.reminders import remind_suspensions

		student = registered("Y2", grade="31", registrar="reg_y2", approver="city_y")
		case = filed(student.name, "Suspension", reason="Illness", evidence=YK_ILLNESS, registrar="reg_y2")
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name, steps=("head_y2", "city_y"))
		until = getdate(frappe.db.get_value("Roll Change", case.name, "effective_until"))
		frappe.set_user("Administrator")

		def notices():
			return frappe.get_all("Notification Log", filters={"document_name": student.name}, pluck="subject")

		remind_suspensions(add_days(until, -30))
		self.assertEqual(notices(), [])
		remind_suspensions(add_days(until, -3))
		remind_suspensions(add_days(until, -2))
		self.assertEqual(len(notices()), 2)  # registrar and head, once
		self.assertIn("休学将于", notices()[0])
		remind_suspensions(add_days(until, 1))
		self.assertEqual(len(notices()), 4)
		self.assertTrue(any("已于" in n for n in notices()))


class TestYearEndDeadline(YearEndCase):
	def test_bureau_is_told_which_schools_have_not_finished(self):
		from xueji_app.services.cases.reminders import remind_year_end

		registered("Y1", grade="12", registrar="reg_y1", approver="county_y")
		frappe.set_user("Administrator")
		with self.freeze_time("2027-06-01 08:00", tick=True):
			self.assertEqual(remind_year_end(getdate("2027-06-01")), 0)  # long before 7月30日
		with self.freeze_time("2027-07-25 08:00", tick=True):
			remind_year_end(getdate("2027-07-25"))
		told = frappe.get_all("Notification Log", filters={"for_user": email("county_y")}, pluck="subject")
		self.assertTrue(any("营口市站前区测试小学" in t and "学年末处理" in t for t in told), told)
		school_told = frappe.get_all("Notification Log", filters={"for_user": email("reg_y1")}, pluck="subject")
		self.assertTrue(any("2027-07-30" in t for t in school_told), school_told)
		with self.freeze_time("2027-07-25 18:00", tick=True):
			remind_year_end(getdate("2027-07-25"))  # once a day
		self.assertEqual(len(frappe.get_all("Notification Log", filters={"for_user": email("county_y")})), len(told))
		with self.freeze_time("2027-07-26 08:00", tick=True):
			remind_year_end(getdate("2027-07-26"))
		self.assertEqual(len(frappe.get_all("Notification Log", filters={"for_user": email("county_y")})), len(told) + 1)

	def test_status_report_lists_schools_and_counts(self):
		from xueji_app.services.roll.year_end import status_report

		pupil(grade="11")
		frappe.set_user(email("county_1"))
		_columns, rows = status_report({"academic_year": YEAR})
		by_school = {r["school"]: r for r in rows}
		self.assertIn(school("A1"), by_school)
		self.assertNotIn(school("C1"), by_school)
		self.assertEqual(by_school[school("A1")]["run_state_label"], "未提交")
		self.assertGreaterEqual(by_school[school("A1")]["promoted"], 1)
		with self.assertRaises(frappe.PermissionError):
			status_report({"academic_year": YEAR, "region": "990201"})


class TestUnclaimedGraduates(YearEndCase):
	def test_primary_graduates_no_junior_school_took_over_are_listed_after_the_policy_date(self):
		from xueji_app.student_roll.report.unclaimed_graduates.unclaimed_graduates import execute

		frappe.set_user("Administrator")
		klass("Y1", "16")
		graduate = pupil("Y1", grade="16", registrar="reg_y1", approver="county_y")
		confirm(new_run("Y1", registrar="reg_y1"), registrar="reg_y1", authority="county_y")
		self.assertEqual(snapshot(graduate.name).graduation_date, getdate("2027-07-30"))  # LN: the graduation deadline

		def listed(user, as_of):
			frappe.set_user(email(user))
			return {r.name for r in execute({"as_of": as_of})[1]}

		self.assertNotIn(graduate.name, listed("county_y", "2027-09-15"))  # LN 第八条: one month after entry
		self.assertIn(graduate.name, listed("county_y", "2027-10-15"))
		self.assertIn(graduate.name, listed("reg_y1", "2027-10-15"))
		self.assertNotIn(graduate.name, listed("county_1", "2027-10-15"))  # another province's county


class TestGraduationConditions(YearEndCase):
	def test_a_completion_names_a_condition_of_the_policy(self):
		frappe.set_user("Administrator")
		klass("Y1", "16")
		student = pupil("Y1", grade="16", registrar="reg_y1", approver="county_y")
		with self.assertRaises(GraduationConditionUnknown) as refused:
			new_run("Y1", registrar="reg_y1", exceptions=[{"student": student.name, "condition": "未交作业"}])
		self.assertIn("综合考核合格", str(refused.exception))
		run = new_run("Y1", registrar="reg_y1", exceptions=[{"student": student.name, "condition": "综合考核合格"}])
		confirm(run, registrar="reg_y1", authority="county_y")
		self.assertEqual(snapshot(student.name).status_label, "Completed")
