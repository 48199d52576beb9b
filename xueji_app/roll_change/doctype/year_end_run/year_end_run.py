# Copyright (c) 2026, Xueji contributors
"""学年末处理 of one school and school year: filed by the school, confirmed by its roll authority (the county,
or the city or province for the schools they run), applied to every student in one transaction; the
authority may reverse it until the policy's date. Every action goes through ``services.cases.workflow.act``."""

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import school_year as rules
from xueji_app.rules.school_year import (
	GraduationConditionUnknown,
	YearEndExceptionNotGraduating,
	YearEndNotLastYear,
	YearEndReversalClosed,
	YearEndRunExists,
)
from xueji_app.services.cases.case import check_bureau, check_school, record_rejection
from xueji_app.services.cases.workflow import guard_state_change
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.core.policy import policy_for
from xueji_app.services.roll import year_end as service

STATE_FIELD = "run_state"
FILING = ("Submit for Confirmation", "Resubmit")
BUREAU_ACTIONS = ("Confirm", "Reject", "Reverse")




class YearEndRun(CheckedValues, Document):
	#: these move every student of the school: ``services.cases.workflow.act`` runs them as background jobs
	BACKGROUND_ACTIONS = ("Confirm", "Reverse")

	# --- lifecycle: dispatch only ---------------------------------------------------------------
	def validate(self) -> None:
		guard_state_change(self, STATE_FIELD)
		self.set_school_facts()
		self.check_unique()
		self.set_policy_dates()
		self.check_exceptions()
		if self.is_editing():
			service.refresh(self)

	def is_editing(self) -> bool:
		"""A save by the school (not a transition's or the service's own, which refresh themselves), of a run
		not yet applied: the preview counts and class map follow the school as it is now."""
		transition = frappe.flags.get("xueji_transition")
		in_transition = bool(transition) and tuple(transition[:2]) == (self.doctype, self.name)
		return not (self.applied_on or self.flags.xueji_service or in_transition)

	# --- facts ----------------------------------------------------------------------------------
	def set_school_facts(self) -> None:
		school = frappe.get_cached_doc("School", self.school)
		self.region, self.authority_region = school.region, school.authority_region

	def policies(self) -> dict:
		"""The policy of each stage the school teaches (a 完全中学 in Yingkou: Liaoning's for 初中, Yingkou's for 高中)."""
		return {stage: policy_for(self.school, stage) for stage in service.school_shape(self.school).stages}

	def summer(self) -> int:
		start = frappe.db.get_value("Academic Year", self.academic_year, "year_start_date")
		if not start:
			raise_violation(YearEndNotLastYear(field="academic_year", year=self.academic_year), self.doctype)
		return getdate(start).year + 1

	def set_policy_dates(self) -> None:
		"""The earliest graduation deadline and reversal date among the school's stages."""
		year, policies = self.summer(), self.policies().values()
		opens = [rules.school_year_day(p.year_end_opens_on, year - 1) for p in policies if p.year_end_opens_on]
		deadlines = [rules.month_day(p.graduation_deadline, year) for p in policies if p.graduation_deadline]
		reversals = [rules.month_day(p.year_end_reversal_until, year) for p in policies if p.year_end_reversal_until]
		self.opens_on = max(opens) if opens else None  # a school of two stages: open once both policies open
		self.deadline = min(deadlines) if deadlines else None
		self.reversal_until = min(reversals) if reversals else None

	def check_open(self) -> None:
		"""Confirmed (every student moved on) only from the policy's date near the year's end: checked in the request,
		and again by the job that moves the students. The school may prepare and file its run before then."""
		self.set_policy_dates()
		refusal = rules.year_end_refusal(getdate(), getdate(self.opens_on) if self.opens_on else None, self.academic_year)
		if refusal:
			raise_violation(refusal, self.doctype)

	def check_unique(self) -> None:
		filters = {"school": self.school, "academic_year": self.academic_year}
		if not self.is_new():
			filters["name"] = ("!=", self.name)
		other = frappe.db.get_value(self.doctype, filters)
		if other:
			raise_violation(YearEndRunExists(field="academic_year", year=self.academic_year, other=other), self.doctype)

	def check_exceptions(self) -> None:
		"""结业 marks only for graduating students of this school."""
		if not self.exceptions:
			return
		system = service.school_shape(self.school).system
		policies = self.policies()
		rows = frappe.get_all("Student", filters={"name": ["in", [r.student for r in self.exceptions]]},
							  fields=["name", "student_name", "school", "grade"])
		found = {r.name: r for r in rows}
		for row in self.exceptions:
			student = found.get(row.student)
			if not student or student.school != self.school or not rules.is_graduating(student.grade or "", system):
				raise_violation(YearEndExceptionNotGraduating(field="exceptions", student=student.student_name if student else row.student),
								self.doctype)
			conditions = policies[rules.stage_of(student.grade)].graduation_conditions
			if conditions and row.condition not in conditions:
				raise_violation(GraduationConditionUnknown(field="exceptions", value=row.condition, conditions=conditions), self.doctype)

	# --- the desk ---------------------------------------------------------------------------------
	@frappe.whitelist()
	def get_preview(self) -> dict:
		"""The preview as stored students give it now (judged on the stored run, as the user may read it)."""
		stored = frappe.get_doc(self.doctype, self.name)
		stored.check_permission("read")
		return service.preview(stored)

	# --- workflow (called by xueji_app.services.cases.workflow.act) -------------------------------------
	def before_workflow_action(self, action: str, comment: str | None) -> None:
		if action in FILING:
			check_school(self.doctype, self.school)
		elif action in BUREAU_ACTIONS:
			policy = next(iter(self.policies().values()))
			bureau = frappe.db.get_value("Administrative Region", self.authority_region, "bureau_name") or self.authority_region
			check_bureau(self.doctype, self.authority_region, bureau, policy, field="authority_region")
		if action == "Confirm":
			self.check_open()
		if action == "Reject":
			record_rejection(self, comment)
		if action == "Reverse" and self.reversal_until and getdate() > getdate(self.reversal_until):
			raise_violation(YearEndReversalClosed(field="reversal_until", deadline=str(self.reversal_until)), self.doctype)

	def after_workflow_action(self, action: str, comment: str | None) -> None:
		if action == "Confirm":
			service.apply(self, self.policies())
			self.confirmed_by, self.applied_on = frappe.session.user, now_datetime()
		elif action == "Reverse":
			service.reverse(self)
			self.reversed_by, self.reversed_on, self.applied_on = frappe.session.user, now_datetime(), None
			service.refresh(self)
		elif action in FILING:
			self.rejection_reason = None
		self.flags.xueji_service = True
		self.save(ignore_permissions=True)

