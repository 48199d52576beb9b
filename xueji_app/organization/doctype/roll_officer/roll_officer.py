# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import tiers
from xueji_app.rules.access import ExportGrantRefused, SelfAppointment
from xueji_app.services.core.errors import raise_violation, rule_boundary
from xueji_app.services.security.access import sync_user_access
from xueji_app.services.security.permissions import check_officer_appointment
from xueji_app.services.security.scope import get_scope


class RollOfficer(CheckedValues, Document):
	"""Who serves which tier at which node. Saving it grants the role and the scoping User Permissions."""
	def validate(self) -> None:
		self.derive_region()
		self.check_not_self()
		self.check_appointer()
		self.check_export_grant()
		self.check_node()

	def check_not_self(self) -> None:
		scope = get_scope()
		if not scope.is_admin and scope.user == self.user:
			raise_violation(SelfAppointment(field="user"), self.doctype)

	def check_export_grant(self) -> None:
		"""可导出数据 is granted (or taken back) by a bureau above the officer's tier (NAT 第二十五条: data
		leaves only with the authority's approval), never by the officer or a colleague of the same tier."""
		before = self.get_doc_before_save()
		if bool(self.may_export) == bool(before.may_export if before else 0):
			return
		scope = get_scope()
		if scope.is_admin:
			return
		if not scope.is_bureau or tiers.TIER_RANK[scope.tier] <= tiers.TIER_RANK.get(self.tier, 99):
			raise_violation(ExportGrantRefused(field="may_export"), self.doctype)

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
