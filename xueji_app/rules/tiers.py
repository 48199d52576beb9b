"""The tiers of the roll administration and which node each tier serves."""

from __future__ import annotations

from .errors import RuleViolation, _
from .regions import CITY, COUNTY, PROVINCE

# --- refusals: one exception class per rule of this module ----------------------------------------


class OfficerNodeMissing(RuleViolation):
	template = _("{field} is required for the tier {tier}")


class OfficerRegionLevelError(RuleViolation):
	template = _("{field}: the tier {tier} serves a {expected} region, «{value}» is a {level}")


class OfficerAppointmentOutOfScope(RuleViolation):
	template = _("{field}: you may only appoint or change officers of the tiers below yours ({tier}), inside your own region")


SCHOOL_REGISTRAR = "School Registrar"
SCHOOL_HEAD = "School Head"
COUNTY_BUREAU = "County Bureau"
CITY_BUREAU = "City Bureau"
PROVINCE_BUREAU = "Province Bureau"
TIERS = (SCHOOL_REGISTRAR, SCHOOL_HEAD, COUNTY_BUREAU, CITY_BUREAU, PROVINCE_BUREAU)
SCHOOL_TIERS = (SCHOOL_REGISTRAR, SCHOOL_HEAD)

#: the Frappe role each tier gives its officer
TIER_ROLE = {
	SCHOOL_REGISTRAR: "School Registrar",
	SCHOOL_HEAD: "School Head",
	COUNTY_BUREAU: "County Bureau Officer",
	CITY_BUREAU: "City Bureau Officer",
	PROVINCE_BUREAU: "Province Bureau Officer",
}
TIER_ROLES = tuple(TIER_ROLE.values())
PLATFORM_ADMIN_ROLE = "Xueji Administrator"

#: the region level a bureau tier serves
TIER_LEVEL = {COUNTY_BUREAU: COUNTY, CITY_BUREAU: CITY, PROVINCE_BUREAU: PROVINCE}
#: higher rank = wider tier
TIER_RANK = {SCHOOL_REGISTRAR: 0, SCHOOL_HEAD: 0, COUNTY_BUREAU: 1, CITY_BUREAU: 2, PROVINCE_BUREAU: 3}


def validate_officer(tier: str, school: str | None, region: str | None, region_level: str | None) -> None:
	"""A school tier names a school; a bureau tier names a region of its own level."""
	if tier in SCHOOL_TIERS:
		if not school:
			raise OfficerNodeMissing(field="school", tier=tier)
		return
	if not region:
		raise OfficerNodeMissing(field="region", tier=tier)
	if region_level != TIER_LEVEL[tier]:
		raise OfficerRegionLevelError(
			field="region", tier=tier, expected=TIER_LEVEL[tier], value=region, level=region_level or "-"
		)


def validate_appointment(appointer_tier: str | None, target_tier: str, target_in_scope: bool) -> None:
	"""分级授权: a bureau officer appoints (and changes, and removes) officers of the tiers below their own,
	inside their own region — a county its schools' users, a city its counties' officers and the schools
	below, a province its cities' — never an officer of their own tier, so no officer can make a colleague
	of their own rank or raise a user to it.

	The platform administrator is not subject to this rule; callers skip it for them. A user with no
	tier (``None``) or a school tier appoints nobody.
	"""
	if (
		appointer_tier not in TIER_RANK
		or appointer_tier in SCHOOL_TIERS
		or TIER_RANK.get(target_tier, len(TIER_RANK)) >= TIER_RANK[appointer_tier]
		or not target_in_scope
	):
		raise OfficerAppointmentOutOfScope(field="tier", tier=appointer_tier or "-")
