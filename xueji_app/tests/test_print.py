"""Forms and registers rendered to PDF with WeasyPrint: the text (pdftotext), page counts, refusals, log."""

from __future__ import annotations

import html
import io
import re
import subprocess
from unittest.mock import patch

import frappe
from openpyxl import load_workbook

from xueji_app.rules.school_year import CertificateNotEarned
from xueji_app.services.cases.workflow import act
from xueji_app.services.outputs import registers
from xueji_app.services.outputs.pdf import document_pdf, render_pdf
from xueji_app.tests import factory
from xueji_app.tests.factory import email, school, student_data
from xueji_app.tests.test_roll_change import registered
from xueji_app.tests.test_transfer import transfer
from xueji_app.tests.utils import XuejiTestCase


def text(pdf: bytes) -> str:
	return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def flat(pdf: bytes) -> str:
	"""The PDF's text with every blank removed (table cells wrap words over lines)."""
	raw = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
	return "".join(raw.split())


def words(pdf: bytes) -> list[tuple[float, float, float, str]]:
	"""Every word of the PDF with its box: (left, top, right, text), in points."""
	out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
	found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
	return [(float(x0), float(y0), float(x1), html.unescape(t)) for x0, y0, x1, t in found]


def pages(pdf: bytes) -> list[str]:
	return text(pdf).split("\f")


class TestForms(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def test_record_card(self):
		student = registered()
		pdf, filename = document_pdf("Student", student.name)
		content = text(pdf)
		for expected in ("学生基本信息表", student.student_name, student.student_number, "测试家长", "建立学籍", "甲市一区教育局", "学校（盖章）"):
			self.assertIn(expected, content)
		self.assertRegex(content, r"第\s*1\s*页\s*共\s*1\s*页")
		# as on the paper form: places and codes by their words (出生地 测试省甲市甲市一区, 男, 汉族), no code prefixes
		flat = re.sub(r"\s+", "", content)
		self.assertIn("测试省甲市甲市一区", flat)
		for prefixed in ("1男", "01汉族", "CHN中国", "51父亲"):
			self.assertNotIn(prefixed, flat)
		self.assertIn("汉族", flat)
		self.assertTrue(filename.endswith(".pdf"))
		self.assertTrue(frappe.db.exists("Print Log", {"reference_name": student.name, "user": email("reg_a1")}))

	def test_refused_without_read_permission(self):
		student = registered()
		frappe.set_user(email("reg_c1"))
		with self.assertRaises(frappe.PermissionError):
			document_pdf("Student", student.name)
		self.assertFalse(frappe.db.exists("Print Log", {"reference_name": student.name, "user": email("reg_c1")}))

	def test_rare_characters_long_text_no_photo(self):
		frappe.set_user(email("reg_a1"))
		long_address = "测试省甲市一区" + "幸福大街" * 30 + "1号"  # 129 characters, near the field's 140
		doc = frappe.get_doc(student_data("A1", student_name="吉𠮷䶮", current_address=long_address)).insert()
		content = flat(document_pdf("Student", doc.name)[0])
		self.assertIn("𠮷", content)
		self.assertIn("䶮", content)
		self.assertIn(long_address, content)

	def test_transfer_form_fills_opinions_from_the_steps(self):
		student = registered()
		case = transfer(student.name, "C1", "reg_c1")
		act("Student Transfer", case.name, "Submit for Approval")
		before = text(document_pdf("Student Transfer", case.name)[0])
		self.assertIn("学生转学联系表", before)
		self.assertIn("转入学校主管教育行政部门（盖章）", before.replace(" ", ""))
		frappe.set_user(email("head_c1"))
		act("Student Transfer", case.name, "Approve", "同意接收")
		frappe.set_user(email("county_3"))
		act("Student Transfer", case.name, "Approve")
		after = text(document_pdf("Student Transfer", case.name)[0]).replace(" ", "")
		self.assertIn("同意：同意接收", after)
		self.assertIn("乙市一区教育局经办人：county_3", after)
		self.assertIn("转出学校主管教育行政部门（盖章）", after)  # not yet decided: blank

	def test_suspension_form(self):
		student = registered()
		frappe.set_user(email("reg_a1"))
		case = frappe.get_doc({"doctype": "Roll Change", "student": student.name, "change_type": "Suspension", "reason": "Illness",
							   "reason_detail": "住院治疗", "evidence": [{"evidence_type": "县级及以上医院证明", "file": factory.upload("h.jpg")}]}).insert()
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Approve", "情况属实")
		content = text(document_pdf("Roll Change", case.name, "Suspension Resumption Form")[0]).replace(" ", "")
		for expected in ("学生休学复学申请表", "住院治疗", "家长签字", "班主任签字", "同意：情况属实", student.id_number, "复学意见"):
			self.assertIn(expected, content)


class TestRegisters(XuejiTestCase):
	def setUp(self):
		super().setUp()
		from xueji_app.tests.utils import ensure_year

		frappe.set_user("Administrator")
		ensure_year()

	def test_enrollment_roster_pdf_and_xlsx(self):
		names = [registered(grade="11", student_name=n, enrollment_date="2026-09-01").name for n in ("名册甲", "名册乙", "名册丙")]
		columns, rows = registers.rows_for(registers.ENROLLMENT, school("A1"), "2026-2027")
		mine = [r for r in rows if r["student_name"] in {frappe.db.get_value("Student", n, "student_name") for n in names}]
		self.assertEqual(len(mine), 3)
		pdf, count = render_pdf(registers.render_register(registers.ENROLLMENT, school("A1"), "2026-2027", columns, rows))
		content = flat(pdf)
		self.assertIn("新生花名册", content)
		for row in mine:
			self.assertIn(row["student_name"], content)
		book = load_workbook(io.BytesIO(registers.xlsx(registers.ENROLLMENT, columns, rows)))
		self.assertEqual(book.active.cell(1, 2).value, "学籍号")
		self.assertEqual(book.active.max_row, len(rows) + 1)

	def test_multi_page_roster_repeats_the_header(self):
		rows = [{"no": i, "student_number": f"G{i:018d}", "student_name": f"学生{i}", "gender": "男", "date_of_birth": "2019年3月15日",
				 "ethnicity": "汉族", "grade_class": "一年级（1）班", "enrollment_date": "2026年9月1日", "home_address": "幸福路1号",
				 "guardian": "家长"} for i in range(1, 121)]
		pdf, count = render_pdf(registers.render_register(registers.ENROLLMENT, school("A1"), "2026-2027", registers.STUDENT_COLUMNS, rows))
		self.assertGreaterEqual(count, 3)
		split = pages(pdf)
		self.assertIn("学籍号", split[1])  # the header row again on page 2
		self.assertRegex(split[1], rf"第\s*2\s*页\s*共\s*{count}\s*页")
		self.assertIn("学生120", flat(pdf))

	def test_register_columns_align_and_long_text_wraps_inside_its_column(self):
		"""Rows are padded text lines (rules.text_layout), or table cells without the print font: whatever stands before
		a column, it starts at the same x, and a long text wraps inside its column."""
		rows = [
			{"no": 1, "student_number": "G110101201001011234", "student_name": "吉𠮷", "gender": "男", "date_of_birth": "2010年1月1日",
			 "ethnicity": "柯尔克孜族", "grade_class": "七年级（12）班", "enrollment_date": "2022年9月1日",
			 "home_address": "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市幸福路某小区12号楼3单元502室", "guardian": "阿卜杜热合曼·买买提艾力"},
			{"no": 22, "student_number": None, "student_name": "Wolfeschlegelsteinhausenbergerdorff", "gender": "女",
			 "date_of_birth": None, "ethnicity": "汉族", "grade_class": None, "enrollment_date": "2022年10月11日",
			 "home_address": "<b>不是标签</b> & 第二行", "guardian": "王"},
			{"no": 333, "student_number": "G110101201012315678", "student_name": "王小明", "gender": "男", "date_of_birth": "2010年12月31日",
			 "ethnicity": "回族", "grade_class": "一", "enrollment_date": None, "home_address": "北京", "guardian": "王大明"},
		]
		self.check_register_layout(rows, ("吉𠮷", "12号楼3单元502室", "<b>不是标签</b> & 第二行", "Wolfeschle", "usenberger", "333", "曼·买买提艾"))
		with patch("xueji_app.services.outputs.registers.print_metrics", return_value=None):  # no print font: table cells
			self.check_register_layout(rows, ("吉𠮷", "<b>不是标签</b>", "333"))

	def check_register_layout(self, rows, pieces):
		pdf, count = render_pdf(registers.render_register(registers.ENROLLMENT, school("A1"), "2026-2027", registers.STUDENT_COLUMNS, rows))
		self.assertEqual(count, 1)
		found = words(pdf)

		def left(*texts):
			return [x0 for x0, _y, _x1, t in found if t in texts]

		for column in (("男", "女"), ("柯尔克孜族", "汉族", "回族"), ("阿卜杜热合", "王", "王大明")):
			xs = left(*column)
			self.assertEqual(len(xs), 3, (column, found))
			self.assertLess(max(xs) - min(xs), 0.3, column)
		guardian = min(left("王", "王大明"))
		address = [w for w in found if w[3].startswith(("新疆", "<b>", "北京")) or "单元" in w[3] or "自治州" in w[3]]
		self.assertGreaterEqual(len(address), 4)  # the long address runs over several lines
		self.assertTrue(all(x1 < guardian - 2 for _x0, _y, x1, _t in address), address)
		content = text(pdf)  # row by row, as the lines were set
		for piece in pieces:
			self.assertIn(piece, content)

	def test_empty_year_and_changes_register(self):
		student = registered()
		frappe.set_user(email("reg_a1"))
		case = frappe.get_doc({"doctype": "Roll Change", "student": student.name, "change_type": "Going Abroad", "reason_detail": "出国",
							   "evidence": [{"evidence_type": "护照或签证", "file": factory.upload("p.jpg")}]}).insert()
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Approve")
		frappe.set_user(email("county_1"))
		act("Roll Change", case.name, "Approve")
		columns, rows = registers.rows_for(registers.CHANGES, school("A1"), "2026-2027")
		self.assertTrue(any(r["event_type"] == "出国（出境）" and r["student_name"] == student.student_name for r in rows))
		pdf, _count = render_pdf(registers.render_register(registers.CHANGES, school("A1"), "2026-2027", columns, rows))
		self.assertIn("学生增加（或减少）情况登记表", text(pdf))
		empty = registers.render_register(registers.GRADUATES, school("B1"), "2026-2027", registers.STUDENT_COLUMNS, [])
		self.assertIn("本学年无记录", text(render_pdf(empty)[0]))

	def test_register_endpoint_refuses_another_school(self):
		frappe.set_user(email("reg_c1"))
		with self.assertRaises(frappe.PermissionError):
			registers.register(registers.ENROLLMENT, school("A1"), "2026-2027")
		frappe.set_user(email("reg_a1"))
		registers.register(registers.ENROLLMENT, school("A1"), "2026-2027")
		self.assertEqual(frappe.local.response.type, "pdf")
		self.assertTrue(frappe.db.exists("Print Log", {"reference_name": school("A1"), "print_format": "新生花名册"}))

	def test_a_register_as_data_is_an_export(self):
		"""As .xlsx a register is personal data leaving the system: only with 可导出数据, and in the Export Log."""
		frappe.set_user(email("reg_a1"))
		with self.assertRaises(frappe.PermissionError):
			registers.register(registers.ENROLLMENT, school("A1"), "2026-2027", "xlsx")
		frappe.set_user(email("exp_1"))
		before = frappe.db.count("Export Log", {"user": email("exp_1"), "export_type": "Register"})
		registers.register(registers.ENROLLMENT, school("A1"), "2026-2027", "xlsx")
		self.assertEqual(frappe.local.response.type, "binary")
		log = frappe.get_last_doc("Export Log", filters={"user": email("exp_1"), "export_type": "Register"})
		self.assertEqual(frappe.db.count("Export Log", {"user": email("exp_1"), "export_type": "Register"}), before + 1)
		self.assertEqual((log.report_name, log.file_format, log.reference_doctype), ("新生花名册", "xlsx", "Student"))
		self.assertIn(school("A1"), log.filters)


class TestMoreForms(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def case(self, change_type, **values):
		student = registered()
		frappe.set_user(email("reg_a1"))
		case = frappe.get_doc({"doctype": "Roll Change", "student": student.name, "change_type": change_type, **values}).insert()
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Approve", "同意")
		return student, case

	def test_withdrawal_and_abroad_forms(self):
		student, case = self.case("Withdrawal", reason_detail="家庭原因申请退学", guardian_applied=1)
		content = flat(document_pdf("Roll Change", case.name, "Withdrawal Application Form")[0])
		for expected in ("学生退学申请表", "家庭原因申请退学", "家长签字", "班主任签字", "同意：同意", student.student_number):
			self.assertIn(expected, content)
		frappe.set_user(email("reg_a1"))  # the school's registrar uploads the passport it files
		student, case = self.case("Going Abroad", reason_detail="随父母赴加拿大", evidence=[{"evidence_type": "护照或签证", "file": factory.upload("p.jpg")}])
		content = flat(document_pdf("Roll Change", case.name, "Going Abroad Application Form")[0])
		for expected in ("学生出国（出境）申请表", "随父母赴加拿大", "护照或签证", "出国（出境）复学"):
			self.assertIn(expected, content)

	def test_certificates(self):
		student = registered()
		for print_format in ("Certificate of Education", "Compulsory Education Certificate"):
			with self.assertRaises(CertificateNotEarned):  # a pupil still in school has earned neither
				document_pdf("Student", student.name, print_format)
		for print_format, title, status in (("Certificate of Education", "学历证明书", "Graduated"),
											("Compulsory Education Certificate", "义务教育修业证明", "Completed")):
			frappe.db.set_value("Student", student.name, "status_label", status)
			content = flat(document_pdf("Student", student.name, print_format)[0])
			for expected in (title, student.student_name, student.student_number, "甲市一区第一小学", "主管教育行政部门验印"):
				self.assertIn(expected, content)
