# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules.policy import DuplicatePolicy
from xueji_app.services.core.errors import raise_violation, rule_boundary
from xueji_app.services.core.policy import layer_from_doc


class RollPolicy(CheckedValues, Document):
	"""The parameters of roll changes for a region and stage (nearest ancestor applies). Changes are logged."""
	def validate(self) -> None:
		with rule_boundary(self.doctype):
			layer_from_doc(self)  # every number parses
		self.check_unique()

	def on_update(self) -> None:
		frappe.clear_document_cache(self.doctype, self.name)

	def check_unique(self) -> None:
		other = frappe.db.get_value(
			self.doctype,
			{"region": self.region or ("is", "not set"), "stage": self.stage or "", "name": ("!=", self.name)},
		)
		if other:
			raise_violation(DuplicatePolicy(field="region", other=other), self.doctype)
