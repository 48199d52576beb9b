"""The year-end outcome rules (rules.school_year) and the suspension/withdrawal lifecycle rules."""

from __future__ import annotations

import datetime as dt

import pytest

from xueji_app.rules import eligibility, outcomes
from xueji_app.rules import policy as p
from xueji_app.rules import school_year as sy
from xueji_app.rules.eligibility import StudentFacts
from xueji_app.rules.schools import JUNIOR, PRIMARY, SENIOR
from xueji_app.rules.standard_policies import STANDARD, layers_for
from xueji_app.rules.eligibility import (
	EventDateRequired,
	ExtensionAfterExpiry,
	FallbackAdmissionDone,
	FallbackAdmissionNotAvailable,
	FallbackAdmissionNotYet,
	NextStageGrade,
	NextStageNotFinished,
	NotInStatus,
	OutsideAdmissionWindow,
	SuspensionExtensionsExceeded,
	WithdrawalGroundsMissing,
	WithdrawalNotAllowed,
)
from xueji_app.rules.policy import MonthDayInvalid
from xueji_app.rules.school_year import CertificateFormatInvalid, CertificateNotEarned

PRIMARY_ONLY = (PRIMARY,)
NINE_YEAR = (PRIMARY, JUNIOR)
COMPLETE_MIDDLE = (JUNIOR, SENIOR)


def student(grade, status="Enrolled", **kw):
	return sy.StudentYear(name="S1", grade=grade, status_label=status, **kw)


def liaoning(stage=PRIMARY):
	return p.resolve(layers_for(["210000", "210800", "210802"], stage))


def yingkou_senior():
	return p.resolve(layers_for(["210000", "210800", "210802"], SENIOR))


@pytest.mark.parametrize("stage, system, last", [
	(PRIMARY, sy.SIX_THREE, "16"), (PRIMARY, sy.FIVE_FOUR, "15"), (JUNIOR, sy.SIX_THREE, "23"),
	(JUNIOR, sy.FIVE_FOUR, "24"), (SENIOR, sy.SIX_THREE, "33"), (SENIOR, sy.FIVE_FOUR, "33"),
])
def test_graduating_grade_follows_the_school_system(stage, system, last):
	assert sy.graduating_grade(stage, system) == last
	assert sy.is_graduating(last, system)


def test_primary_grades_are_promoted_one_by_one():
	for grade, following in zip(("11", "12", "13", "14", "15"), ("12", "13", "14", "15", "16"), strict=True):
		result = sy.outcome(student(grade), sy.SIX_THREE, PRIMARY_ONLY)
		assert (result.kind, result.to_grade, result.to_status) == (sy.PROMOTE, following, None)


def test_sixth_grade_graduates_under_six_three():
	result = sy.outcome(student("16"), sy.SIX_THREE, PRIMARY_ONLY)
	assert (result.kind, result.to_status) == (sy.GRADUATE, "Graduated")


def test_fifth_grade_graduates_under_five_four_and_sixth_grade_is_not_a_grade():
	assert sy.outcome(student("15"), sy.FIVE_FOUR, PRIMARY_ONLY).kind == sy.GRADUATE
	held = sy.outcome(student("16"), sy.FIVE_FOUR, PRIMARY_ONLY)
	assert held.kind == sy.HOLD and "does not exist" in held.reason.render()


def test_junior_third_year_graduates_under_six_three_but_is_promoted_under_five_four():
	assert sy.outcome(student("23"), sy.SIX_THREE, (JUNIOR,)).kind == sy.GRADUATE
	result = sy.outcome(student("23"), sy.FIVE_FOUR, (JUNIOR,))
	assert (result.kind, result.to_grade) == (sy.PROMOTE, "24")
	assert sy.outcome(student("24"), sy.FIVE_FOUR, (JUNIOR,)).kind == sy.GRADUATE


def test_nine_year_school_sixth_graders_continue_into_its_junior_section():
	result = sy.outcome(student("16"), sy.SIX_THREE, NINE_YEAR)
	assert (result.kind, result.to_grade, result.to_status) == (sy.CONTINUE, "21", None)
	result = sy.outcome(student("15"), sy.FIVE_FOUR, NINE_YEAR)
	assert (result.kind, result.to_grade) == (sy.CONTINUE, "21")


def test_complete_middle_school_junior_graduates_need_admission_to_senior():
	"""高中 is entered by 中考: a 完全中学's 初三 graduates, it does not continue automatically."""
	result = sy.outcome(student("23"), sy.SIX_THREE, COMPLETE_MIDDLE)
	assert (result.kind, result.to_status) == (sy.GRADUATE, "Graduated")
	assert sy.outcome(student("33"), sy.SIX_THREE, COMPLETE_MIDDLE).kind == sy.GRADUATE


def test_repeater_repeats_the_grade_he_was_moved_out_of():
	result = sy.outcome(student("12", repeated_from="13"), sy.SIX_THREE, PRIMARY_ONLY)
	assert (result.kind, result.to_grade) == (sy.REPEAT, "13")


@pytest.mark.parametrize("status", ["Suspended", "Abroad", "Dropped Out"])
def test_students_not_in_school_are_held_in_grade(status):
	result = sy.outcome(student("13", status=status), sy.SIX_THREE, PRIMARY_ONLY)
	assert (result.kind, result.to_grade) == (sy.HOLD, "13")
	assert status in result.reason.render()


def test_open_case_and_unregistered_students_are_held():
	result = sy.outcome(student("16", open_case_type="Roll Change", open_case="XJYD-1"), sy.SIX_THREE, PRIMARY_ONLY)
	assert result.kind == sy.HOLD and "XJYD-1" in result.reason.render()
	assert sy.outcome(student("11", registered=False), sy.SIX_THREE, PRIMARY_ONLY).kind == sy.HOLD


def test_graduating_student_who_fails_a_condition_completes():
	result = sy.outcome(student("33", failed_condition="学业水平合格性考试所有科目和考查科目均合格"), sy.SIX_THREE, (SENIOR,))
	assert (result.kind, result.to_status) == (sy.COMPLETE, "Completed")
	assert "合格性考试" in result.reason.render()


def test_summary_counts_and_attention_list():
	results = [(student(g), sy.outcome(student(g), sy.SIX_THREE, PRIMARY_ONLY)) for g in ("11", "11", "16")]
	held = student("13", status="Suspended", school_class="C3")
	results.append((held, sy.outcome(held, sy.SIX_THREE, PRIMARY_ONLY)))
	summary = sy.summarize(results)
	assert summary.total == 4
	assert summary.by_outcome[sy.PROMOTE] == 2 and summary.by_outcome[sy.GRADUATE] == 1 and summary.by_outcome[sy.HOLD] == 1
	assert [s.grade for s, _o in summary.exceptions] == ["13"]
	assert summary.by_class[("13", "C3")][sy.HOLD] == 1


def test_class_moves_follow_the_system():
	classes = [("A-11-1", "11", 1), ("A-16-1", "16", 1), ("A-15-2", "15", 2)]
	moves = sy.class_moves(classes, sy.SIX_THREE, PRIMARY_ONLY)
	assert [(m.from_class, m.to_grade) for m in moves] == [("A-11-1", "12"), ("A-15-2", "16")]
	moves = sy.class_moves(classes, sy.SIX_THREE, NINE_YEAR)
	assert ("A-16-1", "21") in [(m.from_class, m.to_grade) for m in moves]


def test_certificate_numbers_follow_the_policy_rule():
	assert sy.certificate_number(None, school_code="2121000001", year=2027, stage=PRIMARY, seq=7) == "2121000001202710007"
	assert sy.certificate_number("LN{year}-{seq:05d}", school_code="x", year=2027, stage=JUNIOR, seq=12) == "LN2027-00012"
	with pytest.raises(CertificateFormatInvalid):
		sy.certificate_number("{school}{seq}", school_code="x", year=2027, stage=JUNIOR, seq=1)


def test_month_day_parameters():
	assert p.parse_month_day("graduation_deadline", "7-30") == "07-30"
	assert p.parse_month_day("graduation_deadline", "") is None
	with pytest.raises(MonthDayInvalid):
		p.parse_month_day("graduation_deadline", "07/30")
	with pytest.raises(MonthDayInvalid):
		p.parse_month_day("graduation_deadline", "02-30")
	assert sy.month_day("02-29", 2027) == dt.date(2027, 2, 28)
	assert sy.month_day("07-30", 2027) == dt.date(2027, 7, 30)


def test_liaoning_policy_sets_the_year_end_parameters():
	policy = liaoning(JUNIOR)
	assert policy.graduation_deadline == "07-30"
	assert policy.graduation_conditions == ("综合考核合格",)
	assert not policy.withdrawal_allowed and not policy.expulsion_allowed
	senior = yingkou_senior()
	assert senior.withdrawal_allowed and senior.incomplete_after_study_years == 1
	assert len(senior.graduation_conditions) == 3


# --- certificates ---------------------------------------------------------------------------------------


def test_certificates_only_for_students_who_earned_them():
	assert sy.certificate_refusal(sy.CERTIFICATE_OF_EDUCATION, "Graduated") is None
	assert sy.certificate_refusal(sy.CERTIFICATE_OF_EDUCATION, "Enrolled", graduated_into_next_stage=True) is None
	refusal = sy.certificate_refusal(sy.CERTIFICATE_OF_EDUCATION, "Enrolled")
	assert isinstance(refusal, CertificateNotEarned) and "Enrolled" in str(refusal)
	assert sy.certificate_refusal(sy.COMPULSORY_CERTIFICATE, "Completed") is None
	assert sy.certificate_refusal(sy.COMPULSORY_CERTIFICATE, "Graduated") is not None
	assert sy.certificate_refusal("Student Record Card", "Enrolled") is None


# --- the suspension lifecycle, dropouts, the compulsory-education guard ----------------------------------


def test_liaoning_allows_one_extension_before_the_suspension_ends():
	policy = liaoning()
	facts = StudentFacts(status_label="Suspended", suspended_until=dt.date(2027, 9, 1), extensions_used=0)
	assert eligibility.suspension_extension(policy, facts, dt.date(2027, 8, 20)) == []
	facts.extensions_used = 1
	found = eligibility.suspension_extension(policy, facts, dt.date(2027, 8, 20))
	assert [type(v) for v in found] == [SuspensionExtensionsExceeded]
	late = StudentFacts(status_label="Suspended", suspended_until=dt.date(2027, 9, 1))
	assert [type(v) for v in eligibility.suspension_extension(policy, late, dt.date(2027, 9, 2))] == [ExtensionAfterExpiry]
	assert [type(v) for v in eligibility.suspension_extension(policy, StudentFacts(status_label="Enrolled"), dt.date(2027, 8, 20))] == [
		NotInStatus]


def test_extension_runs_from_the_current_end():
	assert outcomes.suspension_end(dt.date(2027, 9, 1), liaoning()) == dt.date(2028, 9, 1)


def test_yingkou_withdrawal_grounds_after_a_lapsed_suspension():
	policy = yingkou_senior()
	lapsed = StudentFacts(status_label="Suspended", lapsed_workdays=21)
	facts = eligibility.WithdrawalFacts(workdays_since_suspension_end=lapsed.lapsed_workdays)
	assert eligibility.withdrawal(policy, lapsed, facts) == []
	early = eligibility.WithdrawalFacts(workdays_since_suspension_end=5)
	assert [type(v) for v in eligibility.withdrawal(policy, lapsed, early)] == [WithdrawalGroundsMissing]
	two_years = eligibility.WithdrawalFacts(continuous_suspension_years=2.0)
	assert eligibility.withdrawal(policy, lapsed, two_years) == []


def test_compulsory_roll_is_kept_under_liaoning():
	policy = liaoning()
	enrolled = StudentFacts(status_label="Enrolled")
	refused = eligibility.withdrawal(policy, enrolled, eligibility.WithdrawalFacts(guardian_applied=True))
	assert [type(v) for v in refused] == [WithdrawalNotAllowed]
	assert "compulsory" in str(refused[0])
	assert [type(v) for v in eligibility.expulsion(policy, enrolled)] == [WithdrawalNotAllowed]
	national = p.resolve(layers_for([], PRIMARY))
	assert eligibility.expulsion(national, enrolled) == []


def test_returning_dropout_needs_a_dropout():
	assert eligibility.common(StudentFacts(status_label="Dropped Out"), p.RETURN_FROM_DROPOUT) == []
	assert [type(v) for v in eligibility.common(StudentFacts(status_label="Enrolled"), p.RETURN_FROM_DROPOUT)] == [NotInStatus]
	assert outcomes.OUTCOME[p.RETURN_FROM_DROPOUT] == "Enrolled"


def test_withdrawal_after_a_year_of_study_is_incomplete_under_yingkou():
	assert outcomes.withdrawal_status(yingkou_senior(), 1.2) == "Incomplete"
	assert outcomes.withdrawal_status(yingkou_senior(), 0.5) == "Withdrawn"
	assert outcomes.withdrawal_status(p.resolve(layers_for([], SENIOR)), 2) == "Withdrawn"


# --- moving on to the next stage ------------------------------------------------------------------------


def test_next_stage_needs_a_graduate_in_the_entry_grade_while_admission_is_open():
	policy = p.resolve(layers_for([], JUNIOR))
	graduate = StudentFacts(status_label="Graduated")
	assert eligibility.next_stage(policy, graduate, "16", "21", dt.date(2027, 9, 1)) == []
	assert [type(v) for v in eligibility.next_stage(policy, graduate, "16", "22", dt.date(2027, 9, 1))] == [NextStageGrade]
	assert [type(v) for v in eligibility.next_stage(policy, graduate, "16", "21", dt.date(2027, 12, 1))] == [OutsideAdmissionWindow]
	enrolled = StudentFacts(status_label="Enrolled")
	assert [type(v) for v in eligibility.next_stage(policy, enrolled, "16", "21", dt.date(2027, 9, 1))] == [NextStageNotFinished]
	assert eligibility.next_stage(policy, graduate, "23", "31", dt.date(2027, 7, 1)) == []
	# from another province's system the record here is new
	assert eligibility.next_stage(policy, StudentFacts(status_label="Pending Registration"), "23", "31", dt.date(2027, 7, 1),
								  from_outside=True) == []


def test_supplementary_records():
	from xueji_app.rules.student import is_supplementary

	assert not is_supplementary(1, PRIMARY)
	assert is_supplementary(1, JUNIOR) and is_supplementary(1, SENIOR) and is_supplementary(3, PRIMARY)


def test_every_shipped_parameter_is_a_policy_field():
	names = set(p.PARAMETER_NAMES)
	for _key, _title, _region, _stage, params in STANDARD:
		assert set(params) <= names


def test_liaoning_fallback_admission_after_twenty_working_days():
	policy = liaoning()
	assert policy.fallback_admission_workdays == 20
	assert eligibility.fallback_admission(policy, True, 20) == []
	assert [type(v) for v in eligibility.fallback_admission(policy, True, 19)] == [FallbackAdmissionNotYet]
	assert [type(v) for v in eligibility.fallback_admission(policy, False, 30)] == [FallbackAdmissionNotYet]
	assert [type(v) for v in eligibility.fallback_admission(policy, True, 30, dt.date(2027, 1, 5))] == [FallbackAdmissionDone]
	national = p.resolve(layers_for([], PRIMARY))
	assert [type(v) for v in eligibility.fallback_admission(national, True, 30)] == [FallbackAdmissionNotAvailable]


def test_death_report_deadline():
	assert not eligibility.reported_late(liaoning(), 10)
	assert eligibility.reported_late(liaoning(), 11)
	assert [type(v) for v in eligibility.death(StudentFacts(status_label="Enrolled"), None)] == [EventDateRequired]


def test_a_year_end_run_is_confirmed_from_the_policy_date_of_its_school_year():
	import datetime as dt

	from xueji_app.rules.school_year import YearEndNotOpen, school_year_day, year_end_refusal

	opens = school_year_day("06-01", 2026)
	assert opens == dt.date(2027, 6, 1)
	assert school_year_day("09-01", 2026) == dt.date(2026, 9, 1)  # a bureau that lets runs go at any time
	assert school_year_day("", 2026) is None
	refused = year_end_refusal(dt.date(2026, 12, 5), opens, "2026-2027")
	assert isinstance(refused, YearEndNotOpen) and refused.params["opens"] == "2027年6月1日"
	assert year_end_refusal(dt.date(2027, 5, 31), opens, "2026-2027") is not None
	assert year_end_refusal(dt.date(2027, 6, 1), opens, "2026-2027") is None
	assert year_end_refusal(dt.date(2026, 12, 5), None, "2026-2027") is None


def test_enrollment_deferral_LN_第四条():
	import datetime as dt

	from xueji_app.rules import deferral as d

	base = dict(status_label="Pending Registration", registration_state="Draft", deferral_state=None,
				enrollment_date=dt.date(2026, 9, 1), until=dt.date(2027, 3, 1), reason="因病住院", has_application=True,
				max_months=12)
	assert d.application_refusals(**base) == []
	kinds = lambda **over: {type(v) for v in d.application_refusals(**{**base, **over})}  # noqa: E731
	assert kinds(status_label="Enrolled", registration_state="Approved") == {d.DeferralNotPending}
	assert kinds(deferral_state=d.APPROVED) == {d.DeferralNotPending}
	assert kinds(until=dt.date(2026, 8, 1)) == {d.DeferralEndInvalid}
	assert kinds(until=dt.date(2027, 9, 2)) == {d.DeferralEndInvalid}  # longer than the policy's 12 months
	assert kinds(until=None, reason="", has_application=False) == {d.DeferralEndInvalid, d.DeferralReasonMissing,
																	d.DeferralApplicationMissing}
	assert kinds(max_months=0) == {d.DeferralNotAllowed}
	assert d.decision_refusal(d.APPLIED) is None
	assert isinstance(d.decision_refusal(d.APPROVED), d.DeferralNotApplied)
	# registration falls due as after an entry on the day the deferral ends
	assert d.registration_due_after(dt.date(2027, 3, 1)) > dt.date(2027, 3, 1)
