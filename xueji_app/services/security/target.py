"""The node a report or a bureau's view looks at: the user's scope narrowed by its region and school filters.

Script reports and the year-end overview run raw SQL, which Frappe's permission hooks do not reach, so their
conditions come from here; a filter can only narrow the scope, never widen it."""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.services.security.scope import REGION, Scope, get_scope, regions_within_sql


class Target:
	"""The node a report looks at: the user's scope narrowed by the region and school filters."""

	def __init__(self, filters: dict, scope: Scope | None = None):
		self.scope = scope or get_scope()
		self.school = filters.get("school") or self.scope.school
		if self.scope.is_school and self.school != self.scope.school:
			frappe.throw(_("You may only see your own school"), frappe.PermissionError)
		region = filters.get("region") or (None if self.scope.is_admin else self.scope.region)
		if self.scope.is_school:
			region = None
		if region and not self.scope.covers_region(region):
			frappe.throw(_("Region {0} is outside your scope").format(region), frappe.PermissionError)
		if self.school and not self.scope.is_admin and not self.scope.is_school:
			if not self.scope.covers_region(frappe.db.get_value("School", self.school, "region")):
				frappe.throw(_("School {0} is outside your scope").format(self.school), frappe.PermissionError)
		if not self.scope.is_admin and not self.scope.tier:
			frappe.throw(_("You are not a roll officer"), frappe.PermissionError)
		self.region = region
		self.bounds = frappe.db.get_value(REGION, region, ["lft", "rgt"]) if region else None

	def condition(self, alias: str = "s", region_field: str = "region", school_field: str = "school") -> str:
		"""SQL restricting ``alias`` (a table with a region and a school link) to the target."""
		parts = []
		if self.school:
			parts.append(f"{alias}.`{school_field}` = {frappe.db.escape(self.school)}")
		if self.bounds:
			parts.append(f"{alias}.`{region_field}` in ({regions_within_sql(*self.bounds)})")
		return " and ".join(parts) or "1=1"

	def children(self) -> tuple[str, list[dict]]:
		"""What a row of a statistics report is: the child regions of the target region, its schools (for a
		county) or the grades (for a school)."""
		if self.school:
			return "grade", [{"name": g.name, "label": g.grade_name} for g in frappe.get_all("Grade", fields=["name", "grade_name"], order_by="grade_number, name")]
		if self.region:
			kids = frappe.get_all(
				REGION, filters={"parent_administrative_region": self.region}, fields=["name", "region_name as label", "lft", "rgt"], order_by="lft"
			)
			if kids:
				return "region", kids
			return "school", frappe.get_all("School", filters={"region": self.region}, fields=["name", "school_name as label"], order_by="name")
		return "region", frappe.get_all(REGION, filters={"parent_administrative_region": ["is", "not set"]}, fields=["name", "region_name as label", "lft", "rgt"], order_by="lft")
