import datetime as dt

import pytest

from xueji_app.rules import chains
from xueji_app.rules import eligibility as el
from xueji_app.rules import policy as p
from xueji_app.rules.policy import ILLNESS
from xueji_app.rules.standard_policies import HOSPITAL, MEDICAL_INVOICE, MEDICAL_RECORD, layers_for
from xueji_app.rules.eligibility import (
	AfterExamRegistration,
	DropoutThresholdNotMet,
	EvidenceMissing,
	ForbiddenTerm,
	GradeChangeDirection,
	GradeChangeNotAllowed,
	GradeMustStaySame,
	GradePlacementUnderSystem,
	GuardianHouseholdMismatch,
	NonModelToModelForbidden,
	NotEnrolledInSchool,
	NotInStatus,
	OpenCaseExists,
	OutsideTransferWindow,
	PrivateToPublicForbidden,
	ReasonNotListed,
	ReasonRequired,
	ReceivingClassFull,
	ReceivingSchoolFull,
	ResumptionApplicationLate,
	SameCityTransferForbidden,
	SameSchoolTransfer,
	SuspensionCountExceeded,
	SuspensionInLastTerm,
	TransferReasonNotAllowed,
	WithdrawalGroundNotMet,
	WithdrawalGroundsMissing,
)
from xueji_app.rules.policy import ReasonCodeDuplicate

LIAONING = ["210000"]
YINGKOU = ["210000", "210800"]


def pol(chain, stage):
	return p.resolve(layers_for(chain, stage))


NAT = p.resolve(layers_for([], "Senior"))
LN = pol(LIAONING, "Primary")
YK = pol(YINGKOU, "Senior")
YK_PRIMARY = pol(YINGKOU, "Primary")  # Yingkou's high-school rules do not reach primary schools

TERMS = [el.Term(1, dt.date(2026, 9, 1), dt.date(2027, 1, 20)), el.Term(2, dt.date(2027, 3, 1), dt.date(2027, 7, 10))]
ENROLLED = el.StudentFacts(status_label="Enrolled", grade="32")


def kinds(violations):
	return {type(v) for v in violations}


def facts(**kw):
	base = dict(reason=p.HOUSEHOLD_MOVE, from_school="A", to_school="B", from_grade="32", to_grade="32",
				filing_date=dt.date(2027, 3, 5), terms=TERMS, from_city="210100", to_city="210800")
	base.update(kw)
	return el.TransferFacts(**base)


def test_resolution_nearest_wins_and_mappings_merge():
	assert NAT.step_deadline_workdays == 10 and NAT.window_after_term_start_days is None
	assert LN.window_after_term_start_days == 31 and LN.suspension_max_count is None
	assert YK.window_after_term_start_days == 14 and YK.suspension_max_count == 2
	assert YK.approver_for(p.TRANSFER) == p.CITY and LN.approver_for(p.TRANSFER) == p.AUTHORITY
	assert YK.evidence_for(p.DEATH) == ("死亡证明",)  # from the national layer
	assert YK_PRIMARY.window_after_term_start_days == 31  # LN applies, YK does not
	city_override = p.resolve([{"step_deadline_workdays": 10, "approver": {"Transfer": "County"}},
							   {"step_deadline_workdays": 7, "approver": {"Suspension": "City"}}, {"step_deadline_workdays": None}])
	assert city_override.step_deadline_workdays == 7
	assert city_override.approver == {"Transfer": "County", "Suspension": "City"}


def test_yk_valid_transfer_from_another_city():
	assert el.transfer(YK, ENROLLED, facts()) == []


def test_every_failing_rule_is_listed():
	student = el.StudentFacts(status_label="Suspended", has_open_case=True, grade="31", household_matches_guardian=False)
	bad = facts(reason=p.HEALTH_CHANGE, from_grade="31", to_grade="32", filing_date=dt.date(2026, 11, 2),
				from_city="210800", to_city="210800", to_school_size=3000, to_class_size=50, exam_registered=True)
	found = kinds(el.transfer(YK, student, bad))
	assert found == {
		NotEnrolledInSchool, OpenCaseExists, TransferReasonNotAllowed, GradeMustStaySame, OutsideTransferWindow,
		ForbiddenTerm, SameCityTransferForbidden, ReceivingSchoolFull, ReceivingClassFull, AfterExamRegistration,
		GuardianHouseholdMismatch,
	}


@pytest.mark.parametrize("day,ok", [("2027-02-15", True), ("2027-03-15", True), ("2027-03-16", False), ("2027-02-14", False), ("2026-11-20", False)])
def test_yk_window_two_weeks_around_term_start(day, ok):
	assert (OutsideTransferWindow not in kinds(el.transfer(YK, ENROLLED, facts(filing_date=dt.date.fromisoformat(day))))) == ok


@pytest.mark.parametrize("day,ok", [("2026-09-20", True), ("2026-10-15", False), ("2026-12-25", True), ("2027-03-31", True), ("2027-05-01", False)])
def test_ln_window_first_month_or_last_month(day, ok):
	f = facts(filing_date=dt.date.fromisoformat(day), from_grade="13", to_grade="13")
	assert (OutsideTransferWindow not in kinds(el.transfer(LN, ENROLLED, f))) == ok


def test_national_has_no_window_but_same_grade():
	assert el.transfer(NAT, ENROLLED, facts(filing_date=dt.date(2026, 11, 2))) == []
	assert kinds(el.transfer(NAT, ENROLLED, facts(to_grade="33"))) == {GradeMustStaySame}


def test_yk_model_and_private_rules_apply_only_from_other_cities():
	assert kinds(el.transfer(YK, ENROLLED, facts(to_model=True))) == {NonModelToModelForbidden}
	assert el.transfer(YK, ENROLLED, facts(to_model=True, from_model=True)) == []
	assert kinds(el.transfer(YK, ENROLLED, facts(from_private=True))) == {PrivateToPublicForbidden}
	assert el.transfer(YK, ENROLLED, facts(from_private=True, to_private=True)) == []
	assert el.transfer(LN, ENROLLED, facts(from_private=True, from_grade="13", to_grade="13", filing_date=dt.date(2027, 3, 5))) == []


def test_ln_reasons():
	assert kinds(el.transfer(LN, ENROLLED, facts(reason=p.RESIDENCE_MOVE))) == {TransferReasonNotAllowed}
	assert el.transfer(LN, ENROLLED, facts(reason=p.HEALTH_CHANGE)) == []


def test_same_school():
	assert SameSchoolTransfer in kinds(el.transfer(NAT, ENROLLED, facts(to_school="A")))


def test_suspension_rules():
	graduating = el.StudentFacts(status_label="Enrolled", grade="33", is_graduating_grade=True)
	assert kinds(el.suspension(LN, graduating, dt.date(2027, 4, 1), TERMS)) == {SuspensionInLastTerm}
	assert el.suspension(LN, graduating, dt.date(2026, 10, 1), TERMS) == []
	twice = el.StudentFacts(status_label="Enrolled", grade="32", suspension_count=2)
	assert kinds(el.suspension(YK, twice, dt.date(2026, 10, 1), TERMS)) == {SuspensionCountExceeded}
	assert el.suspension(LN, twice, dt.date(2026, 10, 1), TERMS) == []


def test_resumption_rules():
	assert kinds(el.resumption(YK, ENROLLED, dt.date(2027, 3, 1))) == {NotInStatus}
	suspended = el.StudentFacts(status_label="Suspended", grade="32", suspended_until=dt.date(2027, 3, 1))
	assert el.resumption(YK, suspended, dt.date(2027, 2, 20)) == []
	assert kinds(el.resumption(YK, suspended, dt.date(2027, 3, 2))) == {ResumptionApplicationLate}
	assert el.resumption(LN, suspended, dt.date(2027, 3, 2)) == []  # LN sets no application deadline


def test_dropout_threshold():
	assert kinds(el.dropout(LN, ENROLLED, 3)) == {DropoutThresholdNotMet}
	assert el.dropout(LN, ENROLLED, 4) == []


def test_withdrawal_grounds():
	assert kinds(el.withdrawal(YK, ENROLLED, el.WithdrawalFacts())) == {WithdrawalGroundsMissing}
	for grounds in (el.WithdrawalFacts(guardian_applied=True), el.WithdrawalFacts(truancy_continuous_weeks=6),
					el.WithdrawalFacts(truancy_cumulative_weeks=8), el.WithdrawalFacts(workdays_since_suspension_end=20),
					el.WithdrawalFacts(continuous_suspension_years=2)):
		assert el.withdrawal(YK, ENROLLED, grounds) == []
	assert kinds(el.withdrawal(YK, ENROLLED, el.WithdrawalFacts(truancy_continuous_weeks=5))) == {WithdrawalGroundsMissing}
	suspended = el.StudentFacts(status_label="Suspended", grade="32")
	assert el.withdrawal(YK, suspended, el.WithdrawalFacts(continuous_suspension_years=2)) == []


def test_repeat_and_skip():
	student = el.StudentFacts(status_label="Enrolled", grade="14")
	assert el.grade_change(LN, student, p.REPEAT, "13") == []
	assert el.grade_change(LN, student, p.SKIP, "15") == []
	assert kinds(el.grade_change(LN, student, p.REPEAT, "15")) == {GradeChangeDirection}
	assert kinds(el.grade_change(LN, student, p.SKIP, "21")) == {GradeChangeDirection}
	assert kinds(el.grade_change(YK, el.StudentFacts(status_label="Enrolled", grade="32"), p.REPEAT, "31")) == {GradeChangeNotAllowed}


def test_evidence():
	assert kinds(el.missing_evidence(LN, p.SUSPENSION, ILLNESS, [])) == {EvidenceMissing}
	assert el.missing_evidence(LN, p.SUSPENSION, ILLNESS, [HOSPITAL, MEDICAL_RECORD, MEDICAL_INVOICE]) == []
	assert el.missing_evidence(LN, p.SUSPENSION, p.OTHER_SPECIAL_REASON, ["有关证明材料"]) == []
	assert "死亡证明" in el.missing_evidence(NAT, p.DEATH, None, [])[0].params["missing"]


def test_transfer_chains():
	four = chains.transfer_chain("B", "210803", "A", "210802")
	assert [x.key for x in four] == ["Receiving School", "Receiving Authority", "Sending School", "Sending Authority"]
	shared = chains.transfer_chain("B", "210802", "A", "210802")
	assert [x.key for x in shared] == ["Receiving School", "Sending School", "Own Authority"]
	nxt = chains.transfer_chain("B", "110105", "A", "210802", next_stage=True)
	assert [x.key for x in nxt] == ["Receiving School", "Receiving Authority", "Sending Authority"]
	outside = chains.transfer_chain("B", "210802", "外省某校", "110105", from_outside=True)
	assert [x.recorded_by for x in outside] == [None, None, "210802", "210802"]


def test_approving_region():
	levels = {"County": "210802", "City": "210800", "Province": "210000"}
	assert chains.approving_region("Authority", "210802", levels) == "210802"
	assert chains.approving_region("City", "210802", levels) == "210800"


def test_both_sides_policies_apply_to_a_transfer_and_say_whose_rule():
	# a Yingkou 高三 pupil moving out, in the second term, to a school whose own policy has no such ban
	out = el.transfer_both(NAT, YK, ENROLLED, facts(from_grade="33", to_grade="33"))
	assert kinds(out) == {ForbiddenTerm}
	assert out[0].side == el.SENDING
	# moving in is refused by the receiving side's rule
	inward = el.transfer_both(YK, NAT, ENROLLED, facts(from_grade="33", to_grade="33"))
	assert kinds(inward) == {ForbiddenTerm} and inward[0].side == el.RECEIVING
	# a rule both sides break is told once; one policy for both: no side named
	both = el.transfer_both(YK, YK, ENROLLED, facts(from_grade="33", to_grade="33"))
	assert kinds(both) == {ForbiddenTerm} and both[0].side is None
	assert el.transfer_both(NAT, None, ENROLLED, facts(from_grade="33", to_grade="33")) == []


@pytest.mark.parametrize("day,forbidden", [("2027-02-15", True), ("2027-03-05", True), ("2027-01-10", False), ("2026-08-25", False)])
def test_a_filing_in_the_holidays_counts_for_the_term_it_leads_into(day, forbidden):
	# YK forbids 高三 transfers in the second term: two weeks before it starts is already the second term
	out = el.transfer(YK, ENROLLED, facts(from_grade="33", to_grade="33", filing_date=dt.date.fromisoformat(day)))
	assert (ForbiddenTerm in kinds(out)) == forbidden


# --- reasons as codes, evidence that follows the case a change ends (#13) ----------------------------------


def test_reasons_are_the_policys_codes():
	assert [code for code, _label in LN.reasons_for(p.SUSPENSION)] == [p.ILLNESS, p.OTHER_SPECIAL_REASON]
	assert LN.reason_label(p.SUSPENSION, p.ILLNESS) == "因病"
	assert el.reason_violations(LN, p.SUSPENSION, p.ILLNESS) == []
	assert kinds(el.reason_violations(LN, p.SUSPENSION, "生病")) == {ReasonNotListed}  # free text is not a reason
	assert kinds(el.reason_violations(LN, p.SUSPENSION, None)) == {ReasonRequired}
	assert kinds(el.reason_violations(LN, p.DEATH, p.ILLNESS)) == {ReasonNotListed}  # none listed for 死亡
	assert el.reason_violations(LN, p.DEATH, None) == []
	assert "因病、其他特殊原因" in el.reason_violations(LN, p.SUSPENSION, None)[0].render()


def test_a_city_replaces_the_reasons_of_one_change_type_only():
	city = p.resolve([*layers_for(YINGKOU, "Senior"), {"change_reasons": {p.SUSPENSION: [("Study Pressure", "学业压力")]}}])
	assert city.reasons_for(p.SUSPENSION) == (("Study Pressure", "学业压力"),)
	assert len(city.reasons_for(p.WITHDRAWAL)) == 4  # Yingkou's withdrawal grounds stay
	with pytest.raises(ReasonCodeDuplicate):
		p.reason_table([(p.SUSPENSION, "X", "甲"), (p.SUSPENSION, "X", "乙")])


def test_evidence_of_ln_suspension_by_reason():
	"""LN 第十八条: 因病 — 县级及以上医院证明、病历及医疗收费发票; 其他特殊原因 — 有关证明材料."""
	assert LN.evidence_for(p.SUSPENSION, p.ILLNESS) == (HOSPITAL, MEDICAL_RECORD, MEDICAL_INVOICE)
	assert LN.evidence_for(p.SUSPENSION, p.OTHER_SPECIAL_REASON) == ("有关证明材料",)


def test_resumption_evidence_follows_the_suspension_whatever_the_resumption_says():
	"""LN 第十九条: 因病休学的学生复学时应提供…康复证明 — the reason of the suspension, not of the resumption."""
	assert LN.evidence_for(p.RESUMPTION, None, p.ILLNESS) == ("县级及以上医院康复证明",)
	assert LN.evidence_for(p.RESUMPTION, None, p.OTHER_SPECIAL_REASON) == ()
	assert kinds(el.missing_evidence(LN, p.RESUMPTION, None, [], original_reason=p.ILLNESS)) == {EvidenceMissing}
	assert YK.evidence_for(p.RESUMPTION, None, p.ILLNESS) == ("县级及以上医疗单位诊断证明",)
	assert p.FOLLOWS[p.RESUMPTION] == p.SUSPENSION and p.FOLLOWS[p.SUSPENSION_EXTENSION] == p.SUSPENSION


def test_yk_withdrawal_needs_the_school_meeting_and_the_named_ground():
	"""YK 第十五条: every withdrawal the school decides goes through 校务会议; a guardian's application carries the form;
	the reason names a ground, and that ground must be met."""
	assert YK.evidence_for(p.WITHDRAWAL, p.TRUANCY) == ("校务会议记录",)
	assert YK.evidence_for(p.WITHDRAWAL, p.GUARDIAN_APPLICATION) == ("校务会议记录", "退学申请表（监护人书面申请）")
	truant = el.WithdrawalFacts(reason=p.TRUANCY, truancy_continuous_weeks=6)
	assert el.withdrawal(YK, ENROLLED, truant) == []
	assert el.withdrawal(YK, ENROLLED, el.WithdrawalFacts(reason=p.TRUANCY, truancy_cumulative_weeks=8)) == []
	short = el.WithdrawalFacts(reason=p.TRUANCY, truancy_continuous_weeks=5, truancy_cumulative_weeks=7, guardian_applied=True)
	refused = el.withdrawal(YK, ENROLLED, short)
	assert kinds(refused) == {WithdrawalGroundNotMet} and "旷课" in refused[0].render()
	lapsed = el.WithdrawalFacts(reason=p.SUSPENSION_LAPSED, workdays_since_suspension_end=20)
	assert el.withdrawal(YK, ENROLLED, lapsed) == []
	early = el.WithdrawalFacts(reason=p.SUSPENSION_LAPSED, workdays_since_suspension_end=19)
	assert kinds(el.withdrawal(YK, ENROLLED, early)) == {WithdrawalGroundNotMet}
	assert kinds(el.withdrawal(YK, ENROLLED, el.WithdrawalFacts(reason=p.CONTINUOUS_SUSPENSION, continuous_suspension_years=1.9))) == {
		WithdrawalGroundNotMet}


def test_ln_holiday_filings_are_in_the_window():
	"""LN 第十五条 (一般在学期结束前或新学期开学后1个月内): a filing in the winter holidays, before term 2 opens, is accepted;
	mid-term it is not. Yingkou's two weeks around the start keep the holidays outside."""
	winter = dt.date(2027, 2, 5)
	assert LN.window_includes_holidays and not YK.window_includes_holidays
	assert el.in_window(LN, winter, TERMS)
	assert not el.in_window(LN, dt.date(2026, 11, 16), TERMS)
	assert not el.in_window(YK, winter, TERMS)
	assert not el.in_window(p.resolve([*layers_for(LIAONING, "Primary"), {"window_includes_holidays": False}]), winter, TERMS)


def test_faq_8_placement_between_school_systems():
	"""FAQ 第八问: 两地学制不同…由转入地…确定就读年级 — the same year of school under the receiving school's 学制."""
	assert el.placement_grade("21", "5-4", "6-3") == "16"  # 五四制初一 (6th year) → 六三制六年级
	assert el.placement_grade("16", "6-3", "5-4") == "21"
	assert el.placement_grade("22", "5-4", "6-3") == "21"
	assert el.placement_grade("24", "5-4", "6-3") == "23"
	assert el.placement_grade("15", "6-3", "6-3") == "15"
	assert el.placement_grade("32", "5-4", "6-3") == "32"
	ok = facts(from_grade="21", to_grade="16", from_system="5-4", to_system="6-3", filing_date=dt.date(2026, 9, 10))
	assert el.transfer(LN, el.StudentFacts(status_label="Enrolled", grade="21"), ok) == []
	kept = facts(from_grade="21", to_grade="21", from_system="5-4", to_system="6-3", filing_date=dt.date(2026, 9, 10))
	refused = el.transfer(LN, el.StudentFacts(status_label="Enrolled", grade="21"), kept)
	assert kinds(refused) == {GradePlacementUnderSystem} and "16" in refused[0].render()


def test_faq_12_cross_province_transfers_carry_the_family_application_only():
	assert el.transfer_documents(LN, p.HOUSEHOLD_MOVE, cross_province=True) == ("家长书面申请",)
	assert el.transfer_documents(NAT, p.HOUSEHOLD_MOVE, cross_province=False) == ("签字的转学联系表", "户口簿或居住证明")


def test_ln_transfer_papers_第十四条():
	"""LN 第十四条: the signed 转学联系表, the stamped 学生基本信息表, the 户口簿 and the proof of residence (both), and where the
	household did not move, a proof of the reason."""
	papers = ("签字的转学联系表", "学生基本信息表（转出学校盖章）", "居民户口簿", "实际常住地居住证明")
	assert el.transfer_documents(LN, p.HOUSEHOLD_MOVE, cross_province=False) == papers
	assert el.transfer_documents(LN, p.GUARDIAN_JOB_MOVE, cross_province=False) == (*papers, "父母或监护人工作调动证明")
	assert el.transfer_documents(LN, p.GUARDIAN_JOB_MOVE, cross_province=True) == ("家长书面申请",)


def test_yk_prior_review_comes_first_and_the_archive_is_the_citys():
	"""YK 第十三条(三): 市教育局审核通过后指定转入学校, then the schools and bureaus; 第五步 报送市教育局存档."""
	assert (YK.transfer_prior_review, YK.transfer_archive) == (p.CITY, p.CITY)
	assert LN.transfer_prior_review is None and NAT.transfer_archive is None
	parties = chains.transfer_chain("Y3", "210800", "A2", "990100", prior_review="210800")
	assert [(x.side, x.node) for x in parties] == [
		(chains.PRIOR, "210800"), (chains.TO, "Y3"), (chains.TO, "210800"), (chains.FROM, "A2"), (chains.FROM, "990100")]
	assert parties[0].key == "Prior Review Authority"
	nxt = chains.transfer_chain("Y3", "210800", "A2", "990100", next_stage=True, prior_review="210800")
	assert chains.PRIOR not in [x.side for x in nxt]  # 升学 is not a transfer in


def test_time_in_school_leaves_out_suspensions_and_time_abroad():
	from xueji_app.rules.outcomes import years_in_school

	start, end = dt.date(2026, 9, 1), dt.date(2027, 12, 1)
	# seven weeks at school, then suspended ever since: seven weeks of study, not fifteen months
	assert years_in_school(start, end, [(dt.date(2026, 10, 20), "Suspension")]) == round(49 / 365.25, 2)
	# suspended for a year and back: the year away does not count
	back = [(dt.date(2026, 10, 20), "Suspension"), (dt.date(2027, 10, 20), "Resumption")]
	assert years_in_school(start, end, back) == round(((end - start).days - 365) / 365.25, 2)
	# an extension inside a suspension changes nothing; time abroad counts like a suspension
	extended = [(dt.date(2026, 10, 20), "Suspension"), (dt.date(2027, 9, 1), "Suspension Extension")]
	assert years_in_school(start, end, extended) == round(49 / 365.25, 2)
	abroad = [(dt.date(2027, 3, 1), "Going Abroad"), (dt.date(2027, 6, 1), "Return from Abroad")]
	assert years_in_school(start, end, abroad) == round(((end - start).days - 92) / 365.25, 2)
	# events before entering the stage are cut at its start; nothing recorded: all the time counts
	assert years_in_school(start, end, []) == round((end - start).days / 365.25, 2)
	assert years_in_school(end, start, []) == 0.0


def test_incomplete_only_after_a_year_in_school():
	from xueji_app.rules.outcomes import INCOMPLETE, WITHDRAWN, withdrawal_status, years_in_school

	seven_weeks = years_in_school(dt.date(2026, 9, 1), dt.date(2027, 12, 1), [(dt.date(2026, 10, 20), "Suspension")])
	assert withdrawal_status(YK, seven_weeks) == WITHDRAWN
	assert withdrawal_status(YK, 1.2) == INCOMPLETE


def test_last_term_suspension_after_the_exam_registration_is_yingkous_exception():
	"""YK 第十四条(三): 毕业年级最后一学期原则上不允许休学，高考报考后如遇重大事故或严重疾病确需休学的 (with its proof)."""
	graduating = el.StudentFacts(status_label="Enrolled", grade="33", is_graduating_grade=True)
	last_term = dt.date(2027, 4, 1)
	assert kinds(el.suspension(YK, graduating, last_term, TERMS)) == {SuspensionInLastTerm}
	assert el.suspension(YK, graduating, last_term, TERMS, after_exam_emergency=True) == []
	# Liaoning's compulsory-school rules have no such exception
	assert kinds(el.suspension(LN, graduating, last_term, TERMS, after_exam_emergency=True)) == {SuspensionInLastTerm}
	assert YK.exception_evidence("Suspension", el.LAST_TERM_EXCEPTION) == ("高考报名证明", "县级及以上医疗单位诊断证明")
	assert LN.exception_evidence("Suspension", el.LAST_TERM_EXCEPTION) == ()
