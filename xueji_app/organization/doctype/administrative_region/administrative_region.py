# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.utils.nestedset import NestedSet

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import regions
from xueji_app.services.core.errors import rule_boundary
from xueji_app.services.security.access import clear_expanded_permissions


class AdministrativeRegion(CheckedValues, NestedSet):
	"""A node of the GB/T 2260 tree (province > city > county) and its education bureau."""

	nsm_parent_field = "parent_administrative_region"

	def validate(self) -> None:
		self.check_code()
		self.is_group = int(self.level != regions.COUNTY)

	def on_update(self) -> None:
		super().on_update()
		clear_expanded_permissions()

	def on_trash(self) -> None:
		super().on_trash(allow_root_deletion=True)
		clear_expanded_permissions()

	def check_code(self) -> None:
		parent_code = parent_level = None
		if self.parent_administrative_region:
			parent_code, parent_level = frappe.db.get_value(
				self.doctype, self.parent_administrative_region, ["region_code", "level"]
			) or (self.parent_administrative_region, None)
		with rule_boundary(self.doctype):
			regions.validate_region(self.region_code, self.level, parent_code, parent_level)
