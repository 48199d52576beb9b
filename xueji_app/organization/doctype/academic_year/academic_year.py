# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import getdate

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import calendar_year
from xueji_app.services.core.errors import rule_boundary


class AcademicYear(CheckedValues, Document):
	"""学年: 1 September to 31 August, two terms; at most one is current."""

	def autoname(self) -> None:
		self.academic_year_name = self.name = calendar_year.year_name(getdate(self.year_start_date).year)

	def validate(self) -> None:
		self.check_rules()

	def on_update(self) -> None:
		self.keep_one_current()

	def check_rules(self) -> None:
		terms = [
			(self.term_1_start and getdate(self.term_1_start), self.term_1_end and getdate(self.term_1_end)),
			(self.term_2_start and getdate(self.term_2_start), self.term_2_end and getdate(self.term_2_end)),
		]
		with rule_boundary(self.doctype):
			calendar_year.validate_academic_year(getdate(self.year_start_date), getdate(self.year_end_date), terms)

	def keep_one_current(self) -> None:
		if self.is_current:
			frappe.db.set_value(
				self.doctype, {"name": ("!=", self.name), "is_current": 1}, "is_current", 0, update_modified=False
			)
