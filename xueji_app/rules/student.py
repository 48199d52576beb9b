"""The student record: which fields are key data, which only cases change, registration facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from . import identity
from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class MissingGuardian(RuleViolation):
	template = _("{field}: at least one family member must be marked as guardian")


class RegionCodeFieldFormat(RuleViolation):
	template = _("{field} must be a 6-digit region code (GB/T 2260), got «{value}»")


class EnrollmentBeforeBirth(RuleViolation):
	template = _("{field} {value} cannot be before the date of birth")


class SchoolNotActive(RuleViolation):
	template = _("{field}: the school «{school}» is not active (merged or closed) and cannot take students")


class GradeNotTaught(RuleViolation):
	template = _("{field}: the school «{school}» does not teach the grade {grade}")


class ClassMismatch(RuleViolation):
	template = _("{field}: the class «{value}» belongs to another school or grade")


class KeyFieldLocked(RuleViolation):
	template = _("{field} is key data of a registered student: change it through a Student Info Change with proof")


class SupplementaryNeedsConfirmation(RuleViolation):
	template = _("{field}: a supplementary registration (补建学籍) needs the authority's explicit duplicate-check confirmation before approval")


class StudentNotRegistered(RuleViolation):
	template = _("{field}: the student has no approved roll yet; correct the registration instead")


class NothingChanged(RuleViolation):
	template = _("{field}: the new value of {label} is the same as the old one")


class DuplicateChangeField(RuleViolation):
	template = _("{field}: {label} is listed twice")


#: 关键数据 (LN 第十一条): change only through an approved Student Info Change. A province may add more.
KEY_FIELDS = ("student_name", "gender", "date_of_birth", "id_type", "id_number")
#: set by registration and roll-change cases only
STATUS_FIELDS = (
	"student_number",
	"former_student_numbers",
	"status_label",
	"on_roll",
	"in_school",
	"has_open_case",
	"open_case_doctype",
	"open_case",
	"registered_on",
	"rejection_reason",
	"is_supplementary",
	"registration_due_date",
	"stage_entry_date",
	"graduation_date",
	"certificate_number",
)
#: after registration these move only with a case (transfer, promotion, repeat/skip a grade)
PLACEMENT_FIELDS = ("school", "grade")
#: 在籍在校 etc.: status label -> (on roll, in school)
STATUS_AXES = {
	"Pending Registration": (0, 0),
	"Enrolled": (1, 1),
	"Suspended": (1, 0),
	"Abroad": (1, 0),
	"Dropped Out": (1, 0),
	"Transferred Out": (0, 0),
	"Graduated": (0, 0),
	"Completed": (0, 0),
	"Incomplete": (0, 0),
	"Withdrawn": (0, 0),
	"Expelled": (0, 0),
	"Deceased": (0, 0),
	"Cancelled": (0, 0),
}
#: fields a school registrar keeps current directly (LN 第十二条 lists the ones that go stale)
REGISTRATION_DEADLINE_MONTHS = 1  # NAT 第七条, LN 第八条


def add_months(day: dt.date, months: int) -> dt.date:
	month = day.month - 1 + months
	year, month = day.year + month // 12, month % 12 + 1
	for last in (31, 30, 29, 28):
		try:
			return day.replace(year=year, month=month, day=min(day.day, last))
		except ValueError:
			continue
	raise ValueError(day)


def registration_due(enrollment_date: dt.date, months: int = REGISTRATION_DEADLINE_MONTHS) -> dt.date:
	"""The record must be created within ``months`` of entry."""
	return add_months(enrollment_date, months)


def is_supplementary(grade_number: int | None, stage: str | None = None) -> bool:
	"""补建学籍: a new record for anyone but a first-year primary pupil. A pupil entering 初一 or 高一 continues
	the record of the previous stage (升学接续); a new one is made only when no earlier record exists, which the
	authority confirms after 查重 (FAQ 六)."""
	return bool(grade_number) and not (grade_number == 1 and stage in (None, "Primary"))


def validate_region_code_field(code: str | None, field: str) -> None:
	if not re.fullmatch(r"\d{6}", (code or "").strip()):
		raise RegionCodeFieldFormat(field=field, value=code or "")


def validate_guardians(rows: Iterable[Mapping]) -> None:
	if not any(row.get("is_guardian") for row in rows):
		raise MissingGuardian(field="guardians")


def validate_dates(date_of_birth: dt.date | None, enrollment_date: dt.date | None) -> None:
	if date_of_birth and enrollment_date and enrollment_date < date_of_birth:
		raise EnrollmentBeforeBirth(field="enrollment_date", value=enrollment_date.isoformat())


def changed(before: Mapping, after: Mapping, fields: Iterable[str]) -> list[str]:
	"""Fields whose value differs (None, '' and 0 count as the same empty value)."""
	return [f for f in fields if (before.get(f) or None) != (after.get(f) or None)]


def check_locked_fields(before: Mapping, after: Mapping, registered: bool, key_fields: Iterable[str] = KEY_FIELDS) -> None:
	"""Key and placement fields do not change by editing once the student is registered. (Status fields
	never do: ``rules.access`` keeps them the system's.)"""
	if registered:
		for field in changed(before, after, (*key_fields, *PLACEMENT_FIELDS)):
			raise KeyFieldLocked(field=field)


def validate_record(record: Mapping) -> str:
	"""Every pure rule of a base record (the form and the import both call this); returns the normalized
	ID number ('' for type Z). ``record`` holds dates as ``datetime.date``."""
	number = identity.validate_identity(
		record.get("id_type"),
		record.get("id_number"),
		record.get("date_of_birth"),
		record.get("gender"),
		record.get("no_id_reason"),
	)
	validate_region_code_field(record.get("birthplace_code"), "birthplace_code")
	validate_region_code_field(record.get("household_region_code"), "household_region_code")
	validate_guardians(record.get("guardians") or [])
	validate_dates(record.get("date_of_birth"), record.get("enrollment_date"))
	return number


def validate_placement(
	is_new: bool, school_name: str, school_status: str, stages_taught: Iterable[str], grade_name: str, grade_stage: str | None
) -> None:
	"""A new student joins an active school, in a grade of a stage the school teaches."""
	if is_new and school_status != "Active":
		raise SchoolNotActive(field="school", school=school_name)
	if grade_stage and grade_stage not in stages_taught:
		raise GradeNotTaught(field="grade", school=school_name, grade=grade_name)
