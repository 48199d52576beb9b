"""Every rule of the shipped Liaoning (LN-COMPULSORY, 210000) and Yingkou (YK-SENIOR, 210800) policies on the real
region codes of the test province (站前区 210802: Y1 primary, Y2 city-run senior high, Y3 county-run senior high),
through the desk's own paths: a case is saved as the registrar saves it and judged by the rules that refuse its
filing (检查办理条件 shows the same list; ``act`` enforces it). For each rule one case that passes it and one that
fails it. Rules whose whole path is tested elsewhere name that test in ELSEWHERE (the README table cites both)."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, today

from xueji_app.rules.eligibility import (
	AfterExamRegistration,
	DropoutThresholdNotMet,
	EvidenceMissing,
	ForbiddenTerm,
	GradeChangeNotAllowed,
	GradeMustStaySame,
	GradePlacementUnderSystem,
	GuardianHouseholdMismatch,
	NonModelToModelForbidden,
	OutsideTransferWindow,
	ReasonNotListed,
	ReceivingSchoolFull,
	ResumptionApplicationLate,
	SameCityTransferForbidden,
	SuspensionCountExceeded,
	SuspensionInLastTerm,
	TransferReasonNotAllowed,
	WithdrawalGroundNotMet,
	WithdrawalNotAllowed,
)
from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_roll_change import approve_all, filed, registered
from xueji_app.tests.test_transfer import PROOFS
from xueji_app.tests.test_year_end import YK_ILLNESS
from xueji_app.tests.utils import PolicyTestCase

LN_ILLNESS = ["县级及以上医院证明", "病历", "医疗收费发票"]
FAMILY = "家长书面申请"

#: rules proven end to end in other modules
ELSEWHERE = {
	"LN fallback_admission_workdays": "test_transfer.TestTransferUnderLiaoning.test_admission_ahead_of_a_silent_sending_side",
	"LN suspension_extensions": "test_year_end.TestLifecycleUnderLiaoning.test_suspension_extended_once_then_refused",
	"LN graduation_conditions / graduation_deadline": "test_year_end.TestGraduationConditions, TestYearEndDeadline",
	"YK receiving_class_cap / approver[Transfer]": "test_transfer.TestTransferUnderYingkou.test_full_classes_refuse_and_the_city_decides",
	"YK forbid_private_to_public_from_other_city": "test_transfer.TestTransferUnderYingkou.test_a_private_school_of_another_province_into_a_public_one",
	"YK forbidden_terms 33:2 (sending side)": "test_transfer.TestTransferUnderYingkou.test_the_sending_side_policy_applies_too_and_the_message_names_it",
	"YK withdrawal_no_resumption_workdays / incomplete_after_study_years": "test_year_end.TestLifecycleUnderYingkou",
}


def refusals(doc) -> set[str]:
	"""The rules a saved case fails now, by class name."""
	return {type(v).__name__ for v in frappe.get_doc(doc.doctype, doc.name).eligibility()}


class RealPolicyCase(PolicyTestCase):
	def setUp(self):
		"""The shipped policies, installed afresh, and the school year, before each test (rolled back after it)."""
		from xueji_app.services.core.policy import ensure_standard_policies
		from xueji_app.tests.utils import ensure_year

		super().setUp()
		frappe.set_user("Administrator")
		ensure_year()
		for key in ("NAT", "LN-COMPULSORY", "YK-SENIOR"):  # as shipped, whatever an earlier test or release stored
			if frappe.db.exists("Roll Policy", key):
				frappe.delete_doc("Roll Policy", key, force=True, ignore_permissions=True)
			frappe.clear_document_cache("Roll Policy", key)
		ensure_standard_policies()

	def assertPasses(self, doc, rule: str):
		self.assertEqual(refusals(doc), set(), rule)

	def assertFails(self, doc, violation: type, rule: str):
		self.assertIn(violation.__name__, refusals(doc), rule)

	def inbound(self, to_key: str, registrar: str, grade: str = "13", documents=PROOFS, **values):
		"""A transfer filed by ``registrar``'s school for a pupil of 甲市一区第一小学 (A1) or 甲市第二高级中学 (A2)."""
		from_key, from_registrar, approver = ("A2", "reg_a2", "city_1") if grade.startswith("3") else ("A1", "reg_a1", "county_1")
		student = registered(from_key, grade=grade, registrar=from_registrar, approver=approver)
		lookup = frappe.db.get_value("Student", student.name, "student_number")
		frappe.set_user(email(registrar))
		base = {"doctype": "Student Transfer", "student": student.name, "student_lookup": lookup, "to_school": school(to_key),
				"reason": "Household Move", "reason_detail": "随父母迁居营口", "guardian_household_matches": 1,
				"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in documents]}
		return frappe.get_doc({**base, **values}).insert()


class TestLiaoningPolicy(RealPolicyCase):
	"""辽宁省义务教育阶段学生学籍管理办法实施细则 on 站前区 (210802) primary school Y1."""
	def test_transfer_reasons_第十三条(self):
		with self.freeze_time("2027-01-08 09:00", tick=True):
			self.assertPasses(self.inbound("Y1", "reg_y1"), "LN transfer_reasons: 户籍迁移")
			self.assertFails(self.inbound("Y1", "reg_y1", reason="Residence Move"), TransferReasonNotAllowed,
							 "LN transfer_reasons: 实际居住地迁移 is not among LN's five")

	def test_same_grade_第十五条(self):
		with self.freeze_time("2027-01-08 09:00", tick=True):
			self.assertFails(self.inbound("Y1", "reg_y1", to_grade="14"), GradeMustStaySame, "LN same_grade_required")

	def test_window_and_holidays_第十五条(self):
		with self.freeze_time("2026-11-16 09:00", tick=True):  # mid-term
			self.assertFails(self.inbound("Y1", "reg_y1"), OutsideTransferWindow, "LN window (mid-term)")
		with self.freeze_time("2026-09-20 09:00", tick=True):  # 新学期开学后1个月内
			self.assertPasses(self.inbound("Y1", "reg_y1"), "LN window_after_term_start_days 31")
		with self.freeze_time("2027-02-10 09:00", tick=True):  # the winter holidays, before term 2
			self.assertPasses(self.inbound("Y1", "reg_y1"), "LN window_includes_holidays")

	def test_cross_province_documents_faq_12(self):
		"""A pupil of another province (A1 is in the test province 990000) carries the family's written application only."""
		with self.freeze_time("2027-01-08 09:00", tick=True):
			case = self.inbound("Y1", "reg_y1", documents=[FAMILY])
			self.assertPasses(case, "FAQ 十二: 家长书面申请 only")
			bare = self.inbound("Y1", "reg_y1", documents=["签字的转学联系表"])
			self.assertFails(bare, EvidenceMissing, "FAQ 十二: the family's application is still needed")
			self.assertEqual(frappe.get_doc("Student Transfer", bare.name).evidence_required(), [FAMILY])

	def test_in_province_papers_第十四条(self):
		"""Within Liaoning: the four papers of 第十四条, and the proof of the reason where the household did not move."""
		frappe.set_user("Administrator")
		frappe.get_doc({"doctype": "School", "school_code": "2121990009", "school_name": "营口市站前区测试第二小学",
						"school_type": "Primary School", "region": "210802", "authority_region": "210802"}).insert()
		pupil = frappe.get_doc(factory.student_data("Y1", grade="13")).insert()
		frappe.db.set_value("Student", pupil.name, {"school": "2121990009", "registration_state": "Approved", "status_label": "Enrolled",
													"on_roll": 1, "in_school": 1, "student_number": f"G{pupil.id_number}"})
		papers = ["签字的转学联系表", "学生基本信息表（转出学校盖章）", "居民户口簿", "实际常住地居住证明"]

		def case(reason, documents):
			frappe.set_user(email("reg_y1"))
			return frappe.get_doc({
				"doctype": "Student Transfer", "student": pupil.name, "student_lookup": f"G{pupil.id_number}", "to_school": school("Y1"),
				"reason": reason, "reason_detail": "测试",
				"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in documents]}).insert()

		with self.freeze_time("2027-01-08 09:00", tick=True):
			old_papers = case("Household Move", ["签字的转学联系表", "户口簿或居住证明", FAMILY])
			self.assertFails(old_papers, EvidenceMissing, "LN 第十四条: 户口簿 and 居住证明 both, and the 学生基本信息表")
			self.assertIn("学生基本信息表", " ".join(frappe.get_doc("Student Transfer", old_papers.name).check_eligibility()))
			self.assertPasses(case("Household Move", papers), "LN 第十四条: the four papers")
			self.assertFails(case("Guardian Job Move", papers), EvidenceMissing, "LN 第十四条: 户籍信息没有变化的，需提供转学原因的相关证明材料")
			self.assertPasses(case("Guardian Job Move", [*papers, "父母或监护人工作调动证明"]), "LN: with the proof of the job move")

	def test_school_system_placement_faq_8(self):
		"""A 五四制 初一 pupil goes on in 六年级 at a 六三制 school (the same sixth year of school)."""
		frappe.db.set_value("School", school("B1"), "school_system", "5-4")
		frappe.db.set_value("School", school("Y1"), "school_system", "6-3")
		frappe.clear_document_cache("School", school("B1"))
		frappe.set_user("Administrator")
		pupil = frappe.get_doc(factory.student_data("B1", grade="21")).insert()
		frappe.db.set_value("Student", pupil.name, {"registration_state": "Approved", "status_label": "Enrolled", "on_roll": 1,
													"in_school": 1, "student_number": f"G{pupil.id_number}"})
		with self.freeze_time("2027-01-08 09:00", tick=True):
			frappe.set_user(email("reg_y1"))
			case = frappe.get_doc({
				"doctype": "Student Transfer", "student": pupil.name, "student_lookup": f"G{pupil.id_number}", "to_school": school("Y1"),
				"reason": "Household Move", "reason_detail": "随父母迁居",
				"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS]}).insert()
			self.assertEqual(case.to_grade, "16")
			self.assertPasses(case, "FAQ 八: placed in 六年级")
			case = frappe.get_doc("Student Transfer", case.name)
			case.to_grade = "21"
			case.save()
			self.assertFails(case, GradePlacementUnderSystem, "FAQ 八: 初一 is not the grade the rules give")

	def test_suspension_reasons_and_evidence_第十八条(self):
		student = registered("Y1", grade="14", registrar="reg_y1", approver="county_y")
		with self.freeze_time("2026-10-12 09:00", tick=True):
			free_text = filed(student.name, "Suspension", LN_ILLNESS, registrar="reg_y1", reason="生病")
			self.assertFails(free_text, ReasonNotListed, "reasons are the policy's codes")
			partial = filed(student.name, "Suspension", ["县级及以上医院证明"], registrar="reg_y1", reason="Illness")
			self.assertFails(partial, EvidenceMissing, "LN 因病: 病历、医疗收费发票")
			self.assertIn("病历", " ".join(partial.check_eligibility()))
			other = filed(student.name, "Suspension", [], registrar="reg_y1", reason="Other Special Reason")
			self.assertFails(other, EvidenceMissing, "LN 其他特殊原因: 有关证明材料")
			case = filed(student.name, "Suspension", LN_ILLNESS, registrar="reg_y1", reason="Illness")
			self.assertPasses(case, "LN 因病 with its three documents")
			self.assertEqual(case.reason_label, "因病")
			act("Roll Change", case.name, "Submit for Approval")
			approve_all(case.name, steps=("head_y1", "county_y"))

			# 第十九条: the resumption after an illness needs the recovery certificate, whatever it says of itself
			back = filed(student.name, "Resumption", [], registrar="reg_y1", to_grade="14")
			self.assertEqual((back.original_case, back.original_reason), (case.name, "Illness"))
			self.assertFails(back, EvidenceMissing, "LN 复学: 康复证明 follows the suspension's reason")
			back = filed(student.name, "Resumption", ["县级及以上医院康复证明"], registrar="reg_y1", to_grade="14")
			self.assertPasses(back, "LN 复学 with the recovery certificate")

	def test_last_term_of_the_graduating_grade_第十九条(self):
		graduating = registered("Y1", grade="16", registrar="reg_y1", approver="county_y")
		fifth = registered("Y1", grade="15", registrar="reg_y1", approver="county_y")
		with self.freeze_time("2027-03-10 09:00", tick=True):
			self.assertFails(filed(graduating.name, "Suspension", LN_ILLNESS, registrar="reg_y1", reason="Illness"),
							 SuspensionInLastTerm, "LN forbid_suspension_last_term")
			self.assertPasses(filed(fifth.name, "Suspension", LN_ILLNESS, registrar="reg_y1", reason="Illness"),
							  "LN: 五年级 is not the graduating grade of a 六三制 school")

	def test_dropout_weeks_第二十三条(self):
		student = registered("Y1", grade="14", registrar="reg_y1", approver="county_y")
		short = filed(student.name, "Dropout", registrar="reg_y1", absence_weeks=3)
		self.assertFails(short, DropoutThresholdNotMet, "LN dropout_absence_weeks 4")
		self.assertPasses(filed(student.name, "Dropout", registrar="reg_y1", absence_weeks=4), "LN: 4 weeks")

	def test_no_withdrawal_or_expulsion_in_compulsory_education_第二十三条(self):
		student = registered("Y1", grade="14", registrar="reg_y1", approver="county_y")
		for change in ("Withdrawal", "Expulsion"):
			case = filed(student.name, change, registrar="reg_y1", guardian_applied=1)
			self.assertFails(case, WithdrawalNotAllowed, f"LN {change}_allowed = No")

	def test_death_evidence_and_deadline_第二十一条(self):
		student = registered("Y1", grade="14", registrar="reg_y1", approver="county_y")
		bare = filed(student.name, "Death", registrar="reg_y1", event_date=add_days(today(), -3))
		self.assertFails(bare, EvidenceMissing, "LN death: 死亡证明")
		case = filed(student.name, "Death", ["死亡证明"], registrar="reg_y1", event_date=add_days(today(), -3))
		self.assertPasses(case, "LN death with its certificate")

	def test_step_deadline_第十五条(self):
		from frappe.utils import getdate

		from xueji_app.services.core.calendar import due_date

		student = registered("Y1", grade="14", registrar="reg_y1", approver="county_y")
		case = filed(student.name, "Dropout", registrar="reg_y1", absence_weeks=5)
		act("Roll Change", case.name, "Submit for Approval")
		case.reload()
		self.assertEqual(getdate(case.steps[0].due_date), due_date(getdate(case.steps[0].opened_on), 10)[0])
		self.assertEqual(case.steps[1].party, "210802")  # LN: the school's 学籍主管部门 approves


class TestYingkouPolicy(RealPolicyCase):
	"""营口市普通高中学籍管理实施细则（试行） on Y2 (city-run, public) and Y3 (county-run, private)."""
	def setUp(self):
		super().setUp()
		frappe.db.set_value("School", school("Y3"), "ownership", "Private School")
		frappe.db.set_value("School", school("Y2"), "is_provincial_model", 1)
		for key in ("Y2", "Y3"):
			frappe.clear_document_cache("School", school(key))

	def test_transfer_reasons_and_window_第十三条(self):
		with self.freeze_time("2027-02-25 09:00", tick=True):  # 开学前两周
			self.assertPasses(self.inbound("Y3", "reg_y3", grade="32"), "YK: 户籍迁移, two weeks before term 2")
			self.assertFails(self.inbound("Y3", "reg_y3", grade="32", reason="Migrant Family Move"),
							 TransferReasonNotAllowed, "YK transfer_reasons (three)")
		with self.freeze_time("2027-03-20 09:00", tick=True):  # 19 days into the term
			self.assertFails(self.inbound("Y3", "reg_y3", grade="32"), OutsideTransferWindow, "YK window ±14 days")

	def test_forbidden_terms_第十三条一6(self):
		with self.freeze_time("2026-09-05 09:00", tick=True):
			self.assertFails(self.inbound("Y3", "reg_y3", grade="31"), ForbiddenTerm, "YK 高一第一学期")
			self.assertPasses(self.inbound("Y3", "reg_y3", grade="32"), "YK: 高二 in term 1")
		with self.freeze_time("2027-02-20 09:00", tick=True):  # the holidays before term 2: a second-term filing
			self.assertFails(self.inbound("Y3", "reg_y3", grade="33"), ForbiddenTerm, "YK 高三第二学期 (filed early)")

	def test_no_transfer_within_the_city_第十三条一1(self):
		pupil = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		with self.freeze_time("2027-02-25 09:00", tick=True):
			frappe.set_user(email("reg_y2"))
			case = frappe.get_doc({
				"doctype": "Student Transfer", "student": pupil.name, "student_lookup": pupil.student_number, "reason": "Household Move",
				"reason_detail": "迁居", "guardian_household_matches": 1,
				"evidence": [{"evidence_type": e, "file": factory.upload("p.jpg")} for e in PROOFS]}).insert()
			self.assertFails(case, SameCityTransferForbidden, "YK forbid_same_city")

	def test_non_model_to_model_from_another_city_第十三条一2(self):
		with self.freeze_time("2027-02-25 09:00", tick=True):
			self.assertFails(self.inbound("Y2", "reg_y2", grade="32"), NonModelToModelForbidden,
							 "YK: 甲市 non-model school → Yingkou model school")
			frappe.db.set_value("School", school("A2"), "is_provincial_model", 1)
			frappe.clear_document_cache("School", school("A2"))
			self.assertPasses(self.inbound("Y2", "reg_y2", grade="32"), "YK: model → model")

	def test_school_cap_第十三条一4(self):
		frappe.db.set_value("School", school("Y2"), "is_provincial_model", 0)
		frappe.clear_document_cache("School", school("Y2"))
		with self.freeze_time("2027-02-25 09:00", tick=True):
			self.assertPasses(self.inbound("Y2", "reg_y2", grade="32"), "YK receiving_school_cap: room")
			now = frappe.utils.now()
			on_roll = frappe.db.count("Student", {"school": school("Y2"), "on_roll": 1})
			frappe.db.bulk_insert("Student", ["name", "creation", "modified", "owner", "modified_by", "student_name", "school", "grade",
											  "on_roll", "in_school", "status_label"],
								  [[f"XJ-CAP3000-{i}", now, now, "Administrator", "Administrator", f"校额{i}", school("Y2"), "32", 1, 1,
									"Enrolled"] for i in range(3000 - on_roll)])
			self.assertFails(self.inbound("Y2", "reg_y2", grade="32"), ReceivingSchoolFull, "YK receiving_school_cap 3000")

	def test_exam_registration_and_household_第十三条一5_8(self):
		with self.freeze_time("2027-02-25 09:00", tick=True):
			self.assertFails(self.inbound("Y3", "reg_y3", grade="32", exam_registered=1), AfterExamRegistration,
							 "YK forbid_after_exam_registration")
			self.assertFails(self.inbound("Y3", "reg_y3", grade="32", guardian_household_matches=0), GuardianHouseholdMismatch,
							 "YK require_guardian_household_match")

	def test_suspension_evidence_count_and_city_第十四条(self):
		student = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		with self.freeze_time("2026-10-12 09:00", tick=True):
			partial = filed(student.name, "Suspension", ["县级及以上医疗单位诊断证明"], registrar="reg_y3", reason="Illness")
			self.assertFails(partial, EvidenceMissing, "YK 第十四条(二): 休学申请表")
			case = filed(student.name, "Suspension", YK_ILLNESS, registrar="reg_y3", reason="Illness")
			self.assertPasses(case, "YK suspension with its documents")
			self.assertEqual(case.approving_region, "210800")  # 经市教育局核准, though Y3's roll authority is the county
			for n in range(2):  # two earlier suspensions (第十四条(三): 休学次数不得超过2次)
				frappe.get_doc({"doctype": "Roll Change", "name": f"XJYD-CAP-{n}-{student.name}", "student": student.name,
								"change_type": "Suspension", "change_state": "Approved", "school": school("Y3"), "grade": "32",
								"filing_date": "2025-10-01", "applied_on": "2025-10-10", "effective_until": "2026-09-01"}).db_insert()
			self.assertFails(case, SuspensionCountExceeded, "YK suspension_max_count 2")

	def test_last_term_suspension_after_the_exam_registration_第十四条三(self):
		"""高三 in the last term: refused, unless a serious accident or illness after the 高考 registration is stated
		and shown (the exam registration and the diagnosis)."""
		student = registered("Y3", grade="33", registrar="reg_y3", approver="county_y")
		with self.freeze_time("2027-04-12 09:00", tick=True):
			plain = filed(student.name, "Suspension", YK_ILLNESS, registrar="reg_y3", reason="Illness")
			self.assertFails(plain, SuspensionInLastTerm, "YK 第十四条(三): 毕业年级最后一学期原则上不允许休学")
			stated = filed(student.name, "Suspension", YK_ILLNESS, registrar="reg_y3", reason="Illness", after_exam_emergency=1)
			self.assertFails(stated, EvidenceMissing, "YK 第十四条(三): the exception needs its proof")
			self.assertIn("高考报名证明", stated.required_documents()["missing"])
			shown = filed(student.name, "Suspension", [*YK_ILLNESS, "高考报名证明"], registrar="reg_y3", reason="Illness",
						  after_exam_emergency=1)
			self.assertPasses(shown, "YK 第十四条(三): 高考报考后如遇重大事故或严重疾病确需休学的")
			act("Roll Change", shown.name, "Submit for Approval")
			approve_all(shown.name, steps=("head_y3", "city_y"))
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Suspended")

	def test_resumption_before_expiry_第十四条四(self):
		student = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		case = filed(student.name, "Suspension", YK_ILLNESS, registrar="reg_y3", reason="Illness")
		act("Roll Change", case.name, "Submit for Approval")
		approve_all(case.name, steps=("head_y3", "city_y"))
		back = filed(student.name, "Resumption", ["县级及以上医疗单位诊断证明"], registrar="reg_y3", to_grade="32")
		self.assertPasses(back, "YK resumption before the suspension ends, with the diagnosis")
		frappe.db.set_value("Roll Change", case.name, "effective_until", add_days(today(), -5))
		self.assertFails(back, ResumptionApplicationLate, "YK resumption_apply_workdays_before_expiry")
		bare = frappe.get_doc("Roll Change", back.name)
		bare.evidence = []
		bare.save()
		self.assertFails(bare, EvidenceMissing, "YK 复学 after illness: 诊断证明 follows the suspension")

	def test_withdrawal_grounds_and_school_meeting_第十五条(self):
		student = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		bare = filed(student.name, "Withdrawal", registrar="reg_y3", reason="Truancy", truancy_continuous_weeks=6)
		self.assertFails(bare, EvidenceMissing, "YK withdrawal: 校务会议记录")
		short = filed(student.name, "Withdrawal", ["校务会议记录"], registrar="reg_y3", reason="Truancy", truancy_continuous_weeks=5,
					  truancy_cumulative_weeks=7)
		self.assertFails(short, WithdrawalGroundNotMet, "YK truancy 6 / 8 weeks")
		self.assertPasses(filed(student.name, "Withdrawal", ["校务会议记录"], registrar="reg_y3", reason="Truancy",
								truancy_cumulative_weeks=8), "YK: 累计旷课8周")

	def test_guardian_withdrawal_and_continuous_suspension_第十五条(self):
		student = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		guardian = filed(student.name, "Withdrawal", ["校务会议记录"], registrar="reg_y3", reason="Guardian Application", guardian_applied=1)
		self.assertFails(guardian, EvidenceMissing, "YK 第十五条(一)4: 退学申请表")
		self.assertPasses(filed(student.name, "Withdrawal", ["校务会议记录", "退学申请表（监护人书面申请）"], registrar="reg_y3",
								reason="Guardian Application", guardian_applied=1), "YK guardian's withdrawal")
		frappe.db.rollback()
		other = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		case = filed(other.name, "Withdrawal", ["校务会议记录"], registrar="reg_y3", reason="Continuous Suspension")
		self.assertFails(case, WithdrawalGroundNotMet, "YK withdrawal_continuous_suspension_years 2")

	def test_expulsion_and_grade_changes(self):
		student = registered("Y3", grade="32", registrar="reg_y3", approver="county_y")
		bare = filed(student.name, "Expulsion", registrar="reg_y3")
		self.assertFails(bare, EvidenceMissing, "YK 第二十一条: 校务会议记录")
		self.assertPasses(filed(student.name, "Expulsion", ["校务会议记录"], registrar="reg_y3"), "YK expulsion with the record")
		for change, grade in (("Repeat a Grade", "31"), ("Skip a Grade", "33")):
			case = filed(student.name, change, registrar="reg_y3", to_grade=grade)
			self.assertFails(case, GradeChangeNotAllowed, f"YK 第十七条: no {change}")
