# Copyright (c) 2026, Xueji contributors
"""What a confirmed year-end run did to one student, with the values before it (for the reversal), written in
bulk by ``services.roll.year_end``; nobody edits it."""

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class YearEndRunStudent(CheckedValues, Document):
	pass
