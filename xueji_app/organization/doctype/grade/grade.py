# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import calendar_year
from xueji_app.services.core.errors import rule_boundary


class Grade(CheckedValues, Document):
	"""National grade code (11–16 小学, 21–24 初中, 31–33 高中)."""

	def validate(self) -> None:
		with rule_boundary(self.doctype):
			calendar_year.validate_grade_stage(self.grade_code, self.stage)
