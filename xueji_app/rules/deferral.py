"""延缓入学 (LN 第四条): 学生因特殊情况不能如期报到的，其父母或者其他法定监护人应提前向…接收学校提出延缓入学书面申请，
经学校同意后，办理延缓入学手续.

The school records the guardians' written application on the child's record before it is on the roll; the school
head decides (经学校同意). While an approved deferral runs, the record's registration is not due: it falls due the
policy's months after the deferral ends, as it would after an entry on that day, so the child is kept out of the
overdue registrations until then and comes back into them if the school does not register him afterwards."""

from __future__ import annotations

import datetime as dt

from .errors import RuleViolation, _
from .student import add_months, registration_due

# --- refusals: one exception class per rule of this module ----------------------------------------


class DeferralNotPending(RuleViolation):
	template = _("{field}: enrollment is deferred only for a child not yet on the roll; this record is {status}")


class DeferralEndInvalid(RuleViolation):
	template = _("{field}: the deferral ends after the enrollment date {start} and at most {months} months after it, not «{value}»")


class DeferralApplicationMissing(RuleViolation):
	template = _("{field}: the guardians' written application for the deferral is required (LN 第四条)")


class DeferralReasonMissing(RuleViolation):
	template = _("{field}: say why the child cannot enrol on time")


class DeferralNotApplied(RuleViolation):
	template = _("{field}: no deferral application is waiting for a decision")


class DeferralNotAllowed(RuleViolation):
	template = _("{field}: the policy does not provide for deferring enrollment")


APPLIED, APPROVED, REJECTED = "Applied", "Approved", "Rejected"
STATES = (APPLIED, APPROVED, REJECTED)
DEFAULT_MAX_MONTHS = 12


def application_refusals(*, status_label: str, registration_state: str | None, deferral_state: str | None,
						 enrollment_date: dt.date | None, until: dt.date | None, reason: str | None,
						 has_application: bool, max_months: int | None) -> list[RuleViolation]:
	"""Every rule an application breaks (empty: it may be recorded)."""
	out: list[RuleViolation] = []
	if max_months == 0:
		return [DeferralNotAllowed(field="deferral_state")]
	if status_label != "Pending Registration" or registration_state not in (None, "", "Draft", "Rejected") \
			or deferral_state in (APPLIED, APPROVED):
		out.append(DeferralNotPending(field="student", status=deferral_state or status_label))
	months = max_months or DEFAULT_MAX_MONTHS
	start = enrollment_date
	if not until or (start and (until <= start or until > add_months(start, months))):
		out.append(DeferralEndInvalid(field="deferred_until", start=start.isoformat() if start else "-", months=months,
									  value=until.isoformat() if until else ""))
	if not (reason or "").strip():
		out.append(DeferralReasonMissing(field="deferral_reason"))
	if not has_application:
		out.append(DeferralApplicationMissing(field="deferral_application"))
	return out


def decision_refusal(deferral_state: str | None) -> RuleViolation | None:
	return None if deferral_state == APPLIED else DeferralNotApplied(field="deferral_state")


def registration_due_after(until: dt.date) -> dt.date:
	"""When the record falls due once an approved deferral ends: as after an entry on that day."""
	return registration_due(until)
