"""The registers a school files every year (LN 第九、十二条): 新生花名册, 学生增加（或减少）情况登记表,
毕业生花名册 — one PDF for a whole school and school year, or the same rows as .xlsx."""

from __future__ import annotations

import io
from dataclasses import dataclass

import frappe
from frappe import _

from xueji_app.rules.registers import RegisterTooLarge
from xueji_app.rules.text_layout import row_lines
from xueji_app.services.core.api import whitelist
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.core.fonts import print_metrics
from xueji_app.services.outputs import prepared
from xueji_app.services.outputs.exports import check_export, log_export
from xueji_app.services.outputs.pdf import log, render_pdf
from xueji_app.services.outputs.print_helpers import cn_date

ENROLLMENT, CHANGES, GRADUATES = "Enrollment Roster", "Change Register", "Graduate Roster"


@dataclass
class Column:
	key: str
	label: str
	share: int  # per cent of the table's width


STUDENT_COLUMNS = [
	Column("no", "序号", 4), Column("student_number", "学籍号", 16), Column("student_name", "姓名", 8), Column("gender", "性别", 4),
	Column("date_of_birth", "出生日期", 11), Column("ethnicity", "民族", 8), Column("grade_class", "年级班级", 10),
	Column("enrollment_date", "入学年月", 11), Column("home_address", "家庭住址", 20), Column("guardian", "监护人", 8),
]
CHANGE_COLUMNS = [
	Column("no", "序号", 4), Column("student_number", "学籍号", 15), Column("student_name", "姓名", 7), Column("gender", "性别", 4),
	Column("date_of_birth", "出生日期", 11), Column("grade_class", "年级班级", 8), Column("event_type", "变动类型", 8),
	Column("event_date", "变动日期", 11), Column("from_school", "原学校", 8), Column("to_school", "现学校", 8),
	Column("detail", "变动原因", 8), Column("office", "核准单位及日期", 8),
]
GRADUATE_COLUMNS = [
	Column("no", "序号", 4), Column("student_number", "学籍号", 16), Column("student_name", "姓名", 8), Column("gender", "性别", 4),
	Column("date_of_birth", "出生日期", 11), Column("ethnicity", "民族", 7), Column("grade_class", "年级班级", 10),
	Column("outcome", "毕业/结业", 8), Column("certificate_number", "证书编号", 18), Column("graduation_date", "日期", 14),
]
# Geometry of the register table, in CSS px (96 per inch): A4 landscape less 10 mm margins each side, the body font
# (10 pt), the cell padding and the collapsed rule between cells; templates/xueji/register.html takes them from layout().
TABLE_WIDTH = 1046  # px: 277 mm is 1046.9
FONT_SIZE = 10 * 96 / 72
CELL_PADDING = 4
RULE = 0.8
TITLES = {ENROLLMENT: "新生花名册", CHANGES: "学生增加（或减少）情况登记表", GRADUATES: "毕业生花名册"}


def year_bounds(academic_year: str) -> tuple[str, str]:
	return frappe.db.get_value("Academic Year", academic_year, ["year_start_date", "year_end_date"])


def student_rows(filters: dict) -> list[dict]:
	fields = ["name", "student_number", "student_name", "gender", "date_of_birth", "ethnicity", "grade", "school_class",
			  "enrollment_date", "home_address"]
	students = frappe.get_all("Student", filters=filters, fields=fields, order_by="grade, school_class, student_name")
	guardians = {}
	for g in frappe.get_all("Student Guardian", filters={"parent": ["in", [s.name for s in students] or [""]], "is_guardian": 1},
							fields=["parent", "guardian_name"], order_by="idx"):
		guardians.setdefault(g.parent, g.guardian_name)
	grades = dict(frappe.get_all("Grade", fields=["name", "grade_name"], as_list=True))
	classes = dict(frappe.get_all("School Class", filters={"name": ["in", list({s.school_class for s in students if s.school_class}) or [""]]},
								  fields=["name", "class_name"], as_list=True))
	genders = {"1": "男", "2": "女"}
	ethnic = dict(frappe.get_all("Ethnic Group", fields=["code", "label"], as_list=True))
	rows = []
	for no, s in enumerate(students, start=1):
		rows.append({
			"no": no, "student_number": s.student_number or "", "student_name": s.student_name, "gender": genders.get(s.gender, s.gender),
			"date_of_birth": cn_date(s.date_of_birth), "ethnicity": ethnic.get(s.ethnicity, s.ethnicity),
			"grade_class": classes.get(s.school_class) or grades.get(s.grade, s.grade), "enrollment_date": cn_date(s.enrollment_date),
			"home_address": s.home_address, "guardian": guardians.get(s.name, ""),
		})
	return rows


def graduate_rows(school: str, academic_year: str) -> list[dict]:
	"""毕业生花名册: the students whose stage the school's confirmed year-end run ended (毕业, 结业, and 毕业 into
	the school's own next stage), as the run recorded them."""
	from xueji_app.rules.school_year import STAGE_ENDINGS

	runs = frappe.get_all("Year-End Run", filters={"school": school, "academic_year": academic_year, "run_state": "Confirmed"},
						  pluck="name")
	ended = frappe.get_all("Year-End Run Student", filters={"run": ["in", runs or [""]], "outcome": ["in", list(STAGE_ENDINGS)]},
						   fields=["student", "student_number", "outcome", "before_grade", "before_class", "certificate_number",
								   "graduation_date"],
						   order_by="before_grade, before_class, student_name")
	if not ended:
		return []
	by_number = {r["student_number"]: r for r in student_rows({"name": ["in", [e.student for e in ended]]})}
	grades = dict(frappe.get_all("Grade", fields=["name", "grade_name"], as_list=True))
	classes = dict(frappe.get_all("School Class", filters={"name": ["in", [e.before_class for e in ended if e.before_class] or [""]]},
								  fields=["name", "class_name"], as_list=True))
	rows = []
	for no, e in enumerate(ended, start=1):
		row = dict(by_number[e.student_number], no=no)
		row["grade_class"] = classes.get(e.before_class) or grades.get(e.before_grade, e.before_grade)
		row["outcome"] = "毕业" if e.outcome != "Complete" else "结业"
		row["certificate_number"] = e.certificate_number or ""
		row["graduation_date"] = cn_date(e.graduation_date)
		rows.append(row)
	return rows


def change_rows(school: str, start, end) -> list[dict]:
	name = frappe.get_cached_value("School", school, "school_name")
	events = frappe.db.sql(
		"""select e.event_date, e.event_type, e.from_school, e.to_school, e.detail, e.approved_by_office, e.approved_on,
			s.student_number, s.student_name, s.gender, s.date_of_birth, s.grade
		from `tabStudent Roll Event` e join `tabStudent` s on s.name = e.parent and e.parenttype = 'Student'
		where e.event_date between %(start)s and %(end)s and (s.school = %(school)s or e.from_school = %(name)s or e.to_school = %(name)s)
		order by e.event_date, s.student_name""",
		{"start": start, "end": end, "school": school, "name": name},
		as_dict=True,
	)
	grades = dict(frappe.get_all("Grade", fields=["name", "grade_name"], as_list=True))
	return [
		{
			"no": no, "student_number": e.student_number or "", "student_name": e.student_name, "gender": {"1": "男", "2": "女"}.get(e.gender),
			"date_of_birth": cn_date(e.date_of_birth), "grade_class": grades.get(e.grade, e.grade), "event_type": _(e.event_type),
			"event_date": cn_date(e.event_date), "from_school": e.from_school, "to_school": e.to_school, "detail": e.detail,
			"office": f"{e.approved_by_office or ''} {cn_date(e.approved_on)}",
		}
		for no, e in enumerate(events, start=1)
	]


@frappe.read_only()  # from the read replica where the site has one (its rows, not its log)
def rows_for(kind: str, school: str, academic_year: str) -> tuple[list[Column], list[dict]]:
	start, end = year_bounds(academic_year)
	if kind == ENROLLMENT:
		return STUDENT_COLUMNS, student_rows({"school": school, "enrollment_date": ["between", [start, end]], "on_roll": 1})
	if kind == GRADUATES:
		return GRADUATE_COLUMNS, graduate_rows(school, academic_year)
	return CHANGE_COLUMNS, change_rows(school, start, end)


def layout(columns: list[Column], rows: list[dict]) -> dict:
	"""Column widths, the positions of the rules, and every row as lines of text (rules.text_layout). Without the
	print font the rows stay table cells (``lines`` is None): correct, only slower."""
	widths = [round(TABLE_WIDTH * c.share / 100, 2) for c in columns]
	widths[-1] = round(TABLE_WIDTH - sum(widths[:-1]), 2)
	edges = [sum(widths[:i]) for i in range(len(widths))]
	starts = [edge / FONT_SIZE for edge in edges]
	room = [(width - 2 * CELL_PADDING - RULE) / FONT_SIZE - 0.02 for width in widths]
	metrics = print_metrics()
	return {
		"widths": widths,
		"rules": [round(edge, 2) for edge in edges[1:]],
		"rule": RULE,
		"half_rule": RULE / 2,
		"padding": CELL_PADDING,
		"font_size": round(FONT_SIZE, 4),
		"table_width": round(sum(widths), 2),
		"lines": ["\n".join(row_lines([row.get(c.key) for c in columns], starts, room, metrics)) for row in rows] if metrics else None,
	}


def render_register(kind: str, school: str, academic_year: str, columns: list[Column], rows: list[dict]) -> str:
	return frappe.render_template("templates/xueji/register.html", {
		"title": TITLES[kind], "school": school, "school_name": frappe.get_cached_value("School", school, "school_name"),
		"academic_year": academic_year, "columns": columns, "rows": rows, "layout": layout(columns, rows),
		"printed_on": f"打印日期：{cn_date(frappe.utils.today())}",
	})


def xlsx(kind: str, columns: list[Column], rows: list[dict]) -> bytes:
	from openpyxl import Workbook

	book = Workbook()
	sheet = book.active
	sheet.title = TITLES[kind][:31]
	sheet.append([c.label for c in columns])
	for row in rows:
		sheet.append([row.get(c.key) for c in columns])
	buffer = io.BytesIO()
	book.save(buffer)
	return buffer.getvalue()


#: a register of more rows than this is prepared in the background (``services.outputs.prepared``), never in a request
SYNC_ROWS = 2000


def check_request(kind: str, school: str, academic_year: str, file_format: str) -> None:
	"""A register the user may have: a known kind and format, a school the user may read, a school year."""
	if kind not in TITLES:
		frappe.throw(_("Unknown register {0}").format(kind), title=_("Not allowed"))
	if file_format not in ("pdf", "xlsx"):
		frappe.throw(_("Unknown file format {0}").format(file_format), title=_("Not allowed"))
	frappe.get_doc("School", school).check_permission("read")
	if file_format == "xlsx":
		# a register as data is personal data leaving the system (LN 第二十八条, YK 第三十二条 谁导出谁负责): an
		# export, for officers granted 可导出数据 only; as a PDF it is a print (Print Log)
		check_export("Student")
	if not frappe.db.exists("Academic Year", academic_year):
		frappe.throw(_("Unknown school year {0}").format(academic_year), title=_("Not allowed"))


def build(kind: str, school: str, academic_year: str, file_format: str = "pdf", progress=None, rows_limit: int | None = None):
	"""The register as (content, file name, pages, rows), logged in the Print Log. ``progress(percent, what)``
	hears how far it has come; more rows than ``rows_limit`` raise ``RegisterTooLarge``."""
	progress = progress or (lambda percent, what: None)
	progress(5, _("Reading the students"))
	columns, rows = rows_for(kind, school, academic_year)
	if rows_limit is not None and len(rows) > rows_limit:
		raise_violation(RegisterTooLarge(field="school", rows=len(rows), limit=rows_limit))
	filename = f"{TITLES[kind]}-{frappe.get_cached_value('School', school, 'school_name')}-{academic_year}"
	progress(20, _("Laying out {0} rows").format(len(rows)))
	if file_format == "xlsx":
		content, pages = xlsx(kind, columns, rows), 0
		filename += ".xlsx"
	else:
		html = render_register(kind, school, academic_year, columns, rows)
		progress(40, _("Rendering the PDF"))
		content, pages = render_pdf(html)
		filename += ".pdf"
	if file_format == "xlsx":
		log_export("Register", "Student", TITLES[kind], "xlsx",
				   {"kind": kind, "school": school, "academic_year": academic_year}, len(rows))
	else:
		log("School", school, TITLES[kind], pages, school, filters=f"{academic_year} {file_format} {len(rows)}")
	progress(95, _("Saving the file"))
	return content, filename, pages, len(rows)


@whitelist()
def register(kind: str, school: str, academic_year: str, file_format: str = "pdf") -> None:
	"""A register of ``school`` for ``academic_year`` as PDF or xlsx, in the request: for small schools and the API.
	A larger one is refused with the way to ask for it in the background (the desk always asks that way)."""
	check_request(kind, school, academic_year, file_format)
	content, filename, _pages, _rows = build(kind, school, academic_year, file_format, rows_limit=SYNC_ROWS)
	frappe.local.response.type = "binary" if file_format == "xlsx" else "pdf"
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = content


# --- in the background (``prepared``) ----------------------------------------------------------------------

@whitelist(methods=["POST"])
def request_register(kind: str, school: str, academic_year: str, file_format: str = "pdf") -> dict:
	"""Prepare a register of ``school`` in the background; returns the Prepared File to follow."""
	check_request(kind, school, academic_year, file_format)
	title = "{0} {1} {2} ({3})".format(_(kind), frappe.get_cached_value("School", school, "school_name"), academic_year,
									   file_format.upper())
	return prepared.start("Register", title, {"kind": kind, "school": school, "academic_year": academic_year, "file_format": file_format},
				 school=school, register=kind, academic_year=academic_year, file_format=file_format)


def build_prepared(request: dict, progress) -> tuple[bytes, str, int, int]:
	"""The job of a prepared register (``prepared.BUILDERS``)."""
	return build(request["kind"], request["school"], request["academic_year"], request["file_format"], progress)
