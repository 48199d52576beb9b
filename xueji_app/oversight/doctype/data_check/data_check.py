# Copyright (c) 2026, Xueji contributors
"""数据核查: once a semester a school confirms its list of students (LN 第二十七条); the county sees who has."""

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules.problems import DataCheckConfirmedAlready, DataCheckOpenProblems
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.roll.student import check_school_party


class DataCheck(CheckedValues, Document):
	def validate(self) -> None:
		self.check_once_per_term()
		self.count()

	def before_submit(self) -> None:
		check_school_party(self)
		if self.open_problems:  # counted by validate, which runs just before on submit
			raise_violation(DataCheckOpenProblems(field="open_problems", count=self.open_problems), self.doctype)
		self.confirmed_by, self.confirmed_on = frappe.session.user, now_datetime()

	def check_once_per_term(self) -> None:
		filters = {"school": self.school, "term": self.term, "docstatus": 1}
		if not self.is_new():
			filters["name"] = ["!=", self.name]
		other = frappe.db.get_value("Data Check", filters, ["name", "confirmed_on"], as_dict=True)
		if other:
			raise_violation(DataCheckConfirmedAlready(field="term", term=self.term, date=str(other.confirmed_on)[:10]), self.doctype)

	def count(self) -> None:
		"""The school's students on the roll and its open problem records, as they stand now."""
		from xueji_app.services.outputs.oversight import problem_records

		self.student_count = frappe.db.count("Student", {"school": self.school, "on_roll": 1})
		self.open_problems = len(problem_records({"school": self.school}))
