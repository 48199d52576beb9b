"""The one answer to "what may this user see and act on".

A user's scope comes from their Roll Officer record: a region node (with its nested-set range) for the
bureau tiers, a school for the school tiers. Permission hooks, reports, the approval list, exports and
the party checks of workflow steps all ask this module; no second implementation of the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe

from xueji_app.rules.tiers import PLATFORM_ADMIN_ROLE, SCHOOL_TIERS

REGION = "Administrative Region"
ADMIN_ROLES = {"System Manager", PLATFORM_ADMIN_ROLE}


@dataclass(frozen=True)
class Scope:
	user: str
	is_admin: bool = False
	tier: str | None = None
	region: str | None = None
	lft: int = 0
	rgt: int = 0
	school: str | None = None

	@property
	def is_bureau(self) -> bool:
		return bool(self.tier) and self.tier not in SCHOOL_TIERS

	@property
	def is_school(self) -> bool:
		return self.tier in SCHOOL_TIERS

	def covers_region(self, region: str | None) -> bool:
		"""Whether ``region`` is the scope's region or below it (always for an administrator)."""
		if self.is_admin:
			return True
		if not region or not self.is_bureau:
			return False
		bounds = frappe.db.get_value(REGION, region, ["lft", "rgt"])
		return bool(bounds) and self.lft <= bounds[0] and bounds[1] <= self.rgt

	def region_subquery(self) -> str:
		"""The names of every region in scope, as SQL for ``field in (...)`` conditions."""
		return regions_within_sql(self.lft, self.rgt)


def regions_within_sql(lft: int, rgt: int) -> str:
	"""The names of the regions between ``lft`` and ``rgt`` as an escaped SQL list (``'210802', '210803'``).

	A list, not a subquery: given the values, MariaDB reads a county's students through the (region, modified)
	index newest first and stops at the page's 20 rows; against a subquery it materialised the county (96,000
	rows at 10 million students) and sorted it. (One indexed lookup of the tree, a province's ~130 rows.)"""
	names = frappe.get_all(REGION, filters={"lft": [">=", int(lft)], "rgt": ["<=", int(rgt)]}, pluck="name", order_by="lft")
	return ", ".join(frappe.db.escape(n) for n in names) or "''"


def is_admin(user: str) -> bool:
	return user == "Administrator" or bool(ADMIN_ROLES & set(frappe.get_roles(user)))


def get_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	if is_admin(user):
		return Scope(user=user, is_admin=True)
	officer = frappe.db.get_value(
		"Roll Officer", {"user": user, "enabled": 1}, ["tier", "region", "school"], as_dict=True
	)
	if not officer:
		return Scope(user=user)
	lft, rgt = frappe.db.get_value(REGION, officer.region, ["lft", "rgt"]) or (0, 0)
	school = officer.school if officer.tier in SCHOOL_TIERS else None
	return Scope(user=user, tier=officer.tier, region=officer.region, lft=lft, rgt=rgt, school=school)
