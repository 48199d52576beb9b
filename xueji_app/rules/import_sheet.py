"""The national student import template (domain-spec §7) and how its cells become record values.

Pure: no Frappe, no openpyxl. The Frappe side reads the workbook and looks codes up; this module knows
the layout, the cell formats (dates as text or numbers, 是/否, code or label) and the file-level rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from . import values
from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class ImportFileError(RuleViolation):
	"""The file as a whole cannot be read; nothing is imported."""
	template = _("{field}: the file cannot be imported")


class ImportNotXlsx(ImportFileError):
	template = _("{field}: the file is not an Excel workbook (.xlsx); save it as .xlsx and upload again")


class ImportExtraSheets(ImportFileError):
	template = _("{field}: the workbook has {count} sheets ({sheets}); keep only the student sheet")


class ImportMergedCells(ImportFileError):
	template = _("{field}: the sheet has merged cells ({ranges}); unmerge them so every row is one student")


class ImportTooManyRows(ImportFileError):
	template = _("{field}: the sheet has {count} rows; at most {limit} students can be imported at once, split the file")


class ImportHeaderError(ImportFileError):
	template = _("{field}: column {column} should be «{expected}» but is «{found}»; use the downloaded template")


class ImportEmptyFile(ImportFileError):
	template = _("{field}: the sheet has no student rows under the header")


class ImportFileTooLarge(ImportFileError):
	template = _("{field}: the file is {size} MB; at most {limit} MB can be imported at once, split the file")


class ImportArchiveTooLarge(ImportFileError):
	template = _("{field}: the workbook unpacks to {size} MB (part {part}); at most {limit} MB is read, the file is not an ordinary student sheet")


class ImportCompressionRatio(ImportFileError):
	template = _("{field}: part {part} of the workbook is compressed {ratio}:1; a student sheet is never packed that densely, the file is refused")


class ImportTooManyColumns(ImportFileError):
	template = _("{field}: the sheet spans {count} columns; the template has {limit} at most")


class ImportRequired(RuleViolation):
	template = _("{field} is required")


class ImportBadDate(RuleViolation):
	template = _("{field}: «{value}» is not a date (use yyyy/MM/dd, yyyy-MM-dd or yyyyMMdd)")


class ImportUnknownCode(RuleViolation):
	template = _("{field}: «{value}» is neither a code nor a name of the code table {table}; accepted: {allowed}")


class ImportBadNumber(RuleViolation):
	template = _("{field}: «{value}» is not a number")


class ImportTextTooLong(RuleViolation):
	template = _("{field}: the text has {length} characters; at most {limit} are allowed")


class ImportFormula(RuleViolation):
	template = _("{field}: the cell holds a formula («{value}»); paste values only")


class ImportWrongSchool(RuleViolation):
	template = _("{field}: «{value}» is not a school you may import students into")


class ImportDuplicateInFile(RuleViolation):
	template = _("{field}: the same student appears again in row {row}")


class ImportEmptyRow(RuleViolation):
	template = _("{field}: the row is empty and was skipped")


MAX_ROWS = 50_000
#: limits checked before anything is parsed (a crafted .xlsx is refused in well under a second)
MAX_FILE_MB = 20
#: all parts of the workbook together, unpacked; 50,000 rows of the national template unpack to about 60 MB
MAX_UNPACKED_MB = 256
#: a part larger than 1 MB unpacked may be compressed at most this densely (ordinary sheets stay below 30:1)
MAX_RATIO = 100
MAX_COLUMNS = 120
#: the error report lists at most this many errors per column, and this many in all; the rest are counted
MAX_LISTED_PER_COLUMN = 100
MAX_LISTED = 2_000
_DIMENSION = re.compile(r"<dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
SCHOOL_CODE_ALIASES = {"学校标示码": "学校标识码"}

#: the 49 base columns: (header, Student field or None to ignore, kind, code table)
BASE_COLUMNS: list[tuple[str, str | None, str, str | None]] = [
	("学校标识码", "school_code", "text", None),
	("姓名", "student_name", "text", None),
	("性别", "gender", "code", "Sex Code"),
	("出生年月", "date_of_birth", "date", None),
	("出生地行政区划代码", "birthplace_code", "text", None),
	("籍贯", "native_place", "text", None),
	("民族", "ethnicity", "code", "Ethnic Group"),
	("国籍/地区", "nationality", "code", "Country Region"),
	("身份证类型", "id_type", "code", "ID Document Type"),
	("身份证", "id_number", "text", None),
	("港澳台侨外", "overseas_status", "code", "Overseas Chinese Status"),
	("健康状况", "health_status", "code", "Health Status"),
	("政治面貌", "political_status", "code", "Political Status"),
	("户口性质", "household_type", "code", "Household Type"),
	("户口所在地行政区划", "household_region_code", "text", None),
	("校区号", None, "text", None),
	("班号", "class_number", "int", None),
	("入学年月", "enrollment_date", "month", None),
	("入学方式", "enrollment_mode", "code", "Enrollment Mode"),
	("就读方式", "attendance_mode", "code", "Attendance Mode"),
	("现住址", "current_address", "text", None),
	("通信地址", "mailing_address", "text", None),
	("家庭地址", "home_address", "text", None),
	("联系电话", "phone", "text", None),
	("邮政编码", "postal_code", "text", None),
	("是否独生子女", "is_only_child", "bool", None),
	("是否受过学前教育", "had_preschool", "bool", None),
	("是否留守儿童", "left_behind", "code", "Left Behind Status"),
	("是否农村留守儿童", None, "text", None),
	("是否残疾人", None, "text", None),
	("是否需要申请资助", "needs_aid", "bool", None),
	("是否享受一补", "receives_subsidy", "bool", None),
	("是否孤儿", "is_orphan", "bool", None),
	("是否烈士或优抚子女", "is_martyr_child", "bool", None),
	("是否随迁子女", None, "text", None),
	("是否进城务工人员随迁子女", "is_migrant_child", "bool", None),
	("上下学距离", "commute_distance", "float", None),
	("上下学交通方式", "commute_mode", "code", "Commute Mode"),
	("是否乘坐校车", "takes_school_bus", "bool", None),
	("曾用名", "former_name", "text", None),
	("身份证有效期", "id_valid_until", "date", None),
	("血型", None, "text", None),
	("特长", "specialty", "text", None),
	("学籍辅号", "provincial_number", "text", None),
	("班内学号", "seat_number", "text", None),
	("学生来源", "student_source", "code", "Student Source"),
	("电子信箱", "email", "text", None),
	("主页地址", None, "text", None),
	("是否由政府购买学位", "is_gov_funded_place", "bool", None),
]
#: each family member block (成员1, 成员2): 12 columns
MEMBER_COLUMNS: list[tuple[str, str | None, str, str | None]] = [
	("姓名", "guardian_name", "text", None),
	("关系", "relationship", "code", "Family Relationship"),
	("关系说明", "relationship_note", "text", None),
	("现住址", "current_address", "text", None),
	("户口所在地行政区划", "household_region_code", "text", None),
	("联系电话", "phone", "text", None),
	("是否监护人", "is_guardian", "bool", None),
	("身份证件类型", "id_type", "code", "ID Document Type"),
	("身份证件号", "id_number", "text", None),
	("民族", "ethnicity", "code", "Ethnic Group"),
	("工作单位", "employer", "text", None),
	("职务", "job_title", "text", None),
]
MEMBER_BLOCKS = 2
#: optional columns after the national 73, which this product adds
EXTRA_COLUMNS: list[tuple[str, str | None, str, str | None]] = [
	("年级", "grade", "code", "Grade"),
	("随班就读", "inclusive_education", "code", "Inclusive Education"),
	("残疾人类型", "disability_type", "code", "Disability Type"),
]
NATIONAL_WIDTH = len(BASE_COLUMNS) + MEMBER_BLOCKS * len(MEMBER_COLUMNS)


def template_headers(with_extras: bool = True) -> list[str]:
	headers = [h for h, *_ in BASE_COLUMNS]
	for n in range(1, MEMBER_BLOCKS + 1):
		headers += [f"成员{n}{h}" for h, *_ in MEMBER_COLUMNS]
	if with_extras:
		headers += [h for h, *_ in EXTRA_COLUMNS]
	return headers


_MEMBER_PREFIX = re.compile(r"^(家庭)?成员[12一二]")


def normalize_header(value: object) -> str:
	"""Blanks and required marks dropped; 学校标示码 read as 学校标识码; 成员1姓名 read as 姓名."""
	text = re.sub(r"[\s*＊★]", "", str(value or ""))
	text = _MEMBER_PREFIX.sub("", text)
	return SCHOOL_CODE_ALIASES.get(text, text)


def check_headers(found: Sequence[object]) -> list[str]:
	"""Check the header row; return the extra columns present (年级 …). Raises on the first mismatch."""
	got = [normalize_header(h) for h in found]
	while got and not got[-1]:
		got.pop()
	expected = [normalize_header(h) for h in template_headers(with_extras=False)]
	for i, header in enumerate(expected):
		actual = got[i] if i < len(got) else ""
		if actual != header:
			shown = template_headers(with_extras=False)[i]
			raise ImportHeaderError(field="file", column=column_letter(i), expected=shown, found=actual or "-")
	extras = []
	known = {h for h, *_ in EXTRA_COLUMNS}
	for i, header in enumerate(got[len(expected):], start=len(expected)):
		if header and header not in known:
			raise ImportHeaderError(field="file", column=column_letter(i), expected="/".join(sorted(known)), found=header)
		extras.append(header)
	return extras


def check_archive(size: int, parts: Sequence[tuple[str, int, int]]) -> None:
	"""File-level limits from the zip directory alone: ``parts`` are (name, compressed, unpacked) bytes."""
	mb = 1024 * 1024
	if size > MAX_FILE_MB * mb:
		raise ImportFileTooLarge(field="file", size=round(size / mb, 1), limit=MAX_FILE_MB)
	total = 0
	for name, packed, unpacked in parts:
		total += unpacked
		if total > MAX_UNPACKED_MB * mb:
			raise ImportArchiveTooLarge(field="file", size=round(total / mb), part=name, limit=MAX_UNPACKED_MB)
		if unpacked > mb and unpacked > MAX_RATIO * max(packed, 1):
			raise ImportCompressionRatio(field="file", part=name, ratio=unpacked // max(packed, 1))


def check_dimension(head: str) -> None:
	"""The sheet's declared range (``<dimension ref="A1:BX50001"/>``, near the start of its XML)."""
	found = _DIMENSION.search(head)
	if not found:
		return
	last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
	if last_column and column_number(last_column) > MAX_COLUMNS:
		raise ImportTooManyColumns(field="file", count=column_number(last_column), limit=MAX_COLUMNS)
	if last_row:
		check_size(int(last_row) - 1)


def check_columns(count: int) -> None:
	if count > MAX_COLUMNS:
		raise ImportTooManyColumns(field="file", count=count, limit=MAX_COLUMNS)


def column_number(letters: str) -> int:
	"""A -> 1, BX -> 76."""
	number = 0
	for letter in letters:
		number = number * 26 + ord(letter) - 64
	return number


def check_size(rows: int) -> None:
	if rows > MAX_ROWS:
		raise ImportTooManyRows(field="file", count=rows, limit=MAX_ROWS)


def column_letter(index: int) -> str:
	"""0 -> A, 26 -> AA."""
	letters = ""
	index += 1
	while index:
		index, rem = divmod(index - 1, 26)
		letters = chr(65 + rem) + letters
	return letters


# --- cell values ------------------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})?日?")
EXCEL_EPOCH = dt.date(1899, 12, 30)
TRUE_WORDS = {"是", "1", "Y", "YES", "TRUE", "√"}
FALSE_WORDS = {"否", "0", "N", "NO", "FALSE", ""}


def text(value: object) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return str(value).strip()


def parse_date(value: object, field: str, month_only: bool = False) -> dt.date | None:
	"""yyyy/MM/dd, yyyy-MM-dd, yyyyMMdd, yyyyMM (first of month), a date cell or an Excel serial number."""
	if value is None or value == "":
		return None
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	if isinstance(value, int | float) and not isinstance(value, bool):
		number = int(value)
		if 1 <= number <= 80000 and float(value) == number:  # an Excel serial date stored as a number
			return EXCEL_EPOCH + dt.timedelta(days=number)
		value = str(number)
	raw = text(value)
	match = _DATE_TEXT.fullmatch(raw)
	try:
		if match:
			year, month, day = int(match[1]), int(match[2]), match[3]
			if day is None and not (month_only or len(raw) in (6, 7)):
				raise ValueError(raw)
			return dt.date(year, month, int(day) if day else 1)
	except ValueError:
		pass
	raise ImportBadDate(field=field, value=raw)


def parse_bool(value: object, field: str) -> int:
	raw = text(value).upper()
	if raw in TRUE_WORDS:
		return 1
	if raw in FALSE_WORDS:
		return 0
	raise ImportBadNumber(field=field, value=raw)


def parse_number(value: object, field: str, kind: str, bounds: tuple[float, float] | None = None) -> float | int | None:
	"""A number cell as int or float; ``nan``, ``inf`` and values outside ``bounds`` (the field's range, which
	the write would refuse) are refused here, by the check."""
	raw = text(value)
	if raw == "":
		return None
	try:
		number = int(raw) if kind == "int" else float(raw)
	except ValueError:
		raise ImportBadNumber(field=field, value=raw[:40]) from None
	low, high = bounds or (-values.DECIMAL_LIMIT, values.DECIMAL_LIMIT)
	return values.check_number(field, number, low, high, integer=kind == "int")


def check_text(raw: str, field: str, limit: tuple[int, str] | None) -> str:
	"""A text cell no longer than its column holds (characters for a short text, bytes for a long one)."""
	if limit and values.text_length(raw, limit[1]) > limit[0]:
		raise ImportTextTooLong(field=field, length=len(raw), limit=limit[0] if limit[1] == "chars" else limit[0] // 3)
	return raw


NEGATIVE_WORDS = {"否", "无", "N", "NO"}


def lookup_code(value: object, table: Mapping[str, str]) -> str | None:
	"""A code table maps both its codes and its labels to the code. 否 or 无 stands for the table's one
	negative entry where it has exactly one (否 → 非留守儿童, 无 → 无残疾): what a clerk writes in a yes/no column."""
	raw = text(value)
	if raw == "":
		return None
	found = table.get(raw) or table.get(raw.upper()) or (table.get(raw.zfill(2)) if raw.isdigit() else None)
	if found is None and raw.upper() in NEGATIVE_WORDS:
		negatives = {code for label, code in table.items() if label.startswith(("非", "无")) and label != code}
		if len(negatives) == 1:
			return negatives.pop()
	return found


def allowed_labels(table: Mapping[str, str], limit: int = 12) -> str:
	"""The names a code column accepts, for the message and the template (the first ``limit``)."""
	labels = [label for label, code in table.items() if label != code]
	shown = "、".join(labels[:limit])
	return shown + ("……" if len(labels) > limit else "")


#: sheets the template itself carries besides the student sheet; any other extra sheet is refused
TEMPLATE_SHEETS = ("填写说明", "代码表")


def extra_sheets(names: Sequence[str]) -> list[str]:
	"""The sheets after the first that are not the template's own."""
	return [n for n in names[1:] if n not in TEMPLATE_SHEETS]


#: how a column's value is written, by its kind (the template's guidance)
KIND_GUIDANCE = {
	"text": "文本",
	"date": "日期，如 2019/03/15、2019-03-15 或 20190315",
	"month": "年月，如 202609 或 2026/09",
	"bool": "是 或 否",
	"int": "整数",
	"float": "数字",
	"code": "代码或名称",
}


def column_guidance(kind: str, required: bool, limit: int | None = None, allowed: str | None = None,
					low: float | None = None, high: float | None = None) -> str:
	"""One column's guidance: required or not, the form of its value, its limits and accepted names."""
	parts = ["必填" if required else "选填", KIND_GUIDANCE.get(kind, "文本")]
	if limit and kind == "text":
		parts.append(f"最多 {limit} 字")
	if low is not None and high is not None and kind in ("int", "float"):
		parts.append(f"{values._short(low)} 至 {values._short(high)}")
	if allowed:
		parts.append(f"可填写：{allowed}")
	return "；".join(parts)
