# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import getdate, today

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import identity
from xueji_app.rules import student as rules
from xueji_app.rules.student import ClassMismatch, SupplementaryNeedsConfirmation
from xueji_app.services.cases.case import record_rejection
from xueji_app.services.cases.workflow import guard_state_change
from xueji_app.services.core.errors import raise_violation, rule_boundary
from xueji_app.services.roll import rollup
from xueji_app.services.roll import student as service

STATE_FIELD = "registration_state"


class Student(CheckedValues, Document):
	"""学籍基础信息: one person, one record, one number for life."""
	# --- lifecycle: dispatch only ---------------------------------------------------------------
	def validate(self) -> None:
		self.normalize()
		self.guard_edits()
		self.check_identity()
		self.check_placement()
		self.check_duplicates()
		self.set_registration_facts()

	def on_update(self) -> None:
		self.count_in_rollup()

	def on_trash(self) -> None:
		rollup.record(self, None)

	# --- validation -----------------------------------------------------------------------------
	def normalize(self) -> None:
		self.student_name = (self.student_name or "").strip()
		if self.id_number:
			self.id_number = identity.normalize_id(self.id_number)
		if self.is_new() and not self.flags.xueji_service:
			for field in rules.STATUS_FIELDS:
				self.set(field, 0 if self.meta.get_field(field).fieldtype == "Check" else None)
			self.status_label = "Pending Registration"
			self.history = []

	def guard_edits(self) -> None:
		"""Key data only through Student Info Change once registered; state only via act. (Who may change
		which field at all is the one guard's: ``services.security.guard``, ``rules.access``.)"""
		guard_state_change(self, STATE_FIELD)
		before = self.get_doc_before_save()
		if self.is_new() or not before or self.flags.xueji_service:
			return
		from xueji_app.services.security.guard import snapshot

		# compared as normalized values: the desk sends dates as text, the stored record holds dates
		with rule_boundary(self.doctype):
			rules.check_locked_fields(snapshot(before, self.meta), snapshot(self, self.meta), bool(before.student_number))

	def check_identity(self) -> None:
		record = self.as_dict()
		for field in ("date_of_birth", "enrollment_date"):
			record[field] = getdate(record[field]) if record.get(field) else None
		with rule_boundary(self.doctype):
			self.id_number = rules.validate_record(record) or None
		self.identity_key, self.person_key = service.keys_for(self)
		self.unidentified_key = service.unidentified_key(self.identity_key, self.person_key)

	def check_placement(self) -> None:
		if not self.school:
			return
		from xueji_app.rules.schools import stages_of

		school = frappe.get_cached_doc("School", self.school)
		grade = frappe.get_cached_doc("Grade", self.grade) if self.grade else None
		self.stage = grade.stage if grade else None
		with rule_boundary(self.doctype):
			rules.validate_placement(
				self.is_new(), school.school_name, school.status, stages_of(school),
				grade.grade_name if grade else "", self.stage,
			)
		if self.school_class:
			klass = frappe.db.get_value("School Class", self.school_class, ["school", "grade"], as_dict=True)
			if not klass or klass.school != self.school or klass.grade != self.grade:
				raise_violation(ClassMismatch(field="school_class", value=self.school_class), self.doctype)
		self.region, self.authority_region = school.region, school.authority_region

	def show_unique_validation_message(self, e) -> None:
		"""Two registrars saving the same person at the same moment both pass 查重; the database's unique key
		stops the second, which then gets the same message 查重 gives (the first is committed by now)."""
		service.check_duplicate(self, latest=True)
		super().show_unique_validation_message(e)

	def check_duplicates(self) -> None:
		before = self.get_doc_before_save()
		if self.is_new() or (before and (before.identity_key, before.person_key) != (self.identity_key, self.person_key)):
			service.check_duplicate(self)

	def set_registration_facts(self) -> None:
		if self.student_number or not self.enrollment_date:
			return
		if self.deferral_state == "Approved" and self.deferred_until:  # 延缓入学: due as after an entry when it ends
			from xueji_app.rules.deferral import registration_due_after

			self.registration_due_date = registration_due_after(getdate(self.deferred_until))
		else:
			self.registration_due_date = rules.registration_due(getdate(self.enrollment_date))
		grade = frappe.get_cached_doc("Grade", self.grade) if self.grade else None
		self.is_supplementary = int(rules.is_supplementary(grade.grade_number, grade.stage) if grade else False)

	# --- the enrollment rollup --------------------------------------------------------------------
	def count_in_rollup(self) -> None:
		"""Move the student between the statistics' counters in this same transaction."""
		rollup.record(self.get_doc_before_save(), self)

	# --- workflow (called by xueji_app.services.cases.workflow.act) -------------------------------------
	def before_workflow_action(self, action: str, comment: str | None) -> None:
		if action in ("Submit for Approval", "Resubmit"):
			service.check_school_party(self)
		elif action in ("Approve", "Reject"):
			service.check_authority_party(self)
		if action == "Reject":
			record_rejection(self, comment)
		if action == "Approve":
			if self.is_supplementary and not self.duplicate_check_confirmed:
				raise_violation(SupplementaryNeedsConfirmation(field="duplicate_check_confirmed"), self.doctype)
			service.check_duplicate(self)

	def after_workflow_action(self, action: str, comment: str | None) -> None:
		if action in ("Submit for Approval", "Resubmit"):
			self.set_open_case(self.doctype, self.name)
		elif action == "Approve":
			self.register()
		self.flags.xueji_service = True
		self.save(ignore_permissions=True)

	def set_open_case(self, doctype: str | None, name: str | None) -> None:
		self.has_open_case = int(bool(doctype))
		self.open_case_doctype, self.open_case = doctype, name

	def register(self) -> None:
		"""核准: issue the 学籍号 and put the student on the roll, in school."""
		self.student_number = service.issue_student_number(self)
		self.status_label = "Enrolled"
		self.on_roll, self.in_school = rules.STATUS_AXES["Enrolled"]
		self.registered_on = today()
		self.stage_entry_date = self.enrollment_date
		self.rejection_reason = None
		self.set_open_case(None, None)
		office = frappe.db.get_value("Administrative Region", self.authority_region, "bureau_name")
		self.append("history", service.history_row("Registration", self, office, reference=self))
