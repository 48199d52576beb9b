"""Excel import: exact report for bad cells, exact rows created, bad files refused with a message."""

from __future__ import annotations

import io
import re
from unittest.mock import patch

import frappe
from openpyxl import Workbook

from xueji_app.rules.import_sheet import template_headers
from xueji_app.services.roll import student_import
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.utils import XuejiTestCase, run_worker

HEADERS = template_headers()


def row(**values) -> list:
	"""One student row in the template layout; values by header (成员1姓名 etc. for members)."""
	birth = values.pop("birth", "2019/03/15")
	base = {
		"学校标识码": school("A1"), "姓名": "导入学生" + frappe.generate_hash(length=4), "性别": "男", "出生年月": birth,
		"出生地行政区划代码": "990101", "籍贯": "测试省", "民族": "汉族", "国籍/地区": "CHN", "身份证类型": "居民身份证",
		"身份证": factory.resident_id(re.sub(r"\D", "", birth)), "港澳台侨外": "否", "健康状况": "10", "户口性质": "非农业户口",
		"户口所在地行政区划": "990101", "班号": "", "入学年月": "202609", "入学方式": "就近入学", "就读方式": "走读",
		"现住址": "幸福路1号", "通信地址": "幸福路1号", "家庭地址": "幸福路1号", "联系电话": "13800000000",
		"是否独生子女": "是", "是否留守儿童": "非留守儿童", "成员1姓名": "家长", "成员1关系": "父亲", "成员1是否监护人": "是",
		"年级": "11",
	}
	base.update(values)
	return [base.get(h, "") for h in HEADERS]


def workbook(rows, headers=HEADERS, extra_sheet=False, merge=None) -> bytes:
	book = Workbook()
	sheet = book.active
	sheet.append(headers)
	for r in rows:
		sheet.append(r)
	if merge:
		sheet.merge_cells(merge)
	if extra_sheet:
		book.create_sheet("说明")
	buffer = io.BytesIO()
	book.save(buffer)
	return buffer.getvalue()


class TestStudentImport(XuejiTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user(email("reg_a1"))

	def test_good_and_bad_rows(self):
		good = [row(), row(出生年月="20190315", 性别="1"), row(birth="2019-02-28", 出生年月="2019-02-28")]
		bad_id = row()
		bad_id[HEADERS.index("身份证")] = bad_id[HEADERS.index("身份证")][:17] + ("0" if bad_id[HEADERS.index("身份证")][-1] != "0" else "1")
		bad_code = row(民族="火星族")
		twin = list(good[0])  # the same ID again in the file
		rows = [good[0], bad_id, good[1], bad_code, twin, good[2]]
		result = student_import.check_file(workbook(rows))
		self.assertEqual(result.total, 6)
		self.assertEqual([r["row"] for r in result.valid], [2, 4, 7])
		report = {(e["row"], e["column"]) for e in result.errors}
		self.assertEqual(report, {(3, "J 身份证"), (5, "G 民族"), (6, "J 身份证")})
		messages = {e["row"]: e["message"] for e in result.errors}
		self.assertIn("校验码", messages[3])
		self.assertIn("火星族", messages[5])
		self.assertIn("第2行", messages[6])

		before = frappe.db.count("Student")
		names = student_import.create_students(result)
		self.assertEqual(frappe.db.count("Student"), before + 3)
		created = frappe.get_all("Student", filters={"name": ["in", names]}, fields=["student_name", "registration_state", "school", "grade", "status_label"])
		self.assertEqual({c.registration_state for c in created}, {"Draft"})
		self.assertEqual({c.school for c in created}, {school("A1")})
		self.assertEqual(len(frappe.get_doc("Student", names[0]).guardians), 1)
		# the imported record is a normal record: it can go through registration
		from xueji_app.services.cases.workflow import act

		act("Student", names[0], "Submit for Approval")

		again = student_import.check_file(workbook(rows))  # the same file again: nothing new
		self.assertEqual(again.valid, [])
		self.assertTrue(all("已在" in e["message"] or e["row"] in (3, 5, 6) for e in again.errors))

	def test_codes_by_code_or_label_and_dates_as_numbers(self):
		r = row(性别="2", 民族="01", 入学方式="11", 出生年月=20190315, 入学年月=202609)
		r[HEADERS.index("身份证")] = factory.resident_id("20190315", male=False)
		result = student_import.check_file(workbook([r]))
		self.assertEqual(result.errors, [])
		self.assertEqual(result.valid[0]["gender"], "2")
		self.assertEqual(str(result.valid[0]["enrollment_date"]), "2026-09-01")

	def test_required_and_date_errors_name_the_column(self):
		result = student_import.check_file(workbook([row(现住址="", 出生年月="2019年13月1日")]))
		columns = {e["column"] for e in result.errors}
		self.assertIn("U 现住址", columns)
		self.assertIn("D 出生年月", columns)
		self.assertEqual(result.valid, [])

	def test_other_school_refused(self):
		result = student_import.check_file(workbook([row(学校标识码=school("C1"))]))
		self.assertEqual(result.valid, [])
		self.assertIn("A 学校标识码", result.errors[0]["column"])

	def test_bad_files(self):
		cases = {
			"not xlsx": b"name,id\n1,2\n",
			"extra sheet": workbook([row()], extra_sheet=True),
			"merged": workbook([row(), row()], merge="A2:A3"),
			"renamed header": workbook([row()], headers=["学校代码", *HEADERS[1:]]),
			"empty": workbook([]),
		}
		expected = {"not xlsx": "xlsx", "extra sheet": "说明", "merged": "A2:A3", "renamed header": "学校标识码", "empty": "没有"}
		for case, content in cases.items():
			result = student_import.check_file(content)
			self.assertEqual(result.valid, [], case)
			self.assertEqual(len(result.errors), 1, case)
			self.assertEqual(result.errors[0]["row"], 0, case)
			self.assertIn(expected[case], result.errors[0]["message"], case)

	def test_crafted_workbooks_are_refused_before_parsing(self):
		"""An inflated sheet once held a web thread for 25 minutes: each of these is refused from the zip directory or
		the sheet's declared range, before openpyxl parses anything."""
		import zipfile

		def rewrite(content: bytes, part: str, replace) -> bytes:
			source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
			with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
				for info in source.infolist():
					data = source.read(info.filename)
					target.writestr(info.filename, replace(data) if info.filename == part else data)
			return out.getvalue()

		good = workbook([row()])
		sheet = "xl/worksheets/sheet1.xml"
		cases = {
			# 60 MB of one repeated cell compresses to about 60 KB
			"bomb": (rewrite(good, sheet, lambda d: d.replace(b"</sheetData>", b"<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>"
										 + b"0" * (60 << 20) + b"</t></is></c></row></sheetData>")), "压缩比"),
			"whole sheet declared": (rewrite(good, sheet, lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d)), "16384列"),
			"a million rows declared": (rewrite(good, sheet, lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:BX1048576"', d)), "1048575"),
			"too big": (b"PK" + b"x" * (21 << 20), "20 MB"),
		}
		for case, (content, expected) in cases.items():
			with patch("openpyxl.load_workbook", side_effect=AssertionError("parsed")):
				result = student_import.check_file(content)
			self.assertEqual(result.valid, [], case)
			self.assertEqual([e["row"] for e in result.errors], [0], case)
			self.assertIn(expected, result.errors[0]["message"], case)

	def test_formula_and_empty_rows(self):
		book = Workbook()
		sheet = book.active
		sheet.append(HEADERS)
		sheet.append(row())
		sheet.append([])
		formula = row()
		formula[HEADERS.index("联系电话")] = "=1+1"
		sheet.append(formula)
		buffer = io.BytesIO()
		book.save(buffer)
		result = student_import.check_file(buffer.getvalue())
		self.assertEqual([r["row"] for r in result.valid], [2])
		by_row = {e["row"]: e for e in result.errors}
		self.assertEqual(set(by_row), {3, 4})
		self.assertIn("空行", by_row[3]["message"])
		self.assertEqual(by_row[4]["column"], "X 联系电话")
		self.assertIn("公式", by_row[4]["message"])

	def test_rows_and_cells_without_references_are_read_in_order(self):
		"""Some writers leave <row> and <c> unnumbered: rows then follow one another and cells their columns."""
		import zipfile

		content = workbook([row(), row()])
		source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
		with zipfile.ZipFile(out, "w") as target:
			for item in source.infolist():
				data = source.read(item.filename)
				if item.filename.startswith("xl/worksheets/"):
					data = re.sub(rb' r="[A-Z]*\d+"', b"", data)
				target.writestr(item, data)
		result = student_import.check_file(out.getvalue())
		self.assertEqual((result.total, len(result.valid), result.errors), (2, 2, []))

	def test_import_document_flow(self):
		content = workbook([row(), row(民族="火星族")])
		file_doc = frappe.get_doc({"doctype": "File", "file_name": "students.xlsx", "content": content, "is_private": 1}).insert()
		doc = frappe.get_doc({"doctype": "Student Import", "import_file": file_doc.file_url}).insert()
		self.assertEqual(doc.school, school("A1"))
		summary = doc.check()
		self.assertEqual((summary["total"], summary["valid"], summary["errors"], summary["created"]), (2, 1, 1, 0))
		summary = doc.import_valid_rows()
		self.assertEqual(summary["created"], 1)
		self.assertEqual(doc.status, "Imported")
		frappe.set_user(email("reg_c1"))
		self.assertNotIn(doc.name, frappe.get_list("Student Import", pluck="name"))


class TestImportAsABackgroundJob(XuejiTestCase):
	"""The check and the import run on the long queue, by a real RQ worker (`frappe worker --burst`, another
	process): the request returns at once with 检查中, the job records the result. Commits, and cleans up."""

	def wait_for(self, name: str, states: tuple[str, ...]) -> str:
		import time

		for _ in range(120):
			frappe.db.rollback()
			status = frappe.db.get_value("Student Import", name, "status")
			if status in states:
				return status
			time.sleep(0.5)
		return status

	def test_check_then_import_on_the_queue(self):
		frappe.set_user(email("reg_a1"))
		content = workbook([row(), row(民族="火星族")])
		file_doc = frappe.get_doc({"doctype": "File", "file_name": "queued.xlsx", "content": content, "is_private": 1}).insert()
		doc = frappe.get_doc({"doctype": "Student Import", "import_file": file_doc.file_url}).insert()
		frappe.db.commit()
		created: list[str] = []
		try:
			frappe.flags.in_test = False  # as a request would: onto the queue
			try:
				summary = doc.check()
			finally:
				frappe.flags.in_test = True
			self.assertEqual(summary["status"], "Checking")
			frappe.db.commit()  # the job is queued when the request commits
			run_worker()
			self.assertEqual(self.wait_for(doc.name, ("Checked", "Failed")), "Checked")
			doc.reload()
			self.assertEqual((doc.total_rows, doc.valid_rows, doc.error_rows), (2, 1, 1))
			frappe.flags.in_test = False
			try:
				doc.import_valid_rows()
			finally:
				frappe.flags.in_test = True
			frappe.db.commit()
			run_worker()
			self.assertEqual(self.wait_for(doc.name, ("Imported", "Failed")), "Imported")
			doc.reload()
			self.assertEqual(doc.created_rows, 1)
			created = frappe.get_all("Student", filters={"owner": email("reg_a1"), "creation": [">=", doc.creation]}, pluck="name")
			self.assertEqual(len(created), 1)
		finally:
			frappe.set_user("Administrator")
			for name in created:
				frappe.delete_doc("Student", name, force=True, ignore_permissions=True)
			frappe.delete_doc("Student Import", doc.name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_a_failing_job_is_recorded_and_creates_nothing(self):
		frappe.set_user(email("reg_a1"))
		file_doc = frappe.get_doc({"doctype": "File", "file_name": "broken.xlsx", "content": workbook([row()]), "is_private": 1}).insert()
		doc = frappe.get_doc({"doctype": "Student Import", "import_file": file_doc.file_url}).insert()
		before = frappe.db.count("Student")
		with patch("xueji_app.services.roll.student_import.create_students", side_effect=RuntimeError("disk full")):
			doc.import_valid_rows()
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIn("RuntimeError", doc.failure)
		self.assertIn("后台任务中止", doc.failure)
		self.assertEqual(frappe.db.count("Student"), before)


class TestTemplate(XuejiTestCase):
	"""The template a clerk fills (#16): guidance per column, drop-downs, and a filled copy that imports as it is."""

	def setUp(self):
		super().setUp()
		frappe.set_user(email("reg_a1"))

	def test_filled_template_checks_clean_and_guides_every_column(self):
		from openpyxl import load_workbook

		book = load_workbook(io.BytesIO(student_import.template_workbook()))
		self.assertEqual(book.sheetnames, ["学生信息", "填写说明", "代码表"])
		sheet = book["学生信息"]
		headers = [c.value for c in sheet[1]]
		self.assertEqual(headers, HEADERS)
		self.assertTrue(all(c.comment and c.comment.text for c in sheet[1]), "every header says what goes in it")
		guide = {r[1]: r[2] for r in book["填写说明"].iter_rows(min_row=2, values_only=True)}
		self.assertIn("可填写：非留守儿童、单亲留守儿童、双亲留守儿童", guide["是否留守儿童"])
		self.assertTrue(guide["姓名"].startswith("必填"))
		self.assertIn("0 至 1000", guide["上下学距离"])
		coded = {str(v.sqref).split(":")[0].rstrip("0123456789") for v in sheet.data_validations.dataValidation}
		self.assertIn("C", coded)  # 性别 has a drop-down
		for value, col in zip(row(是否留守儿童="否", 残疾人类型="无"), range(1, len(HEADERS) + 1), strict=True):
			sheet.cell(row=2, column=col, value=value)
		buffer = io.BytesIO()
		book.save(buffer)
		result = student_import.check_file(buffer.getvalue())
		self.assertEqual(result.errors, [])
		self.assertEqual(len(result.valid), 1)
		self.assertEqual((result.valid[0]["left_behind"], result.valid[0]["disability_type"]), ("0", "0"))  # 否 → 非留守儿童, 无 → 无残疾

	def test_unknown_code_lists_what_is_accepted(self):
		result = student_import.check_file(workbook([row(是否留守儿童="不是")]))
		self.assertEqual(len(result.errors), 1)
		self.assertIn("可填写：非留守儿童、单亲留守儿童、双亲留守儿童", result.errors[0]["message"])
