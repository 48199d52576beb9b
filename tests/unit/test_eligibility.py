import datetime as dt

import pytest

from xueji_app.rules import chains, eligibility as el, errors as e, policy as p
from xueji_app.rules.standard_policies import ILLNESS, HOSPITAL, layers_for

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
		e.NotEnrolledInSchool, e.OpenCaseExists, e.TransferReasonNotAllowed, e.GradeMustStaySame, e.OutsideTransferWindow,
		e.ForbiddenTerm, e.SameCityTransferForbidden, e.ReceivingSchoolFull, e.ReceivingClassFull, e.AfterExamRegistration,
		e.GuardianHouseholdMismatch,
	}


@pytest.mark.parametrize("day,ok", [("2027-02-15", True), ("2027-03-15", True), ("2027-03-16", False), ("2027-02-14", False), ("2026-11-20", False)])
def test_yk_window_two_weeks_around_term_start(day, ok):
	assert (e.OutsideTransferWindow not in kinds(el.transfer(YK, ENROLLED, facts(filing_date=dt.date.fromisoformat(day))))) == ok


@pytest.mark.parametrize("day,ok", [("2026-09-20", True), ("2026-10-15", False), ("2026-12-25", True), ("2027-03-31", True), ("2027-05-01", False)])
def test_ln_window_first_month_or_last_month(day, ok):
	f = facts(filing_date=dt.date.fromisoformat(day), from_grade="13", to_grade="13")
	assert (e.OutsideTransferWindow not in kinds(el.transfer(LN, ENROLLED, f))) == ok


def test_national_has_no_window_but_same_grade():
	assert el.transfer(NAT, ENROLLED, facts(filing_date=dt.date(2026, 11, 2))) == []
	assert kinds(el.transfer(NAT, ENROLLED, facts(to_grade="33"))) == {e.GradeMustStaySame}


def test_yk_model_and_private_rules_apply_only_from_other_cities():
	assert kinds(el.transfer(YK, ENROLLED, facts(to_model=True))) == {e.NonModelToModelForbidden}
	assert el.transfer(YK, ENROLLED, facts(to_model=True, from_model=True)) == []
	assert kinds(el.transfer(YK, ENROLLED, facts(from_private=True))) == {e.PrivateToPublicForbidden}
	assert el.transfer(YK, ENROLLED, facts(from_private=True, to_private=True)) == []
	assert el.transfer(LN, ENROLLED, facts(from_private=True, from_grade="13", to_grade="13", filing_date=dt.date(2027, 3, 5))) == []


def test_ln_reasons():
	assert kinds(el.transfer(LN, ENROLLED, facts(reason=p.RESIDENCE_MOVE))) == {e.TransferReasonNotAllowed}
	assert el.transfer(LN, ENROLLED, facts(reason=p.HEALTH_CHANGE)) == []


def test_same_school():
	assert e.SameSchoolTransfer in kinds(el.transfer(NAT, ENROLLED, facts(to_school="A")))


def test_suspension_rules():
	graduating = el.StudentFacts(status_label="Enrolled", grade="33", is_graduating_grade=True)
	assert kinds(el.suspension(LN, graduating, dt.date(2027, 4, 1), TERMS)) == {e.SuspensionInLastTerm}
	assert el.suspension(LN, graduating, dt.date(2026, 10, 1), TERMS) == []
	twice = el.StudentFacts(status_label="Enrolled", grade="32", suspension_count=2)
	assert kinds(el.suspension(YK, twice, dt.date(2026, 10, 1), TERMS)) == {e.SuspensionCountExceeded}
	assert el.suspension(LN, twice, dt.date(2026, 10, 1), TERMS) == []


def test_resumption_rules():
	assert kinds(el.resumption(YK, ENROLLED, dt.date(2027, 3, 1))) == {e.NotInStatus}
	suspended = el.StudentFacts(status_label="Suspended", grade="32", suspended_until=dt.date(2027, 3, 1))
	assert el.resumption(YK, suspended, dt.date(2027, 2, 20)) == []
	assert kinds(el.resumption(YK, suspended, dt.date(2027, 3, 2))) == {e.ResumptionApplicationLate}
	assert el.resumption(LN, suspended, dt.date(2027, 3, 2)) == []  # LN sets no application deadline


def test_dropout_threshold():
	assert kinds(el.dropout(LN, ENROLLED, 3)) == {e.DropoutThresholdNotMet}
	assert el.dropout(LN, ENROLLED, 4) == []


def test_withdrawal_grounds():
	assert kinds(el.withdrawal(YK, ENROLLED, el.WithdrawalFacts())) == {e.WithdrawalGroundsMissing}
	for grounds in (el.WithdrawalFacts(guardian_applied=True), el.WithdrawalFacts(truancy_continuous_weeks=6),
					el.WithdrawalFacts(truancy_cumulative_weeks=8), el.WithdrawalFacts(workdays_since_suspension_end=20),
					el.WithdrawalFacts(continuous_suspension_years=2)):
		assert el.withdrawal(YK, ENROLLED, grounds) == []
	assert kinds(el.withdrawal(YK, ENROLLED, el.WithdrawalFacts(truancy_continuous_weeks=5))) == {e.WithdrawalGroundsMissing}
	suspended = el.StudentFacts(status_label="Suspended", grade="32")
	assert el.withdrawal(YK, suspended, el.WithdrawalFacts(continuous_suspension_years=2)) == []


def test_repeat_and_skip():
	student = el.StudentFacts(status_label="Enrolled", grade="14")
	assert el.grade_change(LN, student, p.REPEAT, "13") == []
	assert el.grade_change(LN, student, p.SKIP, "15") == []
	assert kinds(el.grade_change(LN, student, p.REPEAT, "15")) == {e.GradeChangeDirection}
	assert kinds(el.grade_change(LN, student, p.SKIP, "21")) == {e.GradeChangeDirection}
	assert kinds(el.grade_change(YK, el.StudentFacts(status_label="Enrolled", grade="32"), p.REPEAT, "31")) == {e.GradeChangeNotAllowed}


def test_evidence():
	assert kinds(el.missing_evidence(LN, p.SUSPENSION, ILLNESS, [])) == {e.EvidenceMissing}
	assert el.missing_evidence(LN, p.SUSPENSION, ILLNESS, [HOSPITAL]) == []
	assert el.missing_evidence(LN, p.SUSPENSION, "Family", []) == []
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
	assert kinds(out) == {e.ForbiddenTerm}
	assert out[0].side == el.SENDING
	# moving in is refused by the receiving side's rule
	inward = el.transfer_both(YK, NAT, ENROLLED, facts(from_grade="33", to_grade="33"))
	assert kinds(inward) == {e.ForbiddenTerm} and inward[0].side == el.RECEIVING
	# a rule both sides break is told once; one policy for both: no side named
	both = el.transfer_both(YK, YK, ENROLLED, facts(from_grade="33", to_grade="33"))
	assert kinds(both) == {e.ForbiddenTerm} and both[0].side is None
	assert el.transfer_both(NAT, None, ENROLLED, facts(from_grade="33", to_grade="33")) == []


@pytest.mark.parametrize("day,forbidden", [("2027-02-15", True), ("2027-03-05", True), ("2027-01-10", False), ("2026-08-25", False)])
def test_a_filing_in_the_holidays_counts_for_the_term_it_leads_into(day, forbidden):
	# YK forbids 高三 transfers in the second term: two weeks before it starts is already the second term
	out = el.transfer(YK, ENROLLED, facts(from_grade="33", to_grade="33", filing_date=dt.date.fromisoformat(day)))
	assert (e.ForbiddenTerm in kinds(out)) == forbidden
