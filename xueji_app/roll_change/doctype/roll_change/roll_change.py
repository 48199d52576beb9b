# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import chains, eligibility, outcomes
from xueji_app.rules import policy as p
from xueji_app.rules import student as student_rules
from xueji_app.rules.eligibility import WithdrawalFacts
from xueji_app.services.cases import case as steps
from xueji_app.services.cases.cases import close_case
from xueji_app.services.cases.facts import student_facts, terms_around
from xueji_app.services.core.policy import policy_for
from xueji_app.services.roll import student as student_service


class RollChange(CheckedValues, steps.CaseDocument):
	"""学籍异动 other than transfer: filed by the school, approved by its head, then the bureau the policy names."""

	STATE_FIELD = "change_state"

	def validate(self) -> None:
		super().validate()
		self.set_parties()
		self.set_reason()

	# --- facts ----------------------------------------------------------------------------------
	def student_doc(self):
		return frappe.get_doc("Student", self.student)

	def stage(self) -> str:
		return frappe.get_cached_value("Grade", self.grade, "stage") if self.grade else "Primary"

	def policy(self) -> p.Policy:
		return policy_for(self.school, self.stage())

	def set_parties(self) -> None:
		"""The approving bureau: the school's 学籍主管部门, or the tier the policy names."""
		if not (self.school and self.change_type):
			return
		self.approving_region = steps.approving_bureau(self.school, self.change_type, self.policy())

	def set_reason(self) -> None:
		"""The reason's label as the policy names it, and, for a change that ends an earlier case (a resumption), that
		case and its reason: the evidence follows it."""
		if not (self.school and self.change_type):
			return
		self.reason_label = self.policy().reason_label(self.change_type, self.reason) if self.reason else None
		follows = p.FOLLOWS.get(self.change_type)
		# as the user may read them: the desk asks for the documents of a case not yet saved, whose student the request names
		original = frappe.get_list("Roll Change", filters={"student": self.student, "change_type": follows, "change_state": "Approved"},
								   fields=["name", "reason"], order_by="applied_on desc, modified desc", limit=1) if follows and self.student else []
		self.original_case = original[0].name if original else None
		self.original_reason = original[0].reason if original else None

	def reason_options(self) -> list[dict]:
		if not (self.school and self.change_type):
			return []
		return [{"value": code, "label": label} for code, label in self.policy().reasons_for(self.change_type)]

	def evidence_required(self) -> list[str]:
		if not self.change_type:
			return []
		self.set_reason()
		policy = self.policy()
		required = list(policy.evidence_for(self.change_type, self.reason, self.original_reason))
		if self.change_type == p.SUSPENSION and self.after_exam_emergency:  # YK 第十四条(三): the exception's proof
			required += [d for d in policy.exception_evidence(p.SUSPENSION, eligibility.LAST_TERM_EXCEPTION) if d not in required]
		return required

	def eligibility(self) -> list:
		"""Every rule the case fails now (shown before filing, enforced at filing and approval)."""
		policy, student = self.policy(), self.student_doc()
		day = getdate(self.filing_date or today())
		facts = student_facts(student, exclude_case=(self.doctype, self.name), on=day)
		change = self.change_type
		if change == p.SUSPENSION:
			out = eligibility.suspension(policy, facts, day, terms_around(day), bool(self.after_exam_emergency))
		elif change == p.SUSPENSION_EXTENSION:
			out = eligibility.suspension_extension(policy, facts, day)
		elif change == p.EXPULSION:
			out = eligibility.expulsion(policy, facts)
		elif change == p.DEATH:
			out = eligibility.death(facts, getdate(self.event_date) if self.event_date else None)
		elif change == p.RESUMPTION:
			out = eligibility.resumption(policy, facts, day)
		elif change == p.DROPOUT:
			out = eligibility.dropout(policy, facts, self.absence_weeks)
		elif change == p.WITHDRAWAL:
			out = eligibility.withdrawal(policy, facts, WithdrawalFacts(
				reason=self.reason,
				guardian_applied=bool(self.guardian_applied),
				truancy_continuous_weeks=self.truancy_continuous_weeks or 0,
				truancy_cumulative_weeks=self.truancy_cumulative_weeks or 0,
				continuous_suspension_years=facts.continuous_suspension_years,
				workdays_since_suspension_end=facts.lapsed_workdays,
			))
		elif change in (p.REPEAT, p.SKIP):
			out = eligibility.grade_change(policy, facts, change, self.to_grade or "")
		else:
			out = eligibility.simple(facts, change)
		out += eligibility.reason_violations(policy, change, self.reason)
		return out + eligibility.missing_evidence(policy, change, self.reason, [e.evidence_type for e in self.evidence],
												  self.original_reason, required=self.evidence_required())

	# --- the case (steps, filing and decisions: services.cases.case.CaseDocument) ------------------------
	def filing_school(self) -> str:
		return self.school

	def parties(self) -> list:
		return chains.change_chain(self.school, self.approving_region)

	def before_workflow_action(self, action: str, comment: str | None) -> None:
		super().before_workflow_action(action, comment)
		if action in self.FILING and self.change_type == p.DEATH and self.event_date:
			self.flag_late_report()

	def flag_late_report(self) -> None:
		"""A death reported later than the policy's working days is filed, and flagged on the case."""
		from xueji_app.services.core.calendar import get_calendar

		workdays = get_calendar().workdays_between(getdate(self.event_date), getdate(self.filing_date or today()))
		late = eligibility.reported_late(self.policy(), workdays)
		self.db_set({"reported_late": int(late), "reported_after_workdays": workdays}, update_modified=False)
		if late:
			# the clerk who files it is told at once; the bureau reads it on the case (its headline, the phone page)
			message = self.late_report_message()
			self.add_comment("Comment", message)
			frappe.msgprint(message, title=_("Reported Late"), indicator="orange")

	def onload(self) -> None:
		self.set_onload("late_report", self.late_report_message())

	def late_report_message(self) -> str | None:
		if not self.reported_late:
			return None
		return _("Reported {0} working days after the death; the policy allows {1}").format(
			self.reported_after_workdays, self.policy().death_report_workdays)

	def check_step(self, action: str) -> None:
		"""A step is not approved while evidence the policy requires is missing."""
		if action == "Approve":
			evidence = [e.evidence_type for e in self.evidence]
			steps.raise_all(eligibility.missing_evidence(self.policy(), self.change_type, self.reason, evidence,
														 self.original_reason, required=self.evidence_required()), self.doctype)

	def apply_to_student(self) -> None:
		"""On final approval, in the same transaction: status, grade, and a line of 学籍变动情况."""
		policy = self.policy()
		student = frappe.get_doc("Student", self.student, for_update=True)
		status = outcomes.OUTCOME.get(self.change_type)
		if self.change_type == p.WITHDRAWAL:
			status = outcomes.withdrawal_status(policy, study_years(student))
		if status:
			student.status_label = status
			student.on_roll, student.in_school = student_rules.STATUS_AXES[status]
		if self.change_type in outcomes.GRADE_CHANGES and self.to_grade:
			student.grade, student.school_class = self.to_grade, None
		if self.change_type == p.SUSPENSION:
			self.effective_until = outcomes.suspension_end(getdate(self.filing_date), policy)
		elif self.change_type == p.SUSPENSION_EXTENSION:
			current_end = student_facts(student, exclude_case=(self.doctype, self.name)).suspended_until
			self.effective_until = outcomes.suspension_end(current_end or getdate(self.filing_date), policy)
		office = frappe.db.get_value("Administrative Region", self.approving_region, "bureau_name")
		student.append("history", student_service.history_row(self.change_type, student, office, self.reason_detail, reference=self))
		student.flags.xueji_service = True
		student.save(ignore_permissions=True)
		close_case(self.student, self.doctype, self.name)
		self.applied_on = today()


def study_years(student) -> float:
	"""Years at school in the student's present stage, from entering it (or from entry) until today, less the time
	out of school that the roll's history records (suspensions, time abroad): the policy counts study, not time."""
	start = student.get("stage_entry_date") or student.enrollment_date
	if not start:
		return 0
	events = [(getdate(h.event_date), h.event_type) for h in student.get("history") or [] if h.event_date]
	return outcomes.years_in_school(getdate(start), getdate(today()), events)
