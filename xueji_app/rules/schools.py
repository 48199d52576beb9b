"""学校标识码 and the shape of a school: its type, stages, region and 学籍主管部门."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import RuleViolation, _
from .regions import COUNTY, province_code

# --- refusals: one exception class per rule of this module ----------------------------------------


class SchoolCodeFormatError(RuleViolation):
	template = _("{field} must be exactly 10 digits, got «{value}»")


class SchoolCodeProvinceMismatch(RuleViolation):
	template = _(
		"{field} «{value}»: digits 3–4 ({digits}) must equal the province code {province_digits} of the school's region"
	)


class SchoolRegionLevelError(RuleViolation):
	template = _("{field} must be a county-level region, «{value}» is a {level}")


class AuthorityNotAncestor(RuleViolation):
	template = _("{field} «{value}» must be the school's county or a city or province above it")


class SchoolStageMismatch(RuleViolation):
	template = _("{field}: a school of type {school_type} cannot teach {stage}")


class SchoolStagesMissing(RuleViolation):
	template = _("{field}: a school must teach at least one stage")


class MergedSchoolTarget(RuleViolation):
	template = _("{field} is required when the status is Merged, and must be another school")


PRIMARY, JUNIOR, SENIOR = "Primary", "Junior", "Senior"
STAGES = (PRIMARY, JUNIOR, SENIOR)

#: school type -> (the stages it may teach, the stages it teaches by default)
SCHOOL_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
	"Primary School": ((PRIMARY,), (PRIMARY,)),
	"Junior Middle School": ((JUNIOR,), (JUNIOR,)),
	"Nine-Year School": ((PRIMARY, JUNIOR), (PRIMARY, JUNIOR)),
	"Complete Middle School": ((JUNIOR, SENIOR), (JUNIOR, SENIOR)),
	"Senior High School": ((SENIOR,), (SENIOR,)),
	"Special Education School": ((PRIMARY, JUNIOR, SENIOR), (PRIMARY, JUNIOR)),
	"Reform School": ((PRIMARY, JUNIOR, SENIOR), (JUNIOR,)),
}

#: the category digits (1–2) of 学校标识码 a school of this type usually carries
CATEGORY_PREFIX = {
	"Primary School": "21",
	"Junior Middle School": "31",
	"Nine-Year School": "31",
	"Complete Middle School": "34",
	"Senior High School": "34",
	"Special Education School": "51",
	"Reform School": "37",
}

_TEN_DIGITS = re.compile(r"\d{10}")


def validate_school_code(code: str | None, region_code: str | None) -> None:
	"""10 digits, and digits 3–4 equal the province of the school's region."""
	code = (code or "").strip()
	if not _TEN_DIGITS.fullmatch(code):
		raise SchoolCodeFormatError(field="school_code", value=code)
	if region_code and code[2:4] != province_code(region_code):
		raise SchoolCodeProvinceMismatch(
			field="school_code", value=code, digits=code[2:4], province_digits=province_code(region_code)
		)


def validate_school_region(region: str, region_level: str | None) -> None:
	if region_level != COUNTY:
		raise SchoolRegionLevelError(field="region", value=region, level=region_level or "-")


def validate_authority(authority: str | None, region_chain: Sequence[str]) -> None:
	"""The 学籍主管部门 is the county itself or one of its ancestors (``region_chain``: county and ancestors)."""
	if authority not in region_chain:
		raise AuthorityNotAncestor(field="authority_region", value=authority or "")


def validate_stages(school_type: str, stages: Sequence[str]) -> None:
	allowed, _default = SCHOOL_TYPES[school_type]
	if not stages:
		raise SchoolStagesMissing(field="stages")
	for stage in stages:
		if stage not in allowed:
			raise SchoolStageMismatch(field="stages", school_type=school_type, stage=stage)


def default_stages(school_type: str) -> tuple[str, ...]:
	return SCHOOL_TYPES[school_type][1]


def validate_merge(status: str, merged_into: str | None, name: str | None) -> None:
	if status == "Merged" and (not merged_into or merged_into == name):
		raise MergedSchoolTarget(field="merged_into")


#: the School fields that say which stage it teaches
STAGE_FIELDS = {PRIMARY: "teaches_primary", JUNIOR: "teaches_junior", SENIOR: "teaches_senior"}


def stages_of(school) -> list[str]:
	"""The stages a School (document, row or dict with the teaches_* fields) teaches."""
	return [stage for stage, field in STAGE_FIELDS.items() if school.get(field)]
