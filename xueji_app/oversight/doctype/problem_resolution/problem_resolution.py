# Copyright (c) 2026, Xueji contributors
"""The resolution of one problem record (问题学籍) of one student: 佐证, 变更 or 删除 (domain-spec §6)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import problems as rules
from xueji_app.rules import student as student_rules
from xueji_app.rules.problems import ProblemAlreadyResolved
from xueji_app.services.core.errors import raise_violation, rule_boundary
from xueji_app.services.roll import rollup
from xueji_app.services.roll import student as student_service
from xueji_app.services.security.scope import get_scope

APPROVED_INFO_CHANGE = "Approved"


class ProblemResolution(CheckedValues, Document):
	def validate(self) -> None:
		self.check_allowed()
		self.check_not_resolved()

	def on_submit(self) -> None:
		self.db_set("resolved_by", frappe.session.user)
		if self.resolution == rules.DELETE:
			self.cancel_record()

	def check_allowed(self) -> None:
		with rule_boundary(self.doctype):
			rules.validate_resolution(
				self.problem, self.resolution, bool(self.evidence), self.info_change_approved(), self.is_authority()
			)

	def info_change_approved(self) -> bool:
		if not self.info_change:
			return False
		change = frappe.db.get_value("Student Info Change", self.info_change, ["student", "change_state"], as_dict=True)
		return bool(change) and change.student == self.student and change.change_state == APPROVED_INFO_CHANGE

	def is_authority(self) -> bool:
		"""The bureau that keeps the student's roll (or a bureau above it)."""
		scope = get_scope()
		return scope.is_admin or (scope.is_bureau and scope.covers_region(frappe.db.get_value("Student", self.student, "authority_region")))

	def check_not_resolved(self) -> None:
		other = frappe.db.get_value(
			"Problem Resolution", {"student": self.student, "problem": self.problem, "docstatus": 1, "name": ["!=", self.name]}
		)
		if other:
			raise_violation(ProblemAlreadyResolved(field="problem", other=other), self.doctype)

	def cancel_record(self) -> None:
		"""删除: the duplicate record leaves the roll (注销) but stays readable by its school and county.

		Written field by field: the record is wrong by definition (a duplicate, perhaps with a bad ID), so the
		validation of a full save would refuse the very record being taken off the roll."""
		student = frappe.get_doc("Student", self.student, for_update=True)
		office = frappe.db.get_value("Administrative Region", get_scope().region, "bureau_name") if get_scope().region else None
		event = student.append("history", student_service.history_row("Cancelled", student, office, _(self.problem), reference=self))
		event.db_insert()
		on_roll, in_school = student_rules.STATUS_AXES["Cancelled"]
		before = rollup.snapshot(student)
		student.db_set({"status_label": "Cancelled", "on_roll": on_roll, "in_school": in_school})
		rollup.record(before, student)
