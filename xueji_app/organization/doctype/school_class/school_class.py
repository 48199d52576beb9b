# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import calendar_year
from xueji_app.rules.calendar_year import ClassStageNotTaught
from xueji_app.services.core.errors import raise_violation, rule_boundary


class SchoolClass(CheckedValues, Document):
	"""班级: a class of a school in a school year."""
	def autoname(self) -> None:
		self.name = f"{self.school}-{self.academic_year}-{self.grade}-{int(self.class_number or 0):02d}"

	def validate(self) -> None:
		self.set_class_name()
		self.check_rules()

	def set_class_name(self) -> None:
		if not self.class_name and self.grade:
			grade_name = frappe.db.get_value("Grade", self.grade, "grade_name") or self.grade
			self.class_name = _("{0} Class {1}").format(grade_name, self.class_number)

	def check_rules(self) -> None:
		from xueji_app.organization.doctype.school.school import STAGE_FIELDS

		with rule_boundary(self.doctype):
			calendar_year.validate_grade_stage(self.grade, self.stage)
			calendar_year.validate_capacity(self.capacity)
		if self.school and self.stage in STAGE_FIELDS:
			school = frappe.get_cached_doc("School", self.school)
			if not school.get(STAGE_FIELDS[self.stage]):
				raise_violation(
					ClassStageNotTaught(field="stage", school=school.school_name, stage=self.stage), self.doctype
				)
