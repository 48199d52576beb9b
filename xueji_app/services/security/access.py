"""Roll Officer → Frappe roles and User Permissions. Nobody edits those by hand.

The desired state is recomputed from the user's enabled Roll Officer record(s) and the difference is
applied, so the sync is idempotent and removing an officer takes back exactly what it gave.
"""

from __future__ import annotations

import frappe

from xueji_app.rules.tiers import (
	CITY_BUREAU,
	COUNTY_BUREAU,
	PROVINCE_BUREAU,
	SCHOOL_HEAD,
	SCHOOL_REGISTRAR,
	SCHOOL_TIERS,
	TIER_ROLE,
	TIER_ROLES,
	TIERS,
)

REGION = "Administrative Region"
EXPORTER_ROLE = "Roll Data Exporter"
#: the roles this module gives and takes back
MANAGED_ROLES = {*TIER_ROLES, EXPORTER_ROLE}
#: the DocTypes whose User Permissions this module owns
MANAGED_ALLOW = (REGION, "School")

#: (allow, for_value, applicable_for); applicable_for None = all DocTypes
Perm = tuple[str, str, "str | None"]


def region_scoped_doctypes() -> list[str]:
	"""The app's DocTypes that a bureau's region User Permission restricts: those with a region link
	that honours User Permissions. The region tree itself is not among them: region codes are public,
	and a permission on the tree's own names would refuse the province the new county it creates."""
	linking = frappe.get_all(
		"DocField",
		filters={"fieldtype": "Link", "options": REGION, "ignore_user_permissions": 0, "parenttype": "DocType"},
		pluck="parent",
	)
	modules = frappe.get_module_list("xueji_app")
	return sorted(
		frappe.get_all(
			"DocType",
			filters={"name": ["in", [d for d in linking if d != REGION] or [""]], "module": ["in", modules], "istable": 0},
			pluck="name",
		)
	)


def desired_access(user: str) -> tuple[set[str], set[Perm]]:
	officers = frappe.get_all(
		"Roll Officer", filters={"user": user, "enabled": 1}, fields=["tier", "region", "school", "may_export"]
	)
	roles = {TIER_ROLE[o.tier] for o in officers} | {EXPORTER_ROLE for o in officers if o.may_export}
	perms: set[Perm] = set()
	for o in officers:
		if o.tier in SCHOOL_TIERS:
			perms.add(("School", o.school, None))
		else:
			perms.update((REGION, o.region, doctype) for doctype in region_scoped_doctypes())
	return roles, perms


def sync_user_access(user: str) -> None:
	"""Make the user's tier roles and scoping User Permissions match their Roll Officer record."""
	if not frappe.db.exists("User", user):
		return
	roles, perms = desired_access(user)
	frappe.flags.xueji_syncing_access = True
	try:
		sync_roles(user, roles)
		sync_user_permissions(user, perms)
		sync_landing(user)
	finally:
		frappe.flags.xueji_syncing_access = False


#: the workspace each tier lands on
LANDING = {SCHOOL_REGISTRAR: "School Roll", SCHOOL_HEAD: "School Roll", COUNTY_BUREAU: "County Bureau",
		   CITY_BUREAU: "City Bureau", PROVINCE_BUREAU: "Province Bureau"}


def sync_landing(user: str) -> None:
	"""An officer opens the desk on their tier's workspace (the highest tier, when they serve more than one)."""
	tiers = frappe.get_all("Roll Officer", filters={"user": user, "enabled": 1}, pluck="tier")
	landing = next((LANDING[t] for t in reversed(TIERS) if t in tiers), None)
	if landing and frappe.db.exists("Workspace", landing) and frappe.db.get_value("User", user, "default_workspace") != landing:
		frappe.db.set_value("User", user, "default_workspace", landing, update_modified=False)


def sync_roles(user: str, roles: set[str]) -> None:
	user_doc = frappe.get_doc("User", user)
	current = {r.role for r in user_doc.roles}
	extra = (current & MANAGED_ROLES) - roles
	missing = roles - current
	if not (extra or missing):
		return
	user_doc.flags.ignore_permissions = True
	user_doc.set("roles", [r for r in user_doc.roles if r.role not in extra])
	for role in sorted(missing):
		user_doc.append("roles", {"role": role})
	user_doc.save(ignore_permissions=True)


def sync_user_permissions(user: str, perms: set[Perm]) -> None:
	existing = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": ["in", MANAGED_ALLOW]},
		fields=["name", "allow", "for_value", "apply_to_all_doctypes", "applicable_for"],
	)
	have = set()
	for row in existing:
		key = (row.allow, row.for_value, None if row.apply_to_all_doctypes else row.applicable_for)
		if key in perms and key not in have:
			have.add(key)
		else:
			frappe.delete_doc("User Permission", row.name, ignore_permissions=True, force=True)
	for allow, value, applicable_for in sorted(perms - have, key=str):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": allow,
				"for_value": value,
				"apply_to_all_doctypes": int(applicable_for is None),
				"applicable_for": applicable_for,
				"is_default": 1,
			}
		).insert(ignore_permissions=True)
	frappe.cache.hdel("user_permissions", user)


def resync_all_officers() -> None:
	"""After migrate: a DocType that gained a region link is scoped for every bureau officer."""
	for user in frappe.get_all("Roll Officer", pluck="user"):
		sync_user_access(user)


def clear_expanded_permissions() -> None:
	"""Forget every user's cached expansion of tree User Permissions.

	Frappe caches the descendants of a permitted region per user; a county added under a city must be
	visible to that city's officer at once, so any change to the region tree drops the cache.
	"""
	frappe.cache.delete_value("user_permissions")


def guard_managed_user_permission(doc, method: str | None = None) -> None:
	"""Refuse hand edits of the User Permissions this module owns; Roll Officer is the way in."""
	if doc.allow not in MANAGED_ALLOW or frappe.flags.xueji_syncing_access:
		return
	if frappe.session.user == "Administrator" or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	frappe.throw(
		frappe._("User Permissions on {0} are maintained from Roll Officer; edit the officer record instead").format(
			frappe._(doc.allow)
		),
		frappe.PermissionError,
	)
