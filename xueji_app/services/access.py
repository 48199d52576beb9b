"""Roll Officer → Frappe roles and User Permissions. Nobody edits those by hand.

The desired state is recomputed from the user's enabled Roll Officer record(s) and the difference is
applied, so the sync is idempotent and removing an officer takes back exactly what it gave.
"""

from __future__ import annotations

import frappe

from xueji_app.rules.tiers import SCHOOL_TIERS, TIER_ROLE, TIER_ROLES

#: the DocTypes whose User Permissions this module owns
MANAGED_ALLOW = ("Administrative Region", "School")


def desired_access(user: str) -> tuple[set[str], set[tuple[str, str]]]:
	officers = frappe.get_all(
		"Roll Officer", filters={"user": user, "enabled": 1}, fields=["tier", "region", "school"]
	)
	roles = {TIER_ROLE[o.tier] for o in officers}
	perms = {
		("School", o.school) if o.tier in SCHOOL_TIERS else ("Administrative Region", o.region)
		for o in officers
	}
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
	finally:
		frappe.flags.xueji_syncing_access = False


def sync_roles(user: str, roles: set[str]) -> None:
	user_doc = frappe.get_doc("User", user)
	current = {r.role for r in user_doc.roles}
	extra = (current & set(TIER_ROLES)) - roles
	missing = roles - current
	if not (extra or missing):
		return
	user_doc.flags.ignore_permissions = True
	user_doc.set("roles", [r for r in user_doc.roles if r.role not in extra])
	for role in sorted(missing):
		user_doc.append("roles", {"role": role})
	user_doc.save(ignore_permissions=True)


def sync_user_permissions(user: str, perms: set[tuple[str, str]]) -> None:
	existing = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": ["in", MANAGED_ALLOW]},
		fields=["name", "allow", "for_value"],
	)
	have = set()
	for row in existing:
		key = (row.allow, row.for_value)
		if key in perms and key not in have:
			have.add(key)
		else:
			frappe.delete_doc("User Permission", row.name, ignore_permissions=True, force=True)
	for allow, value in sorted(perms - have):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": allow,
				"for_value": value,
				"apply_to_all_doctypes": 1,
				"is_default": 1,
			}
		).insert(ignore_permissions=True)
	frappe.cache.hdel("user_permissions", user)


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
