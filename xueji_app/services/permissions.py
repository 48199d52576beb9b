"""Permission hooks (``has_permission``): rules User Permissions cannot express. They may only deny."""

from __future__ import annotations

from xueji_app.rules.errors import OfficerAppointmentOutOfScope
from xueji_app.rules.tiers import validate_appointment
from xueji_app.services.scope import get_scope

WRITE_PTYPES = {"write", "create", "delete", "submit", "cancel", "amend"}


def school_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""A bureau edits only the schools whose 学籍主管部门 lies in its region (a county reads, but does
	not edit, a city-run school that sits in the county)."""
	if ptype not in WRITE_PTYPES:
		return True
	scope = get_scope(user)
	if scope.is_admin or not scope.is_bureau:
		return True
	return scope.covers_region(doc.get("authority_region") or doc.get("region"))


def region_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Regions are public; a province bureau changes only its own part of the tree."""
	if ptype not in WRITE_PTYPES:
		return True
	scope = get_scope(user)
	if scope.is_admin:
		return True
	return scope.covers_region(doc.get("parent_administrative_region") if doc.is_new() else doc.name)


def roll_officer_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Officers change only officer records of their own tier or below inside their region."""
	if ptype not in WRITE_PTYPES or doc.is_new():
		return True
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


def roll_policy_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Province and city bureaus edit the policies of their own region; only the platform the national one."""
	if ptype not in WRITE_PTYPES:
		return True
	scope = get_scope(user)
	return scope.is_admin or (scope.is_bureau and bool(doc.get("region")) and scope.covers_region(doc.get("region")))


# --- cases that involve two sides (转学): both schools and both bureaus see them --------------------------

TRANSFER_REGION_FIELDS = ("from_region", "to_region", "from_authority", "to_authority")


def transfer_query_conditions(user: str | None = None) -> str:
	"""List/REST/report filter for Student Transfer. Frappe ANDs User Permissions across link fields, which
	would hide a transfer from both sides; the scope's OR rule is expressed here instead."""
	import frappe

	scope = get_scope(user)
	if scope.is_admin:
		return ""
	table = "`tabStudent Transfer`"
	if scope.is_school:
		school = frappe.db.escape(scope.school)
		return f"({table}.from_school = {school} or {table}.to_school = {school})"
	if scope.is_bureau:
		regions = scope.region_subquery()
		return "(" + " or ".join(f"{table}.{f} in ({regions})" for f in TRANSFER_REGION_FIELDS) + ")"
	return "1 = 0"


def transfer_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	scope = get_scope(user)
	if scope.is_admin:
		return True
	if scope.is_school:
		# Frappe reads None as "no objection": answer with a real bool
		return scope.school in (doc.get("from_school"), doc.get("to_school")) or bool(doc.is_new() and not doc.get("to_school"))
	if scope.is_bureau:
		return any(scope.covers_region(doc.get(f)) for f in TRANSFER_REGION_FIELDS)
	return False
