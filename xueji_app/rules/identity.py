"""Identity: the 18-digit resident ID (GB 11643-1999), other ID documents, 学籍号 and 查重 keys."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xueji_app.rules.errors import _

from .errors import RuleViolation

# --- refusals: one exception class per rule of this module ----------------------------------------


class ResidentIdFormatError(RuleViolation):
	template = _("{field} «{value}» must be 18 characters: 17 digits and a check character (0–9 or X)")


class ResidentIdChecksumError(RuleViolation):
	template = _("{field} «{value}»: the check character should be {expected} (GB 11643)")


class ResidentIdBirthDateError(RuleViolation):
	template = _("{field} «{value}»: digits 7–14 are not a real date of birth")


class ResidentIdBirthMismatch(RuleViolation):
	template = _("{field}: the birth date in the ID ({id_date}) differs from the date of birth {record_date}")


class ResidentIdGenderMismatch(RuleViolation):
	template = _("{field}: the 17th digit of the ID says {id_gender}, the record says {record_gender}")


class IdNumberFormatError(RuleViolation):
	template = _("{field} «{value}» is not a valid number for the document type {id_type}: {rule}")


class IdNumberRequired(RuleViolation):
	template = _("{field} is required for the document type {id_type}")


class IdReasonRequired(RuleViolation):
	template = _("{field}: without an ID document (type Z) a reason is required")


class StudentNumberFormatError(RuleViolation):
	template = _("{field} «{value}» is not a valid student number: {rule}")


class DuplicateStudent(RuleViolation):
	template = _("{field}: this student is already on the roll at {school} (student number {number}); resolve that record instead of creating another")


class DuplicateGraduate(DuplicateStudent):
	template = _("{field}: this student finished the previous stage at {school} (student number {number}); the record continues here: file a transfer marked as moving on to the next stage (升学接续) instead of creating another")


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
MALE, FEMALE = "1", "2"  # GB/T 2261.1
GENDER_WORD = {MALE: _("male"), FEMALE: _("female")}

RESIDENT_ID = "1"  # 居民身份证
NO_DOCUMENT = "Z"  # 其他: no number, a reason
#: other document types: (pattern, rule shown to the user)
DOCUMENT_PATTERNS = {
	"6": (r"[A-Z]{1,2}\d{6}\(?[0-9A]\)?|H\d{8,10}", _("香港身份证 A123456(7) or 回乡证 H12345678")),
	"7": (r"[157]\d{6}\(?\d\)?|M\d{8,10}", _("澳门身份证 1234567(8) or 回乡证 M12345678")),
	"8": (r"\d{8}|\d{10}", _("8 or 10 digits")),
	"9": (r"[A-Z]{3}\d{12}|9\d{16}[0-9X]", _("3 letters and 12 digits, or 18 characters starting with 9")),
	"A": (r"[A-Z0-9]{5,17}", _("5–17 letters or digits")),
}
_ID18 = re.compile(r"\d{17}[0-9X]")
_SPACES = re.compile(r"\s+")


def normalize_id(value: str | None) -> str:
	"""Upper-case, no spaces; full-width digits and X become half-width (常见于 Excel 录入)."""
	text = (value or "").strip().upper().replace(" ", "")
	return text.translate(str.maketrans("０１２３４５６７８９Ｘｘ（）", "0123456789XX()"))


def check_character(first17: str) -> str:
	return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class ResidentId:
	number: str
	region: str
	birth_date: dt.date
	gender: str


def parse_resident_id(value: str | None, field: str = "id_number") -> ResidentId:
	"""Check an 18-digit resident ID and read its region, birth date and sex."""
	number = normalize_id(value)
	if not _ID18.fullmatch(number):
		raise ResidentIdFormatError(field=field, value=number)
	expected = check_character(number[:17])
	if number[17] != expected:
		raise ResidentIdChecksumError(field=field, value=number, expected=expected)
	try:
		birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
	except ValueError:
		raise ResidentIdBirthDateError(field=field, value=number) from None
	if birth.year < 1900:
		raise ResidentIdBirthDateError(field=field, value=number)
	gender = MALE if int(number[16]) % 2 else FEMALE
	return ResidentId(number=number, region=number[:6], birth_date=birth, gender=gender)


def validate_identity(
	id_type: str | None,
	id_number: str | None,
	date_of_birth: dt.date | None,
	gender: str | None,
	reason: str | None = None,
) -> str:
	"""Validate the document against the record; return the normalized number ('' for type Z)."""
	number = normalize_id(id_number)
	if id_type == NO_DOCUMENT:
		if not (reason or "").strip():
			raise IdReasonRequired(field="no_id_reason")
		return ""
	if not number:
		raise IdNumberRequired(field="id_number", id_type=id_type or "-")
	if id_type == RESIDENT_ID:
		parsed = parse_resident_id(number)
		if date_of_birth and parsed.birth_date != date_of_birth:
			raise ResidentIdBirthMismatch(
				field="id_number", id_date=parsed.birth_date.isoformat(), record_date=date_of_birth.isoformat()
			)
		if gender and parsed.gender != gender:
			raise ResidentIdGenderMismatch(
				field="id_number", id_gender=GENDER_WORD[parsed.gender], record_gender=GENDER_WORD.get(gender, gender)
			)
		return parsed.number
	pattern, rule = DOCUMENT_PATTERNS.get(id_type or "", (None, None))
	if pattern and not re.fullmatch(pattern, number):
		raise IdNumberFormatError(field="id_number", value=number, id_type=id_type, rule=rule)
	return number


# --- 学籍号 ------------------------------------------------------------------------------------------------


def g_number(resident_id: str) -> str:
	"""G + the 18-digit resident ID: the permanent number of a student with a mainland ID."""
	return "G" + parse_resident_id(resident_id).number


def j_number(region_code: str, birth_date: dt.date, sequence: int) -> str:
	"""J + region + birth date + 3-digit sequence + check character (computed like an ID)."""
	if not (re.fullmatch(r"\d{6}", region_code or "") and 0 < sequence < 1000):
		raise StudentNumberFormatError(field="student_number", value=f"J{region_code}", rule=_("J + 6-digit region + sequence 001–999"))
	body = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
	return "J" + body + check_character(body)


def validate_student_number(number: str | None) -> str:
	"""G/J/L followed by 18 characters; G numbers carry a valid ID, J numbers a valid check character."""
	number = (number or "").strip().upper()
	if not re.fullmatch(r"[GJL]\d{17}[0-9X]", number):
		raise StudentNumberFormatError(field="student_number", value=number, rule=_("G, J or L followed by 18 characters"))
	if number[0] == "G":
		try:
			parse_resident_id(number[1:])
		except (ResidentIdFormatError, ResidentIdChecksumError, ResidentIdBirthDateError):
			raise StudentNumberFormatError(field="student_number", value=number, rule=_("G + a valid resident ID")) from None
	elif number[0] == "J" and check_character(number[1:18]) != number[18]:
		raise StudentNumberFormatError(field="student_number", value=number, rule=_("J numbers end in a check character"))
	return number


def mask_student_number(number: str | None) -> str:
	"""Show only what lets a registrar find the record: prefix, region and the last 4 characters."""
	if not number or len(number) < 11:
		return "*" * len(number or "")
	return number[:7] + "*" * (len(number) - 11) + number[-4:]


# --- 查重 keys ---------------------------------------------------------------------------------------------


def person_key(name: str | None, gender: str | None, birth: dt.date | None) -> str:
	"""The duplicate key of a student without an ID: 姓名 + 性别 + 出生日期 (spaces ignored)."""
	compact = _SPACES.sub("", name or "")
	return f"{compact}|{gender or ''}|{birth.isoformat() if birth else ''}"
