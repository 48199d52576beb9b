"""问题学籍: what is wrong with a record and how the rules let it be resolved (domain-spec §6).

A problem is found from the record itself (identity, missing ★ fields, stale fields, 人籍分离) or from a
group of records (the same ID number, the same 姓名 + 性别 + 出生日期 without an ID). Each kind of problem
allows only some resolutions: 佐证 (evidence that the record is right), 变更 (a Student Info Change or an
edit), 删除 (the authority cancels a duplicate record; it stays visible to the school and county).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xueji_app.rules.errors import RuleViolation

from . import identity
from .errors import _

# --- refusals: one exception class per rule of this module ----------------------------------------


class ResolutionNotAllowed(RuleViolation):
	template = _("{field}: the problem «{problem}» may only be resolved by {allowed}")


class ResolutionEvidenceMissing(RuleViolation):
	template = _("{field}: a resolution by evidence (佐证) needs the evidence file")


class ResolutionInfoChangeMissing(RuleViolation):
	template = _("{field}: a resolution by change (变更) names the Student Info Change that corrects the record")


class ResolutionDeleteNotAuthority(RuleViolation):
	template = _("{field}: only the student's roll authority may delete (删除) a record")


class ProblemAlreadyResolved(RuleViolation):
	template = _("{field}: this problem of the student is resolved already ({other})")


class DataCheckConfirmedAlready(RuleViolation):
	template = _("{field}: the school confirmed its data check for {term} already, on {date}")


class DataCheckOpenProblems(RuleViolation):
	template = _("{field}: {count} problem records of the school are still open; resolve them before confirming")



def _(text: str) -> str:
	return text


INVALID_ID = "Invalid ID"
ID_MISMATCH = "ID Mismatch"
DUPLICATE_ID = "Duplicate ID"
DUPLICATE_PERSON = "Duplicate Person"
MISSING_FIELDS = "Missing Required Fields"
STALE_FIELDS = "Stale Fields"
ROLL_SEPARATION = "Roll Separation"
PROBLEMS = (INVALID_ID, ID_MISMATCH, DUPLICATE_ID, DUPLICATE_PERSON, MISSING_FIELDS, STALE_FIELDS, ROLL_SEPARATION)

EVIDENCE, CHANGE, DELETE = "Corroborate", "Change", "Delete"
RESOLUTIONS = (EVIDENCE, CHANGE, DELETE)
#: which resolutions each problem allows
ALLOWED = {
	INVALID_ID: (CHANGE,),
	ID_MISMATCH: (CHANGE, EVIDENCE),
	DUPLICATE_ID: (DELETE, CHANGE),
	DUPLICATE_PERSON: (EVIDENCE, DELETE),
	MISSING_FIELDS: (CHANGE,),
	STALE_FIELDS: (CHANGE, EVIDENCE),
	ROLL_SEPARATION: (EVIDENCE, CHANGE),
}
#: resolutions that close a problem for good; a 变更 closes it by making the record right
CLOSING = (EVIDENCE, DELETE)

#: ★ fields of the base record (domain-spec §2) that a migrated or imported record may lack
REQUIRED_FIELDS = (
	"student_name", "gender", "date_of_birth", "birthplace_code", "native_place", "ethnicity", "nationality",
	"id_type", "overseas_status", "health_status", "household_region_code", "household_type", "grade",
	"enrollment_date", "enrollment_mode", "attendance_mode", "current_address", "mailing_address",
	"home_address", "phone",
)
#: fields that go stale (LN 第十二条) and the months after which an unreviewed record is listed
STALE_PRONE = ("left_behind", "is_migrant_child", "current_address", "phone", "household_region_code")
STALE_AFTER_MONTHS = 12
BORROWED = "2"  # 学生来源 2 借读: attends here, roll elsewhere (人籍分离)


@dataclass(frozen=True)
class Problem:
	student: str
	kind: str
	detail: str = ""
	#: the identity rule that failed, rendered in the user's language at the boundary
	violation: RuleViolation | None = field(default=None, compare=False)

	@property
	def resolutions(self) -> tuple[str, ...]:
		return ALLOWED[self.kind]


def record_problems(record: Mapping, today: dt.date, stale_after_months: int = STALE_AFTER_MONTHS) -> list[Problem]:
	"""Problems visible in one record. ``record`` holds dates as ``datetime.date``; ``reviewed_on`` is
	the last time its stale-prone fields were saved or confirmed."""
	name = record["name"]
	found: list[Problem] = []
	if record.get("id_type") == identity.RESIDENT_ID and record.get("id_number"):
		try:
			identity.parse_resident_id(record["id_number"])
		except RuleViolation as error:
			found.append(Problem(name, INVALID_ID, error.render(), error))
		else:
			try:
				identity.validate_identity(
					identity.RESIDENT_ID, record["id_number"], record.get("date_of_birth"), record.get("gender")
				)
			except RuleViolation as error:
				found.append(Problem(name, ID_MISMATCH, error.render(), error))
	missing = [f for f in REQUIRED_FIELDS if record.get(f) in (None, "")]
	if record.get("id_type") not in (None, "", identity.NO_DOCUMENT) and not record.get("id_number"):
		missing.append("id_number")
	if missing:
		found.append(Problem(name, MISSING_FIELDS, ", ".join(missing)))
	reviewed = record.get("reviewed_on")
	if reviewed and months_between(reviewed, today) >= stale_after_months:
		found.append(Problem(name, STALE_FIELDS, reviewed.isoformat()))
	if record.get("student_source") == BORROWED:
		found.append(Problem(name, ROLL_SEPARATION, ""))
	return found


def months_between(start: dt.date, end: dt.date) -> int:
	return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def duplicate_problems(records: Iterable[Mapping]) -> list[Problem]:
	"""Records sharing an ID number; records sharing 姓名 + 性别 + 出生日期 where at least one has no ID
	(two records with different valid IDs are two people). ``records`` are every record of each group."""
	by_id: dict[str, list[Mapping]] = {}
	by_person: dict[str, list[Mapping]] = {}
	for r in records:
		number = identity.normalize_id(r.get("id_number"))
		if number:
			by_id.setdefault(number, []).append(r)
		if r.get("person_key"):
			by_person.setdefault(r["person_key"], []).append(r)
	found: list[Problem] = []
	for number, group in by_id.items():
		if len(group) > 1:
			found += [Problem(r["name"], DUPLICATE_ID, others(r, group)) for r in group]
	for group in by_person.values():
		numbers = {identity.normalize_id(r.get("id_number")) for r in group}
		if len(group) > 1 and "" in numbers:
			found += [Problem(r["name"], DUPLICATE_PERSON, others(r, group)) for r in group]
	return found


def others(record: Mapping, group: list[Mapping]) -> str:
	return ", ".join(sorted(r["name"] for r in group if r["name"] != record["name"]))


def validate_resolution(problem: str, resolution: str, has_evidence: bool, has_info_change: bool, is_authority: bool) -> None:
	"""Refuse a resolution the problem does not allow, or one without what it needs."""
	if resolution not in ALLOWED.get(problem, ()):
		raise ResolutionNotAllowed(field="resolution", problem=problem, allowed=ALLOWED.get(problem, ()))
	if resolution == EVIDENCE and not has_evidence:
		raise ResolutionEvidenceMissing(field="evidence")
	if resolution == CHANGE and not has_info_change:
		raise ResolutionInfoChangeMissing(field="info_change")
	if resolution == DELETE and not is_authority:
		raise ResolutionDeleteNotAuthority(field="resolution")
