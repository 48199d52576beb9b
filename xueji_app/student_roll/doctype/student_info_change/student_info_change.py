# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import identity
from xueji_app.rules.student import DuplicateChangeField, NothingChanged, StudentNotRegistered
from xueji_app.services.cases.case import record_rejection
from xueji_app.services.cases.cases import close_case, open_case
from xueji_app.services.cases.workflow import guard_state_change
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.roll import student as student_service

STATE_FIELD = "change_state"
SCHOOL_ACTIONS = {"Submit for Approval", "Resubmit", "Withdraw"}


class StudentInfoChange(CheckedValues, Document):
	"""信息变更: key data corrected with proof, approved by the school head and then the authority."""
	def validate(self) -> None:
		guard_state_change(self, STATE_FIELD)
		self.check_student()
		self.fill_old_values()

	# --- validation -----------------------------------------------------------------------------
	def check_student(self) -> None:
		if not frappe.db.get_value("Student", self.student, "student_number"):
			raise_violation(StudentNotRegistered(field="student"), self.doctype)

	def field_map(self) -> dict[str, str]:
		"""label -> Student fieldname for the fields this form may change."""
		meta = frappe.get_meta("Student")
		return {df.label: df.fieldname for df in meta.fields if df.label in self.allowed_labels()}

	def allowed_labels(self) -> list[str]:
		return frappe.get_meta("Student Info Change Item").get_field("field_label").options.split("\n")

	def fill_old_values(self) -> None:
		fields = self.field_map()
		student = frappe.get_doc("Student", self.student)
		seen = set()
		for item in self.items:
			if item.field_label in seen:
				raise_violation(DuplicateChangeField(field="items", label=_(item.field_label)), self.doctype)
			seen.add(item.field_label)
			item.old_value = str(student.get(fields[item.field_label]) or "")
			if (item.new_value or "").strip() == item.old_value:
				raise_violation(NothingChanged(field="items", label=_(item.field_label)), self.doctype)

	def changed_student(self):
		"""The student as it would be after this change (not saved): runs every identity rule and 查重."""
		fields = self.field_map()
		student = frappe.get_doc("Student", self.student)
		for item in self.items:
			student.set(fields[item.field_label], (item.new_value or "").strip() or None)
		return student

	# --- workflow (called by xueji_app.services.cases.workflow.act) -------------------------------------
	def before_workflow_action(self, action: str, comment: str | None) -> None:
		student = frappe.get_doc("Student", self.student)
		if action in SCHOOL_ACTIONS or self.change_state == "Pending School Head Review":
			student_service.check_school_party(student)
		else:
			student_service.check_authority_party(student)
		if action in ("Submit for Approval", "Resubmit"):
			open_case(self.student, self.doctype, self.name)
			self.preview()
		if action == "Reject":
			record_rejection(self, comment)
		if action == "Approve" and self.change_state == "Pending Authority Approval":
			self.preview()

	def preview(self) -> None:
		"""查重 and identity checks on the new values before anyone approves them."""
		changed = self.changed_student()
		changed.flags.xueji_service = True
		changed.run_method("validate")
		student_service.check_duplicate(changed)

	def after_workflow_action(self, action: str, comment: str | None) -> None:
		if self.change_state == "Approved":
			self.apply_to_student()
			close_case(self.student, self.doctype, self.name)
		elif self.change_state == "Withdrawn by School":
			close_case(self.student, self.doctype, self.name)

	def apply_to_student(self) -> None:
		student = self.changed_student()
		old_number = student.student_number
		if student.id_type == identity.RESIDENT_ID and student.id_number and not old_number.startswith("G"):
			student.student_number = identity.g_number(student.id_number)
			student.former_student_numbers = "\n".join(filter(None, [student.former_student_numbers, old_number]))
		detail = "；".join(f"{_(i.field_label)}：{i.old_value} → {i.new_value}" for i in self.items)
		office = frappe.db.get_value("Administrative Region", student.authority_region, "bureau_name")
		student.append("history", student_service.history_row("Key Data Change", student, office, detail, reference=self))
		student.flags.xueji_service = True
		student.save(ignore_permissions=True)
		self.db_set("applied_on", today(), update_modified=False)
