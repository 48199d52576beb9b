"""Permission hooks for what the one guard (``services.security.guard``) does not express: who edits the region
tree, and who appoints whom. Like every ``has_permission`` hook they may only deny."""

from __future__ import annotations

import frappe

from xueji_app.rules.tiers import OfficerAppointmentOutOfScope, validate_appointment
from xueji_app.services.security.scope import get_scope

WRITE_PTYPES = {"write", "create", "delete", "submit", "cancel", "amend", "share"}


def region_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Regions are public; a province bureau changes only its own part of the tree, and moves a node only
	to a parent inside it."""
	if ptype not in WRITE_PTYPES:
		return True
	scope = get_scope(user)
	if scope.is_admin:
		return True
	parent = doc.get("parent_administrative_region")
	if doc.is_new() or not frappe.db.exists("Administrative Region", doc.name):
		return scope.covers_region(parent)
	return scope.covers_region(doc.name) and (not parent or scope.covers_region(parent))


def roll_officer_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Officers change officer records of their own tier or below inside their region, as the record is
	stored and as it would be; nobody changes their own."""
	from xueji_app.services.security import guard

	if not guard.has_permission(doc, ptype, user):
		return False
	if ptype not in WRITE_PTYPES or doc.is_new():
		return True
	scope = get_scope(user)
	if scope.is_admin:
		return True
	stored = frappe.db.get_value("Roll Officer", doc.name, ["user", "tier", "region"], as_dict=True)
	if scope.user in (doc.get("user"), stored and stored.user):
		return False
	if stored and not can_manage_officer(stored.tier, stored.region, user):
		return False
	return can_manage_officer(doc.get("tier"), doc.get("region"), user)


def can_manage_officer(tier: str | None, region: str | None, user: str | None = None) -> bool:
	try:
		check_officer_appointment(tier, region, user)
	except OfficerAppointmentOutOfScope:
		return False
	return True


def check_officer_appointment(tier: str | None, region: str | None, user: str | None = None) -> None:
	"""Raise unless ``user`` may create, change or remove an officer of ``tier`` at ``region``."""
	scope = get_scope(user)
	if scope.is_admin:
		return
	validate_appointment(scope.tier, tier or "", scope.covers_region(region))
