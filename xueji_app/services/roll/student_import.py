"""Excel import of students in the national template: read → check every cell → report → create the
valid rows or nothing.

Rows go through the same rules as the form (``rules.student.validate_record``, ``validate_placement``,
the same 查重 keys), with the lookups done in bulk: code tables once, 查重 against the system in a few
queries for the whole file, not one per row. Valid rows are written with ``bulk_insert`` under names
reserved from the naming series in one step, inside one transaction: all of them or none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import now_datetime

from xueji_app.rules import calendar_year, identity, import_sheet
from xueji_app.rules import student as student_rules
from xueji_app.rules import values as value_rules
from xueji_app.rules.errors import RuleViolation
from xueji_app.rules.identity import DuplicateStudent
from xueji_app.rules.import_sheet import (
	ImportDuplicateInFile,
	ImportEmptyFile,
	ImportEmptyRow,
	ImportExtraSheets,
	ImportFileError,
	ImportFormula,
	ImportMergedCells,
	ImportNotXlsx,
	ImportRequired,
	ImportUnknownCode,
	ImportWrongSchool,
)
from xueji_app.rules.schools import stages_of
from xueji_app.services.core import bulk, xlsx
from xueji_app.services.core.api import whitelist
from xueji_app.services.core.errors import job_failure, message_for
from xueji_app.services.roll import rollup
from xueji_app.services.roll import student as student_service
from xueji_app.services.security.scope import get_scope

STUDENT = "Student"
GUARDIAN = "Student Guardian"
NAME_PREFIX = "XS-"
NAME_DIGITS = 9
NUMERIC_TYPES = {"Check", "Int", "Float", "Currency", "Percent"}
PROGRESS_EVERY = 500
#: the longest an import job may run (50,000 rows check and create in about a minute and a half)
JOB_TIMEOUT = 900
_MERGE = re.compile(rb"<mergeCell\s+ref=\"([A-Z]+\d+:[A-Z]+\d+)\"")


@dataclass
class ImportResult:
	total: int = 0
	errors: list[dict] = field(default_factory=list)  # as listed in the report (capped; see add_error)
	valid: list[dict] = field(default_factory=list)  # checked records, ready to insert
	created: list[str] = field(default_factory=list)
	rows_with_errors: set[int] = field(default_factory=set)
	per_column: Counter = field(default_factory=Counter)  # every error, listed or not, by column

	@property
	def error_rows(self) -> int:
		return len(self.rows_with_errors)

	@property
	def error_count(self) -> int:
		return sum(self.per_column.values())

	def unlisted(self) -> list[dict]:
		"""One line per column whose errors were not all listed, with how many were left out."""
		listed = Counter(e["column"] for e in self.errors)
		return [{"row": None, "column": column, "value": "", "message": _("{0} more errors in this column are not listed").format(
			count - listed[column])} for column, count in self.per_column.items() if count > listed[column]]


# --- reading the workbook --------------------------------------------------------------------------------


def read_sheet(content: bytes) -> tuple[list, list[tuple[int, list]]]:
	"""(header row, [(row number, cells)]) of the only sheet. File-level problems raise ImportFileError."""
	import_sheet.check_archive(len(content), [])
	if not zipfile.is_zipfile(io.BytesIO(content)):
		raise ImportNotXlsx(field="file")
	try:
		archive = zipfile.ZipFile(io.BytesIO(content))
	except zipfile.BadZipFile:
		raise ImportNotXlsx(field="file") from None
	with archive:
		# limits from the zip directory and each sheet's declared range, before anything is unpacked
		import_sheet.check_archive(len(content), [(i.filename, i.compress_size, i.file_size) for i in archive.infolist()])
		sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
		for name in sheets:
			with archive.open(name) as part:
				import_sheet.check_dimension(part.read(4096).decode("utf-8", "replace"))
		merged = [m for n in sheets for m in merged_ranges(archive, n)]
		try:
			sheet = xlsx.Sheet(archive)
		except Exception:
			raise ImportNotXlsx(field="file") from None
		if import_sheet.extra_sheets(sheet.sheetnames):
			raise ImportExtraSheets(field="file", count=len(sheet.sheetnames), sheets="、".join(sheet.sheetnames))
		if merged:
			raise ImportMergedCells(field="file", ranges="、".join(merged[:5]))
		header, body, expected = [], [], 1
		try:
			for number, cells in sheet.rows():
				number = number or expected
				import_sheet.check_columns(len(cells))
				if number < expected:  # rows out of order: not a sheet Excel writes
					raise ImportNotXlsx(field="file")
				for missing in range(expected, number):  # a row the sheet does not store is an empty row
					if missing > 1:
						body.append((missing, []))
				if number == 1:
					header = [value for value, _type in cells]
				else:
					body.append((number, cells))
				expected = number + 1
				if len(body) > import_sheet.MAX_ROWS:
					import_sheet.check_size(len(body))
		except ImportFileError:
			raise
		except Exception:
			raise ImportNotXlsx(field="file") from None
		return header, body


def merged_ranges(archive: zipfile.ZipFile, name: str, chunk: int = 1 << 20) -> list[str]:
	"""The merged ranges of one sheet, read as a stream (a sheet's XML is never held whole in memory)."""
	found, tail = [], b""
	with archive.open(name) as part:
		while block := part.read(chunk):
			window = tail + block
			found += [m.decode() for m in _MERGE.findall(window)]
			tail = window[-200:]
			found = list(dict.fromkeys(found))
			if len(found) > 5:
				break
	return found


# --- checking rows -------------------------------------------------------------------------------------


class Lookups:
	"""Everything rows are checked against, loaded once per file."""
	def __init__(self, user: str):
		self.codes = {}
		for doctype in {t for _h, _f, kind, t in self.all_columns() if kind == "code"} - {"Grade"}:
			rows = frappe.get_all(doctype, fields=["code", "label"], filters={"disabled": 0})
			self.codes[doctype] = {**{r.label: r.code for r in rows}, **{r.code: r.code for r in rows}}
		self.grades = {g.name: g for g in frappe.get_all("Grade", fields=["name", "grade_name", "stage", "grade_number"])}
		self.codes["Grade"] = {**{g: g for g in self.grades}, **{g.grade_name: g.name for g in self.grades.values()}}
		self.schools = self.allowed_schools(user)
		# what each column holds: text lengths and number ranges, as the write would check them
		self.limits, self.ranges = {}, {}
		for doctype in (STUDENT, GUARDIAN):
			fields = frappe.get_meta(doctype).fields
			self.limits[doctype] = {df.fieldname: limit for df in fields if (limit := value_rules.text_limit(df.fieldtype, df.length))}
			self.ranges[doctype] = {df.fieldname: bounds for df in fields
									if (bounds := value_rules.number_range(df.fieldname, df.fieldtype, bool(df.non_negative)))}
		self.today = dt.date.today()
		year = calendar_year.year_name(calendar_year.school_year_of(self.today))
		self.classes = {
			(c.school, c.grade, c.class_number): c.name
			for c in frappe.get_all("School Class", filters={"academic_year": year, "school": ["in", list(self.schools) or [""]]},
									fields=["name", "school", "grade", "class_number"])
		}

	@staticmethod
	def all_columns():
		return import_sheet.BASE_COLUMNS + import_sheet.MEMBER_COLUMNS + import_sheet.EXTRA_COLUMNS

	@staticmethod
	def allowed_schools(user: str) -> dict:
		"""A registrar imports into their own school; the platform administrator into any."""
		scope = get_scope(user)
		filters = {} if scope.is_admin else {"name": scope.school or ""}
		fields = ["name", "school_name", "status", "region", "authority_region", "teaches_primary", "teaches_junior", "teaches_senior"]
		return {s.name: s for s in frappe.get_all("School", filters=filters, fields=fields)}


def check_rows(header: list, body: list[tuple[int, list]], lookups: Lookups, result: ImportResult, progress=None) -> None:
	extras = import_sheet.check_headers(header)
	columns = list(import_sheet.BASE_COLUMNS)
	headers = [h for h, *_ in columns]
	for n in range(1, import_sheet.MEMBER_BLOCKS + 1):
		columns += import_sheet.MEMBER_COLUMNS
		headers += [f"成员{n}{h}" for h, *_ in import_sheet.MEMBER_COLUMNS]
	extra_by_name = {c[0]: c for c in import_sheet.EXTRA_COLUMNS}
	for name in extras:
		columns.append(extra_by_name[name])
		headers.append(name)
	reqd = [df.fieldname for df in frappe.get_meta(STUDENT).fields if df.reqd and df.fieldtype not in ("Table",)]
	labels = {df.fieldname: _(df.label) for df in frappe.get_meta(STUDENT).fields}
	seen: dict[str, int] = {}
	last_data_row = max((n for n, cells in body if any(v not in (None, "") for v, _t in cells)), default=0)
	for position, (number, cells) in enumerate(body):
		if progress and position % PROGRESS_EVERY == 0:
			progress(position, len(body))
		if not any(v not in (None, "") for v, _t in cells):
			if number < last_data_row:
				add_error(result, number, None, "", ImportEmptyRow(field="row"), _("Row"))
			continue
		result.total += 1
		record = check_row(number, cells, columns, headers, lookups, result, reqd, labels)
		if record is None:
			continue
		key = record["identity_key"] or record["person_key"]
		if key in seen:
			add_error(result, number, 9 if record["identity_key"] else 1, record.get("id_number") or record["student_name"],
					  ImportDuplicateInFile(field="id_number", row=seen[key]), headers[9 if record["identity_key"] else 1])
			continue
		seen[key] = number
		result.valid.append(record)
	check_against_system(result, headers)


def check_row(number, cells, columns, headers, lookups, result, reqd, labels) -> dict | None:
	errors_before = result.error_count
	failed: set[str] = set()
	record: dict = {"row": number}
	members = [{}, {}]
	member_width = len(import_sheet.MEMBER_COLUMNS)
	base_width = len(import_sheet.BASE_COLUMNS)
	for index, (fieldname, kind, table) in enumerate((c[1], c[2], c[3]) for c in columns):
		value, data_type = cells[index] if index < len(cells) else (None, None)
		if fieldname is None:
			continue
		try:
			if data_type == "f" or (isinstance(value, str) and value.startswith("=")):
				raise ImportFormula(field=fieldname, value=str(value)[:40])
			in_member = base_width <= index < base_width + 2 * member_width
			parsed = parse_cell(value, fieldname, kind, table, lookups, GUARDIAN if in_member else STUDENT)
		except RuleViolation as violation:
			add_error(result, number, index, value, violation, headers[index])
			failed.add(fieldname)
			continue
		if base_width <= index < base_width + 2 * member_width:
			members[(index - base_width) // member_width][fieldname] = parsed
		else:
			record[fieldname] = parsed
	guardians = [m for m in members if m.get("guardian_name")]
	for member in guardians:
		member.setdefault("is_guardian", 0)
	record["guardians"] = guardians
	school_code = record.get("school_code")
	fill_derived(record, lookups)
	if school_code and not record.get("school"):
		add_error(result, number, 0, school_code, ImportWrongSchool(field="school", value=school_code), headers[0])
		return None
	for fieldname in reqd:
		if fieldname in failed:
			continue
		if record.get(fieldname) in (None, "") and not (fieldname == "id_number" and record.get("id_type") == identity.NO_DOCUMENT):
			index = next((i for i, c in enumerate(columns) if c[1] == fieldname), None)
			add_error(result, number, index, "", ImportRequired(field=fieldname), headers[index] if index is not None else labels.get(fieldname))
	if result.error_count > errors_before:
		return None
	try:
		record["id_number"] = student_rules.validate_record(record) or None
		school = lookups.schools[record["school"]]
		grade = lookups.grades[record["grade"]]
		student_rules.validate_placement(True, school.school_name, school.status, stages_of(school), grade.grade_name, grade.stage)
	except RuleViolation as violation:
		index = next((i for i, c in enumerate(columns) if c[1] == violation.field), None)
		add_error(result, number, index, record.get(violation.field, ""), violation,
				  headers[index] if index is not None else labels.get(violation.field, violation.field))
		return None
	record["identity_key"], record["person_key"] = student_service.keys_for(frappe._dict(record))
	record["unidentified_key"] = student_service.unidentified_key(record["identity_key"], record["person_key"])
	return record


def parse_cell(value, fieldname: str, kind: str, table: str | None, lookups: Lookups, doctype: str = STUDENT):
	"""One cell as the value the write stores, refused here for anything the write would refuse."""
	if kind == "text":
		raw = import_sheet.check_text(import_sheet.text(value), fieldname, lookups.limits[doctype].get(fieldname))
		return identity.normalize_id(raw) if fieldname == "id_number" else raw
	if kind in ("date", "month"):
		return import_sheet.parse_date(value, fieldname, month_only=kind == "month")
	if kind == "bool":
		return import_sheet.parse_bool(value, fieldname)
	if kind in ("int", "float"):
		return import_sheet.parse_number(value, fieldname, kind, lookups.ranges[doctype].get(fieldname))
	code = import_sheet.lookup_code(value, lookups.codes[table])
	if code is None and import_sheet.text(value) != "":
		raise ImportUnknownCode(field=fieldname, value=import_sheet.text(value), table=_(table),
								allowed=import_sheet.allowed_labels(lookups.codes[table]))
	return code


def fill_derived(record: dict, lookups: Lookups) -> None:
	"""School from its code, grade from 年级 or from 入学年月, the class from 班号, a full birth date."""
	school = lookups.schools.get(record.pop("school_code", "") or "")
	if not school:
		record["school"] = None
		return
	record["school"], record["region"], record["authority_region"] = school.name, school.region, school.authority_region
	if record.get("id_type") == identity.RESIDENT_ID and record.get("id_number") and record.get("date_of_birth"):
		# 出生年月 often holds only yyyyMM: take the day from a well-formed ID of the same month
		number = identity.normalize_id(record["id_number"])
		if len(number) == 18 and number[6:12] == f"{record['date_of_birth']:%Y%m}" and record["date_of_birth"].day == 1:
			try:
				record["date_of_birth"] = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
			except ValueError:
				pass
	if not record.get("grade") and record.get("enrollment_date"):
		stages = stages_of(school)
		digit = {"Primary": "1", "Junior": "2", "Senior": "3"}[stages[0]] if stages else "1"
		years = calendar_year.school_year_of(lookups.today) - calendar_year.school_year_of(record["enrollment_date"]) + 1
		code = f"{digit}{years}"
		record["grade"] = code if code in lookups.grades else None
	if record.get("grade"):
		record["stage"] = lookups.grades[record["grade"]].stage
	if record.get("class_number") is not None:
		record["school_class"] = lookups.classes.get((school.name, record.get("grade"), int(record["class_number"])))
	for field_, default in (("nationality", "CHN"), ("overseas_status", "00"), ("health_status", "10"), ("left_behind", "0"),
						   ("inclusive_education", "0"), ("disability_type", "0"), ("student_source", "1")):
		record.setdefault(field_, default)
		record[field_] = record[field_] or default


def check_against_system(result: ImportResult, headers: list[str]) -> None:
	"""查重 of every valid row against the whole system: a few queries for the whole file."""
	if not result.valid:
		return
	by_identity = {r["identity_key"]: r for r in result.valid if r["identity_key"]}
	by_person = {r["person_key"]: r for r in result.valid if not r["identity_key"]}
	found = []
	for keys, column in ((list(by_identity), "identity_key"), (list(by_person), "person_key")):
		for start in range(0, len(keys), 1000):
			chunk = keys[start : start + 1000]
			filters = {column: ["in", chunk]}
			if column == "person_key":
				filters["identity_key"] = ["is", "not set"]
			found += [(column, row) for row in frappe.get_all(STUDENT, filters=filters, fields=["identity_key", "person_key", "school", "student_number"])]
	if not found:
		return
	school_names = dict(frappe.get_all("School", filters={"name": ["in", list({r.school for _c, r in found})]}, fields=["name", "school_name"], as_list=True))
	duplicates = set()
	for column, row in found:
		record = (by_identity if column == "identity_key" else by_person)[row[column]]
		duplicates.add(record["row"])
		number = identity.mask_student_number(row.student_number) or _("not yet issued")
		violation = DuplicateStudent(field="id_number", school=school_names.get(row.school, row.school), number=number)
		index = 9 if column == "identity_key" else 1
		add_error(result, record["row"], index, record.get("id_number") or record["student_name"], violation, headers[index])
	result.valid = [r for r in result.valid if r["row"] not in duplicates]


def add_error(result: ImportResult, row: int | None, column: int | None, value, violation: RuleViolation, header: str | None) -> None:
	"""Record one error. Every error counts; the report lists the first ``MAX_LISTED_PER_COLUMN`` of each column
	(at most ``MAX_LISTED`` in all), so 20,000 bad rows make a report a person can read, not megabytes."""
	name = f"{import_sheet.column_letter(column)} {header}" if column is not None else (header or "")
	result.per_column[name] += 1
	if row:
		result.rows_with_errors.add(row)
	if result.per_column[name] > import_sheet.MAX_LISTED_PER_COLUMN or len(result.errors) >= import_sheet.MAX_LISTED:
		return
	result.errors.append(
		{
			"row": row,
			"column": name,
			"value": import_sheet.text(value)[:60] if not isinstance(value, dt.date) else value.isoformat(),
			"message": message_for(violation, label=header),
		}
	)


# --- the use cases ------------------------------------------------------------------------------------


def check_file(content: bytes, user: str | None = None, progress=None) -> ImportResult:
	"""Read and check every cell; nothing is written. A file-level problem is one error on row 0.
	``progress(done, total)`` is told how far the check has come, every few hundred rows."""
	result = ImportResult()
	try:
		header, body = read_sheet(content)
		lookups = Lookups(user or frappe.session.user)
		if not any(any(v not in (None, "") for v, _t in cells) for _n, cells in body):
			raise ImportEmptyFile(field="file")
		check_rows(header, body, lookups, result, progress)
	except ImportFileError as violation:
		result.errors, result.valid, result.rows_with_errors, result.per_column = [], [], set(), Counter()
		add_error(result, 0, None, "", violation, _("Import File"))
	result.errors += result.unlisted()
	return result


def create_students(result: ImportResult) -> list[str]:
	"""Insert every valid row in one transaction, as Draft registrations. Returns the new names."""
	if not result.valid:
		return []
	names = reserve_names(len(result.valid))
	now, user = now_datetime(), frappe.session.user
	meta = frappe.get_meta(STUDENT)
	student_fields = [df.fieldname for df in meta.fields if df.fieldtype not in frappe.model.no_value_fields]
	guardian_fields = [df.fieldname for df in frappe.get_meta(GUARDIAN).fields if df.fieldtype not in frappe.model.no_value_fields]
	numeric = {df.fieldname for d in (STUDENT, GUARDIAN) for df in frappe.get_meta(d).fields if df.fieldtype in NUMERIC_TYPES}

	def value(row: dict, fieldname: str):
		v = row.get(fieldname)
		return 0 if v is None and fieldname in numeric else v

	base = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	students, guardians = [], []

	def grade_facts(grade):
		return (grade.grade_number, grade.stage) if grade else (None, None)

	grades = {g.name: g for g in frappe.get_all("Grade", fields=["name", "grade_number", "stage"])}
	for name, record in zip(names, result.valid, strict=True):
		record = dict(record)
		record.update(
			registration_state="Draft",
			status_label="Pending Registration",
			on_roll=0, in_school=0, has_open_case=0,
			registration_due_date=student_rules.registration_due(record["enrollment_date"]),
			is_supplementary=int(student_rules.is_supplementary(*grade_facts(grades.get(record["grade"])))),
		)
		students.append([name, now, now, user, user, 0, 0, *[value(record, f) for f in student_fields]])
		for idx, member in enumerate(record["guardians"], start=1):
			guardians.append([frappe.generate_hash(length=10), now, now, user, user, 0, idx, name, STUDENT, "guardians",
							  *[value(member, f) for f in guardian_fields]])
	bulk.insert(STUDENT, base + student_fields, students)
	bulk.insert(GUARDIAN, [*base, "parent", "parenttype", "parentfield", *guardian_fields], guardians)
	rollup.refresh_schools({r.get("school") for r in result.valid})
	result.created = names
	return names


def reserve_names(count: int) -> list[str]:
	"""Take ``count`` consecutive numbers of the Student naming series in one locked step."""
	prefix = NAME_PREFIX
	current = frappe.db.sql("select current from `tabSeries` where name = %s for update", prefix)
	start = (current[0][0] if current else 0) + 1
	if current:
		frappe.db.sql("update `tabSeries` set current = %s where name = %s", (start + count - 1, prefix))
	else:
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (prefix, count))
	return [f"{prefix}{n:0{NAME_DIGITS}d}" for n in range(start, start + count)]


@whitelist()
def download_template() -> None:
	"""The national template a clerk can fill: the student sheet (its headers, each with a comment saying what
	goes in it, and a drop-down of the accepted names for every coded column), 填写说明 (every column: required
	or not, the form of its value, its limits, what it accepts) and 代码表 (the names of every code table)."""
	frappe.response["filename"] = "学生信息导入模板.xlsx"
	frappe.response["filecontent"] = template_workbook()
	frappe.response["type"] = "binary"


def template_workbook() -> bytes:
	from openpyxl import Workbook
	from openpyxl.comments import Comment
	from openpyxl.styles import Font, PatternFill
	from openpyxl.worksheet.datavalidation import DataValidation

	lookups = Lookups(frappe.session.user)
	reqd = {df.fieldname for df in frappe.get_meta(STUDENT).fields if df.reqd}
	columns = list(import_sheet.BASE_COLUMNS)
	for _n in range(import_sheet.MEMBER_BLOCKS):
		columns += import_sheet.MEMBER_COLUMNS
	columns += import_sheet.EXTRA_COLUMNS
	headers = import_sheet.template_headers()
	base_width, member_width = len(import_sheet.BASE_COLUMNS), len(import_sheet.MEMBER_COLUMNS)

	workbook = Workbook()
	sheet = workbook.active
	sheet.title = "学生信息"
	guide = workbook.create_sheet(import_sheet.TEMPLATE_SHEETS[0])
	codes = workbook.create_sheet(import_sheet.TEMPLATE_SHEETS[1])
	sheet.append(headers)
	guide.append(["列", "列名", "填写要求"])
	code_columns: dict[str, str] = {}
	for table in dict.fromkeys(t for _h, f, k, t in columns if k == "code" and t):
		labels = [label for label, code in lookups.codes[table].items() if label != code]
		letter = import_sheet.column_letter(len(code_columns))
		codes.cell(row=1, column=len(code_columns) + 1, value=_(table))
		for row, label in enumerate(labels, start=2):
			codes.cell(row=row, column=len(code_columns) + 1, value=label)
		code_columns[table] = f"'{codes.title}'!${letter}$2:${letter}${len(labels) + 1}"
		codes.column_dimensions[letter].width = 18
	required_fill = PatternFill("solid", fgColor="FFF2CC")
	for index, (header, (_h, fieldname, kind, table)) in enumerate(zip(headers, columns, strict=True)):
		member = base_width <= index < base_width + 2 * member_width
		doctype = GUARDIAN if member else STUDENT
		limit = lookups.limits[doctype].get(fieldname) if fieldname else None
		bounds = lookups.ranges[doctype].get(fieldname) if fieldname else None
		allowed = import_sheet.allowed_labels(lookups.codes[table], limit=20) if kind == "code" and table else None
		required = bool(fieldname) and not member and (fieldname in reqd or fieldname == "school_code")
		text = import_sheet.column_guidance(kind, required, limit[0] if limit else None, allowed, *(bounds or (None, None)))
		if fieldname == "id_number" and not member:
			text = "必填（身份证件类型为“无”时可空）；" + text.split("；", 1)[1]
		if not fieldname:
			text = "选填；本系统不读取此列"
		letter = import_sheet.column_letter(index)
		cell = sheet.cell(row=1, column=index + 1)
		cell.comment = Comment(text, "学籍系统", width=260, height=120)
		cell.font = Font(bold=True)
		if required:
			cell.fill = required_fill
		sheet.column_dimensions[letter].width = 14
		guide.append([letter, header, text])
		if kind == "code" and table in code_columns:
			validation = DataValidation(type="list", formula1=code_columns[table], allow_blank=True, showErrorMessage=False)
			sheet.add_data_validation(validation)
			validation.add(f"{letter}2:{letter}{import_sheet.MAX_ROWS + 1}")
	guide.column_dimensions["B"].width = 22
	guide.column_dimensions["C"].width = 90
	sheet.freeze_panes = "B2"
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


# --- as a background job ------------------------------------------------------------------------------


def enqueue(import_name: str, action: str) -> None:
	"""Run ``action`` (check, import) of a Student Import as a job of the long queue: the request returns at
	once, the form shows the progress and reloads when the job is done. (Inline in tests.)"""
	frappe.enqueue(
		"xueji_app.services.roll.student_import.run_job", queue="long", timeout=JOB_TIMEOUT, job_id=f"xueji-import-{import_name}",
		deduplicate=True, enqueue_after_commit=True, now=bool(frappe.flags.in_test),
		import_name=import_name, action=action, user=frappe.session.user,
	)


def run_job(import_name: str, action: str, user: str) -> None:
	"""The job: check (and for ``import``, create the valid rows) as the user who asked; any failure is
	recorded on the import in Chinese (the traceback goes to the Error Log) and nothing is half-created."""
	frappe.set_user(user)
	doc = frappe.get_doc("Student Import", import_name)
	doc.check_permission("write")
	doc.flags.xueji_service = True

	def progress(done: int, total: int) -> None:
		frappe.publish_progress(done * 100 / max(total, 1), title=_("Checking the student sheet"), doctype=doc.doctype,
								docname=doc.name, description=_("{0} of {1} rows").format(done, total))

	frappe.db.savepoint("xueji_import")
	try:
		result = doc.run_check(progress)
		if action == "import":
			frappe.publish_progress(99, title=_("Creating the students"), doctype=doc.doctype, docname=doc.name)
			doc.created_rows = len(create_students(result))
			doc.status = "Imported"
		else:
			doc.status = "Checked"
		doc.save(ignore_permissions=True)
	except Exception as error:
		frappe.db.rollback(save_point="xueji_import")  # no student half-created
		message = job_failure(error, f"Student Import {import_name}")
		frappe.db.set_value("Student Import", import_name, {"status": "Failed", "failure": message}, update_modified=False)
	# the job runner commits when the job returns; the form reloads after that
	frappe.publish_realtime("xueji_import_done", {"name": import_name}, doctype="Student Import", docname=import_name,
							after_commit=True)
