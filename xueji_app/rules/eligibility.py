"""Eligibility of each roll change under a resolved Policy. Every function returns **every** failing rule
(a list of RuleViolation, empty when eligible), so the desk can show all reasons before filing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xueji_app.rules.errors import _

from . import errors as e
from .errors import RuleViolation
from .policy import (
	ABROAD,
	DEATH,
	DROPOUT,
	EXPULSION,
	REPEAT,
	RESUMPTION,
	RETURN_FROM_ABROAD,
	RETURN_FROM_DROPOUT,
	SUSPENSION,
	SUSPENSION_EXTENSION,
	TRANSFER,
	WITHDRAWAL,
	Policy,
)

# --- refusals: one exception class per rule of this module ----------------------------------------


class OpenCaseExists(RuleViolation):
	template = _("{field}: the student already has an open case ({case}); finish it before filing another")


class NotEnrolledInSchool(RuleViolation):
	template = _("{field}: only a student on the roll and in school (在籍在校) can {change}; the student is {status}")


class TransferReasonNotAllowed(RuleViolation):
	template = _("{field}: «{value}» is not a transfer reason the policy allows")


class GradeMustStaySame(RuleViolation):
	template = _("{field}: a transfer keeps the grade ({from_grade}), not {to_grade}")


class OutsideTransferWindow(RuleViolation):
	template = _("{field}: {value} is outside the transfer window of the policy ({window})")


class ForbiddenTerm(RuleViolation):
	template = _("{field}: the policy allows no transfer in grade {grade}, term {term}")


class SameCityTransferForbidden(RuleViolation):
	template = _("{field}: the policy forbids transfers between two schools of the same city")


class NonModelToModelForbidden(RuleViolation):
	template = _("{field}: a student of another city's non-model school cannot transfer into a provincial model school")


class PrivateToPublicForbidden(RuleViolation):
	template = _("{field}: a student of another city's private school cannot transfer into a public school")


class ReceivingSchoolFull(RuleViolation):
	template = _("{field}: the receiving school has {count} students, the cap is {cap}")


class ReceivingClassFull(RuleViolation):
	template = _("{field}: the receiving class has {count} students, the cap is {cap}")


class AfterExamRegistration(RuleViolation):
	template = _("{field}: a student registered for the college entrance exam cannot transfer")


class GuardianHouseholdMismatch(RuleViolation):
	template = _("{field}: the student's household register must match a guardian's")


class SuspensionInLastTerm(RuleViolation):
	template = _("{field}: no suspension in the last term of the graduating grade")


class SuspensionCountExceeded(RuleViolation):
	template = _("{field}: the student has been suspended {count} times; the policy allows {limit}")


class NotInStatus(RuleViolation):
	template = _("{field}: {change} needs a student who is {expected}; the student is {status}")


class ResumptionApplicationLate(RuleViolation):
	template = _("{field}: the suspension ended on {deadline}; a resumption is applied for before it ends, in its last {days} working days or {days} working days ahead of an early return")


class DropoutThresholdNotMet(RuleViolation):
	template = _("{field}: dropout needs {weeks} consecutive weeks of unexcused absence, the case states {value}")


class WithdrawalGroundsMissing(RuleViolation):
	template = _("{field}: a withdrawal decided by the school needs one of the grounds of the policy")


class GradeChangeNotAllowed(RuleViolation):
	template = _("{field}: the policy does not allow {change}")


class GradeChangeDirection(RuleViolation):
	template = _("{field}: {change} must move from {from_grade} to a {direction} grade of the same stage")


class EvidenceMissing(RuleViolation):
	template = _("{field}: required evidence is missing: {missing}")


class ReasonRequired(RuleViolation):
	template = _("{field}: a case of {change} names one of the policy's reasons: {allowed}")


class ReasonNotListed(RuleViolation):
	template = _("{field}: «{value}» is not a reason the policy lists for {change} (it lists: {allowed})")


class GradePlacementUnderSystem(RuleViolation):
	template = _("{field}: grade {from_grade} under the {from_system} system goes on as grade {expected} under the receiving school's {to_system} system, not {to_grade}")


class WithdrawalGroundNotMet(RuleViolation):
	template = _("{field}: the ground «{reason}» is not met by the facts of the case")


class ArchiveNotDue(RuleViolation):
	template = _("{field}: only an approved transfer whose policy names an archive is archived")


class ArchiveDone(RuleViolation):
	template = _("{field}: the application was archived on {date}")


class SameSchoolTransfer(RuleViolation):
	template = _("{field}: the receiving school is the student's own school")


class NotEligible(RuleViolation):
	template = _("{field}: the case cannot be filed: {reasons}")


class WithdrawalNotAllowed(RuleViolation):
	template = _("{field}: in compulsory education the roll is kept until the compulsory years end; the policy allows no {change} at this stage")


class SuspensionExtensionsExceeded(RuleViolation):
	template = _("{field}: this suspension has been extended {count} times; the policy allows {limit}")


class ExtensionAfterExpiry(RuleViolation):
	template = _("{field}: an extension is applied for before the suspension ends on {deadline}")


class NextStageNotFinished(RuleViolation):
	template = _("{field}: moving on to the next stage needs a student who graduated or completed the previous stage; the student is {status}")


class NextStageGrade(RuleViolation):
	template = _("{field}: a student moving on from {from_grade} enters {expected}, not {to_grade}")


class OutsideAdmissionWindow(RuleViolation):
	template = _("{field}: moving on to the next stage is open from {start} to {end} only")


class EventDateRequired(RuleViolation):
	template = _("{field}: a {change} case states the date it happened")


class FallbackAdmissionNotAvailable(RuleViolation):
	template = _("{field}: the policy has no admission ahead of the sending side's decision")


class FallbackAdmissionNotYet(RuleViolation):
	template = _("{field}: the receiving school may admit the pupil {limit} working days after its authority approved, while the sending side has not decided; {days} have passed")


class FallbackAdmissionDone(RuleViolation):
	template = _("{field}: the pupil was admitted ahead of the sending side's decision on {date}")


ENROLLED, SUSPENDED, ABROAD_STATUS = "Enrolled", "Suspended", "Abroad"
#: change type -> the status the student must have (others need 在籍在校)
REQUIRED_STATUS = {
	RESUMPTION: SUSPENDED, SUSPENSION_EXTENSION: SUSPENDED, RETURN_FROM_ABROAD: ABROAD_STATUS, RETURN_FROM_DROPOUT: "Dropped Out",
}
#: changes that need no policy condition beyond the student's status
SIMPLE_CHANGES = {ABROAD, DEATH, EXPULSION}
ANY_ON_ROLL = {DEATH, WITHDRAWAL, EXPULSION}


@dataclass
class StudentFacts:
	status_label: str
	has_open_case: bool = False
	grade: str = ""
	is_graduating_grade: bool = False
	suspension_count: int = 0
	suspended_until: dt.date | None = None
	continuous_suspension_years: float = 0
	#: extensions of the current suspension already approved
	extensions_used: int = 0
	#: working days since the current suspension ended without a resumption (None: not lapsed)
	lapsed_workdays: int | None = None
	household_matches_guardian: bool = True


@dataclass
class Term:
	number: int  # 1 or 2
	start: dt.date
	end: dt.date


@dataclass
class TransferFacts:
	reason: str | None
	from_school: str
	to_school: str
	from_grade: str
	to_grade: str
	filing_date: dt.date
	terms: Sequence[Term] = ()
	from_city: str | None = None
	to_city: str | None = None
	from_model: bool = False
	to_model: bool = False
	from_private: bool = False
	to_private: bool = False
	to_school_size: int = 0
	to_class_size: int | None = None
	exam_registered: bool = False
	#: the two schools' 学制 (FAQ 第八问: where they differ, the receiving side places the pupil by years of school)
	from_system: str | None = None
	to_system: str | None = None
	#: the schools are in different provinces (FAQ 第十二问)
	cross_province: bool = False


def current_term(terms: Iterable[Term], day: dt.date) -> Term | None:
	for term in terms:
		if term.start <= day <= term.end:
			return term
	return None


def term_filed_for(terms: Iterable[Term], day: dt.date) -> Term | None:
	"""The term a filing counts against: the one it falls in, or, in the holidays, the one it leads into (a 高三
	transfer filed two weeks before the second term is a second-term transfer)."""
	terms = sorted(terms, key=lambda t: t.start)
	return current_term(terms, day) or next((t for t in terms if t.start > day), None)


def common(student: StudentFacts, change: str) -> list[e.RuleViolation]:
	"""On the roll, in school (or the status the change needs), no open case (FAQ 十七)."""
	out: list[e.RuleViolation] = []
	required = REQUIRED_STATUS.get(change)
	if required and student.status_label != required:
		out.append(NotInStatus(field="student", change=change, expected=required, status=student.status_label))
	elif not required and change not in ANY_ON_ROLL and student.status_label != ENROLLED:
		out.append(NotEnrolledInSchool(field="student", change=change, status=student.status_label))
	elif change in ANY_ON_ROLL and student.status_label not in (ENROLLED, SUSPENDED, ABROAD_STATUS, "Dropped Out"):
		out.append(NotEnrolledInSchool(field="student", change=change, status=student.status_label))
	if student.has_open_case:
		out.append(OpenCaseExists(field="student", case=""))
	return out


def in_window(policy: Policy, day: dt.date, terms: Sequence[Term]) -> bool:
	windows = (policy.window_before_term_start_days, policy.window_after_term_start_days, policy.window_before_term_end_days)
	if all(w is None for w in windows):
		return True
	if policy.window_includes_holidays and terms and not current_term(terms, day) and any(t.start > day for t in terms):
		return True  # in the holidays, before the next term opens
	before_start, after_start, before_end = windows
	for term in terms:
		if before_start is not None and term.start - dt.timedelta(days=before_start) <= day <= term.start:
			return True
		if after_start is not None and term.start <= day <= term.start + dt.timedelta(days=after_start):
			return True
		if before_end is not None and term.end - dt.timedelta(days=before_end) <= day <= term.end:
			return True
	return False


def window_text(policy: Policy) -> tuple[tuple[str, int], ...]:
	"""The policy's transfer window as phrases with their numbers, each translated at the boundary."""
	parts = []
	if policy.window_before_term_start_days is not None:
		parts.append((_("the {0} days before a term starts"), policy.window_before_term_start_days))
	if policy.window_after_term_start_days is not None:
		parts.append((_("the {0} days after a term starts"), policy.window_after_term_start_days))
	if policy.window_before_term_end_days is not None:
		parts.append((_("the last {0} days of a term"), policy.window_before_term_end_days))
	if policy.window_includes_holidays:
		parts.append((_("the holidays between terms"),))
	return tuple(parts)


RECEIVING, SENDING = "receiving", "sending"


def transfer_both(receiving: Policy, sending: Policy | None, student: StudentFacts, facts: TransferFacts) -> list[e.RuleViolation]:
	"""A transfer under both schools' policies: the receiving side's and the sending side's (a Yingkou 高三 pupil moving
	out in the second term is refused as much as one moving in). Where the two policies differ, each refusal says
	whose rule it is (``side``); a rule both sides break is told once, as the receiving side's."""
	mine = transfer(receiving, student, facts)
	if sending is None or sending == receiving:
		return mine
	seen = {violation_key(v) for v in mine}
	theirs = [v for v in transfer(sending, student, facts) if violation_key(v) not in seen]
	for v in mine:
		v.side = RECEIVING
	for v in theirs:
		v.side = SENDING
	return mine + theirs


def violation_key(v: e.RuleViolation) -> tuple:
	return type(v), v.field, tuple(sorted((k, str(x)) for k, x in v.params.items()))


def transfer(policy: Policy, student: StudentFacts, facts: TransferFacts) -> list[e.RuleViolation]:
	out = common(student, TRANSFER)
	if facts.to_school == facts.from_school:
		out.append(SameSchoolTransfer(field="to_school"))
	if facts.reason not in policy.transfer_reasons:
		out.append(TransferReasonNotAllowed(field="reason", value=facts.reason or ""))
	if policy.same_grade_required:
		expected = placement_grade(facts.from_grade, facts.from_system, facts.to_system)
		if facts.to_grade != expected and expected == facts.from_grade:
			out.append(GradeMustStaySame(field="to_grade", from_grade=facts.from_grade, to_grade=facts.to_grade))
		elif facts.to_grade != expected:
			out.append(GradePlacementUnderSystem(field="to_grade", from_grade=facts.from_grade, expected=expected,
												   to_grade=facts.to_grade or "-", from_system=facts.from_system or "",
												   to_system=facts.to_system or ""))
	if not in_window(policy, facts.filing_date, facts.terms):
		out.append(OutsideTransferWindow(field="filing_date", value=facts.filing_date.isoformat(), window=window_text(policy)))
	term = term_filed_for(facts.terms, facts.filing_date)
	if term and f"{facts.from_grade}:{term.number}" in policy.forbidden_terms:
		out.append(ForbiddenTerm(field="filing_date", grade=facts.from_grade, term=term.number))
	other_city = bool(facts.from_city and facts.to_city and facts.from_city != facts.to_city)
	if policy.forbid_same_city and facts.from_city and facts.from_city == facts.to_city:
		out.append(SameCityTransferForbidden(field="to_school"))
	if policy.forbid_non_model_to_model_from_other_city and other_city and facts.to_model and not facts.from_model:
		out.append(NonModelToModelForbidden(field="to_school"))
	if policy.forbid_private_to_public_from_other_city and other_city and facts.from_private and not facts.to_private:
		out.append(PrivateToPublicForbidden(field="to_school"))
	if policy.receiving_school_cap is not None and facts.to_school_size >= policy.receiving_school_cap:
		out.append(ReceivingSchoolFull(field="to_school", count=facts.to_school_size, cap=policy.receiving_school_cap))
	if policy.receiving_class_cap is not None and facts.to_class_size is not None and facts.to_class_size >= policy.receiving_class_cap:
		out.append(ReceivingClassFull(field="to_class", count=facts.to_class_size, cap=policy.receiving_class_cap))
	if policy.forbid_after_exam_registration and facts.exam_registered:
		out.append(AfterExamRegistration(field="student"))
	if policy.require_guardian_household_match and not student.household_matches_guardian:
		out.append(GuardianHouseholdMismatch(field="student"))
	return out


#: YK 第十四条(三): 高考报考后如遇重大事故或严重疾病确需休学的 (the key of its documents in required_evidence)
LAST_TERM_EXCEPTION = "Last Term Exception"


def suspension(policy: Policy, student: StudentFacts, filing_date: dt.date, terms: Sequence[Term],
			   after_exam_emergency: bool = False) -> list[e.RuleViolation]:
	"""``after_exam_emergency``: the case states a serious accident or illness after the 高考 registration, which
	a policy with ``last_term_suspension_after_exam`` lets suspend in the last term (its documents checked apart)."""
	out = common(student, SUSPENSION)
	term = term_filed_for(terms, filing_date)
	last_term = max((t.number for t in terms), default=2)
	if policy.forbid_suspension_last_term and student.is_graduating_grade and term and term.number == last_term:
		if not (after_exam_emergency and policy.last_term_suspension_after_exam):
			out.append(SuspensionInLastTerm(field="student"))
	if policy.suspension_max_count is not None and student.suspension_count >= policy.suspension_max_count:
		out.append(SuspensionCountExceeded(field="student", count=student.suspension_count, limit=policy.suspension_max_count))
	return out


def suspension_extension(policy: Policy, student: StudentFacts, filing_date: dt.date) -> list[e.RuleViolation]:
	"""续办休学 (LN 第十九条: 期满仍不能复学的，可申请延长1年): before the suspension ends, as often as the policy allows."""
	out = common(student, SUSPENSION_EXTENSION)
	if student.extensions_used >= policy.suspension_extensions:
		out.append(SuspensionExtensionsExceeded(field="student", count=student.extensions_used, limit=policy.suspension_extensions))
	if student.suspended_until and filing_date > student.suspended_until:
		out.append(ExtensionAfterExpiry(field="filing_date", deadline=student.suspended_until.isoformat()))
	return out


def resumption(policy: Policy, student: StudentFacts, filing_date: dt.date) -> list[e.RuleViolation]:
	"""YK 第十四条(四): a resumption at the end of a suspension is applied for in its last N working days, an early
	one N working days ahead of the return; either way before the suspension ends. What is refused is an application
	after the end (a pupil who neither resumed nor extended is dealt with as absent, 第十四条(五)); one filed
	earlier than the last N days is an early resumption, which the school and bureau then approve."""
	out = common(student, RESUMPTION)
	if policy.resumption_apply_workdays_before_expiry is not None and student.suspended_until:
		if filing_date > student.suspended_until:
			out.append(ResumptionApplicationLate(
				field="filing_date", deadline=student.suspended_until.isoformat(),
				days=policy.resumption_apply_workdays_before_expiry,
			))
	return out


def dropout(policy: Policy, student: StudentFacts, absence_weeks: float | None) -> list[e.RuleViolation]:
	out = common(student, DROPOUT)
	if (absence_weeks or 0) < policy.dropout_absence_weeks:
		out.append(DropoutThresholdNotMet(field="absence_weeks", weeks=policy.dropout_absence_weeks, value=absence_weeks or 0))
	return out


@dataclass
class WithdrawalFacts:
	#: the withdrawal's reason code; a reason that names a ground (监护人申请, 休学期满未复学 …) needs that ground
	reason: str | None = None
	guardian_applied: bool = False
	workdays_since_suspension_end: int | None = None
	continuous_suspension_years: float = 0
	truancy_continuous_weeks: float = 0
	truancy_cumulative_weeks: float = 0


def withdrawal(policy: Policy, student: StudentFacts, facts: WithdrawalFacts) -> list[e.RuleViolation]:
	out = common(student, WITHDRAWAL)
	if not policy.withdrawal_allowed:
		return [*out, WithdrawalNotAllowed(field="change_type", change=WITHDRAWAL)]
	grounds = withdrawal_grounds(policy, facts)
	named = grounds.get(facts.reason or "")
	if named is False:
		out.append(WithdrawalGroundNotMet(field="reason", reason=policy.reason_label(WITHDRAWAL, facts.reason)))
	elif named is None and not any(grounds.values()):
		out.append(WithdrawalGroundsMissing(field="reason"))
	return out


def withdrawal_grounds(policy: Policy, facts: WithdrawalFacts) -> dict[str, bool]:
	"""Each ground of withdrawal the policy has (YK 第十五条(一)1–4), by the reason code that names it: met or not."""
	from .policy import CONTINUOUS_SUSPENSION, GUARDIAN_APPLICATION, SUSPENSION_LAPSED, TRUANCY

	grounds = {GUARDIAN_APPLICATION: facts.guardian_applied}
	if policy.withdrawal_no_resumption_workdays is not None:
		days = facts.workdays_since_suspension_end
		grounds[SUSPENSION_LAPSED] = days is not None and days >= policy.withdrawal_no_resumption_workdays
	if policy.withdrawal_continuous_suspension_years is not None:
		grounds[CONTINUOUS_SUSPENSION] = facts.continuous_suspension_years >= policy.withdrawal_continuous_suspension_years
	truant = [
		facts.truancy_continuous_weeks >= policy.truancy_continuous_weeks if policy.truancy_continuous_weeks is not None else False,
		facts.truancy_cumulative_weeks >= policy.truancy_cumulative_weeks if policy.truancy_cumulative_weeks is not None else False,
	]
	if policy.truancy_continuous_weeks is not None or policy.truancy_cumulative_weeks is not None:
		grounds[TRUANCY] = any(truant)
	return grounds


def grade_change(policy: Policy, student: StudentFacts, change: str, to_grade: str) -> list[e.RuleViolation]:
	out = common(student, change)
	allowed = policy.repeat_allowed if change == REPEAT else policy.skip_allowed
	if not allowed:
		out.append(GradeChangeNotAllowed(field="change_type", change=change))
	same_stage = bool(to_grade) and to_grade[:1] == student.grade[:1]
	direction_ok = (to_grade < student.grade) if change == REPEAT else (to_grade > student.grade)
	if not (same_stage and direction_ok):
		direction = "lower" if change == REPEAT else "higher"
		out.append(GradeChangeDirection(field="to_grade", change=change, from_grade=student.grade, direction=direction))
	return out


def expulsion(policy: Policy, student: StudentFacts) -> list[e.RuleViolation]:
	out = common(student, EXPULSION)
	if not policy.expulsion_allowed:
		out.append(WithdrawalNotAllowed(field="change_type", change=EXPULSION))
	return out


def simple(student: StudentFacts, change: str) -> list[e.RuleViolation]:
	"""Changes with no policy conditions beyond the student's status (出国, 死亡, 开除, special moves)."""
	return common(student, change)


def placement_grade(grade: str, from_system: str | None, to_system: str | None) -> str:
	"""The grade a transfer keeps: the same grade, or, between schools of different 学制 (FAQ 第八问), the grade of
	the same year of school under the receiving school's 学制 (五四制 初一 → 六三制 六年级)."""
	from .school_year import placement_grade as place

	return place(grade, from_system, to_system)


def reason_violations(policy: Policy, change: str, reason: str | None) -> list[e.RuleViolation]:
	"""A case names its reason as one of the codes its policy lists for the change type (none where it lists none)."""
	codes = [code for code, _label in policy.reasons_for(change)]
	if codes and not reason:
		return [ReasonRequired(field="reason", change=change, allowed="、".join(policy.reason_label(change, c) for c in codes))]
	if reason and reason not in codes:
		allowed = "、".join(policy.reason_label(change, c) for c in codes)
		return [ReasonNotListed(field="reason", value=reason, change=change, allowed=allowed or "-")]
	return []


def transfer_documents(policy: Policy, reason: str | None, cross_province: bool) -> tuple[str, ...]:
	"""What a transfer carries: across provinces only what the policy lists for that (FAQ 第十二问: the family's written
	application), within a province what the province asks (第十二问: 省内…由各省自行规定)."""
	if cross_province and policy.cross_province_transfer_documents:
		return policy.cross_province_transfer_documents
	return policy.evidence_for(TRANSFER, reason)


def missing_evidence(policy: Policy, change: str, reason: str | None, provided: Iterable[str],
					 original_reason: str | None = None, required: Sequence[str] | None = None) -> list[e.RuleViolation]:
	"""``original_reason``: for a change that ends an earlier case (a resumption), the reason of that case; ``required``:
	the documents when the caller has worked them out (a transfer across provinces)."""
	have = set(provided)
	needed = required if required is not None else policy.evidence_for(change, reason, original_reason)
	missing = [doc for doc in needed if doc not in have]
	return [EvidenceMissing(field="evidence", missing="、".join(missing))] if missing else []


FINISHED_STAGE = ("Graduated", "Completed")


def next_stage(policy: Policy, student: StudentFacts, from_grade: str, to_grade: str, filing_date: dt.date,
			   from_outside: bool = False) -> list[e.RuleViolation]:
	"""升学接续 / 毕业后跨省就学: the record of a graduate continues at the school of the next stage, in its
	entry grade, while admission is open (FAQ 十). No transfer reason, term window or same grade."""
	from .school_year import NEXT_STAGE, entry_grade, month_day, stage_of

	out: list[e.RuleViolation] = []
	if not from_outside and student.status_label not in FINISHED_STAGE:
		out.append(NextStageNotFinished(field="student", status=student.status_label))
	if student.has_open_case:
		out.append(OpenCaseExists(field="student", case=""))
	following = NEXT_STAGE.get(stage_of(from_grade) or "")
	expected = entry_grade(following) if following else None
	if expected and to_grade != expected:
		out.append(NextStageGrade(field="to_grade", from_grade=from_grade, expected=expected, to_grade=to_grade or "-"))
	start = month_day(policy.next_stage_window_start, filing_date.year)
	end = month_day(policy.next_stage_window_end, filing_date.year)
	if start and end and not (start <= filing_date <= end):
		out.append(OutsideAdmissionWindow(field="filing_date", start=policy.next_stage_window_start, end=policy.next_stage_window_end))
	return out


def death(student: StudentFacts, event_date: dt.date | None) -> list[e.RuleViolation]:
	"""死亡: the date it happened is part of the case (the report is due within the policy's working days)."""
	out = common(student, DEATH)
	if not event_date:
		out.append(EventDateRequired(field="event_date", change=DEATH))
	return out


def reported_late(policy: Policy, workdays_since_event: int) -> bool:
	"""NAT 第二十一条, LN 第二十一条: a death is reported within N working days; a later report is flagged."""
	return workdays_since_event > policy.death_report_workdays


def fallback_admission(policy: Policy, waiting_on_sending_side: bool, workdays_since_receiving_approval: int | None,
					   admitted_on: dt.date | None = None) -> list[e.RuleViolation]:
	"""LN 第十五条: 核办20个工作日后…转入学校可以先接收学生入学 — when the receiving side has approved and the
	sending side has not acted within the policy's working days."""
	if policy.fallback_admission_workdays is None:
		return [FallbackAdmissionNotAvailable(field="transfer_state")]
	if admitted_on:
		return [FallbackAdmissionDone(field="provisionally_admitted_on", date=admitted_on.isoformat())]
	days = workdays_since_receiving_approval
	if not waiting_on_sending_side or days is None or days < policy.fallback_admission_workdays:
		return [FallbackAdmissionNotYet(field="transfer_state", limit=policy.fallback_admission_workdays, days=days or 0)]
	return []
