# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document

from xueji_app.rules import tiers
from xueji_app.services.access import sync_user_access
from xueji_app.services.errors import rule_boundary
from xueji_app.services.permissions import check_officer_appointment


class RollOfficer(Document):
	"""Who serves which tier at which node. Saving it grants the role and the scoping User Permissions."""

	def validate(self) -> None:
		self.derive_region()
		self.check_appointer()
		self.check_node()

	def on_update(self) -> None:
		sync_user_access(self.user)

	def after_delete(self) -> None:
		sync_user_access(self.user)

	def derive_region(self) -> None:
		"""A school tier's region is its school's county, so county and city officers see the record."""
		if self.tier in tiers.SCHOOL_TIERS:
			self.region = frappe.db.get_value("School", self.school, "region") if self.school else None
		else:
			self.school = None

	def check_node(self) -> None:
		level = frappe.db.get_value("Administrative Region", self.region, "level") if self.region else None
		with rule_boundary(self.doctype):
			tiers.validate_officer(self.tier, self.school, self.region, level)

	def check_appointer(self) -> None:
		with rule_boundary(self.doctype):
			check_officer_appointment(self.tier, self.region)
