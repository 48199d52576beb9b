"""GB/T 2260 administrative-region codes and the province > city > county tree."""

from __future__ import annotations

import re

from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class RegionCodeFormatError(RuleViolation):
	template = _("{field} must be exactly 6 digits (GB/T 2260), got «{value}»")


class RegionLevelError(RuleViolation):
	template = _("{field}: a {level} must sit directly under a {parent_level}, not under «{parent}»")


class RegionCodeParentMismatch(RuleViolation):
	template = _("{field} «{value}» must start with the first {digits} digits of its parent's code {parent_code}")


class RegionCodeLevelPattern(RuleViolation):
	template = _("{field} «{value}» does not have the form of a {level} code: {rule}")



PROVINCE, CITY, COUNTY = "Province", "City", "County"
LEVELS = (PROVINCE, CITY, COUNTY)
#: the level each level must sit under (None: a root)
PARENT_LEVEL = {PROVINCE: None, CITY: PROVINCE, COUNTY: CITY}
#: how many leading digits a node shares with its parent
SHARED_DIGITS = {CITY: 2, COUNTY: 4}

_SIX_DIGITS = re.compile(r"\d{6}")


def validate_region(
	code: str | None, level: str, parent_code: str | None = None, parent_level: str | None = None
) -> None:
	"""Check a region's code against its level and its parent; raise the first rule it breaks."""
	code = (code or "").strip()
	if not _SIX_DIGITS.fullmatch(code):
		raise RegionCodeFormatError(field="region_code", value=code)
	expected_parent = PARENT_LEVEL[level]
	if expected_parent != parent_level:
		raise RegionLevelError(
			field="parent_administrative_region",
			level=level,
			parent_level=expected_parent or "-",
			parent=parent_code or "-",
		)
	if level == PROVINCE and not code.endswith("0000"):
		raise RegionCodeLevelPattern(field="region_code", value=code, level=level, rule="XX0000")
	if level == CITY and (code[2:4] == "00" or code[4:] != "00"):
		raise RegionCodeLevelPattern(field="region_code", value=code, level=level, rule="XXYY00, YY ≠ 00")
	if level == COUNTY and code[4:] == "00":
		raise RegionCodeLevelPattern(field="region_code", value=code, level=level, rule="XXYYZZ, ZZ ≠ 00")
	if level in SHARED_DIGITS:
		digits = SHARED_DIGITS[level]
		if code[:digits] != (parent_code or "")[:digits]:
			raise RegionCodeParentMismatch(
				field="region_code", value=code, digits=digits, parent_code=parent_code
			)


def city_of_code(region_code: str | None, field: str = "region_code") -> str:
	"""The city-level code (XXYY00) of a six-digit region code: how a school outside this system, known only by
	its county's code, is placed beside a city of the tree (330102 → 330100; a province code stays itself)."""
	code = (region_code or "").strip()
	if not _SIX_DIGITS.fullmatch(code) or code == "000000":
		raise RegionCodeFormatError(field=field, value=code)
	return code if code.endswith("0000") else code[:4] + "00"


def province_code(region_code: str) -> str:
	"""The two province digits of any region code."""
	return (region_code or "")[:2]
