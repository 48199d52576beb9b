# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils.nestedset import get_ancestors_of

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import schools
from xueji_app.rules.schools import STAGE_FIELDS, stages_of  # noqa: F401 (stages_of: the School form's own)
from xueji_app.services.core.errors import rule_boundary

REGION = "Administrative Region"


class School(CheckedValues, Document):
	"""A school, its county and its 学籍主管部门 (roll authority)."""

	def validate(self) -> None:
		self.set_defaults()
		self.check_rules()

	def set_defaults(self) -> None:
		if not self.authority_region:
			self.authority_region = self.region
		if self.school_type in schools.SCHOOL_TYPES and not self.stages():
			for stage in schools.default_stages(self.school_type):
				self.set(STAGE_FIELDS[stage], 1)
		if self.status != "Merged":
			self.merged_into = None

	def stages(self) -> list[str]:
		return stages_of(self)

	def check_rules(self) -> None:
		region = frappe.db.get_value(REGION, self.region, ["region_code", "level"], as_dict=True) if self.region else None
		with rule_boundary(self.doctype):
			schools.validate_school_code(self.school_code, region.region_code if region else None)
			if not region:
				return  # the mandatory check names the missing county
			schools.validate_school_region(self.region, region.level)
			chain = [*get_ancestors_of(REGION, self.region), self.region]
			schools.validate_authority(self.authority_region, chain)
			schools.validate_stages(self.school_type, self.stages())
			schools.validate_merge(self.status, self.merged_into, self.name)
