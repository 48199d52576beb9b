"""The bad-input corpus (#14): what a hostile or careless user sends, through every entry point a user has
(the form's REST save, the desk's ``savedocs``, ``frappe.client``, the app's endpoints, the phone page's,
report filters, uploads, the import). Each input must get a 4xx with a Chinese message naming the field, no
traceback, and nothing written: the record and the counts are compared before and after.

``CASES`` is the corpus; ``TestBadInputCorpus.test_corpus`` runs every entry and reports how many held.
"""

from __future__ import annotations

import io
import json
import time

import frappe

from xueji_app.rules import import_sheet
from xueji_app.services.roll import student_import
from xueji_app.tests import factory
from xueji_app.tests.factory import email
from xueji_app.tests.test_permission_matrix import fresh
from xueji_app.tests.test_security_regressions import RESTCase, stored
from xueji_app.tests.test_student_import import HEADERS, row, workbook
from xueji_app.tests.utils import XuejiTestCase, server_message

COUNTED = ("Student", "Student Guardian", "Roll Change", "Student Transfer", "Student Import", "File", "Case Step")
LONG = "长" * 70_000
TRANSFER = "/api/method/xueji_app.roll_change.doctype.student_transfer.student_transfer.find_student"
ACT = "/api/method/xueji_app.services.cases.workflow.act"
REPORT = "/api/method/frappe.desk.query_report.run"


def student_put(body: dict) -> tuple:
	return ("put", "/api/resource/Student/{student}", {"json": body})


def report(name: str, filters: dict) -> tuple:
	return ("get", REPORT, {"query_string": {"report_name": name, "filters": json.dumps(filters)}})


#: (what, user, (method, path, request), the field's label the message must name)
CASES: list[tuple[str, str, tuple, str]] = [
	# the student form, saved over REST
	("commute_distance NaN", "reg_a1", student_put({"commute_distance": "NaN"}), "上下学距离"),
	("commute_distance inf", "reg_a1", student_put({"commute_distance": "inf"}), "上下学距离"),
	("commute_distance -Infinity", "reg_a1", student_put({"commute_distance": "-Infinity"}), "上下学距离"),
	("commute_distance 1e308", "reg_a1", student_put({"commute_distance": 1e308}), "上下学距离"),
	("commute_distance negative", "reg_a1", student_put({"commute_distance": -3}), "上下学距离"),
	("commute_distance text", "reg_a1", student_put({"commute_distance": "abc"}), "上下学距离"),
	("a name as a list", "reg_a1", student_put({"student_name": ["甲", "乙"]}), "姓名"),
	("a name as an object", "reg_a1", student_put({"student_name": {"a": 1}}), "姓名"),
	("a link as a list", "reg_a1", student_put({"school_class": ["x"]}), "班级"),
	("a code as an object", "reg_a1", student_put({"ethnicity": {"code": "01"}}), "民族"),
	("the guardians as text", "reg_a1", student_put({"guardians": "abc"}), "家庭成员或监护人"),
	("the guardians as a list of text", "reg_a1", student_put({"guardians": ["abc"]}), "家庭成员或监护人"),
	("a guardian's name as a list", "reg_a1", student_put({"guardians": [{"guardian_name": ["x"], "relationship": "51"}]}), "成员姓名"),
	("an address longer than the column", "reg_a1", student_put({"home_address": LONG}), "家庭地址"),
	("a new student with NaN", "reg_a1", ("post", "/api/resource/Student", {"json": {**factory.student_data("A1"), "commute_distance": "nan"}}),
	 "上下学距离"),
	# the desk's own save and frappe.client
	("savedocs with NaN", "reg_a1", ("post", "/api/method/frappe.desk.form.save.savedocs", {"data": {
		"doc": "{student_doc_nan}", "action": "Save"}}), "上下学距离"),
	("client.set_value 1e308", "reg_a1", ("post", "/api/method/frappe.client.set_value", {"json": {
		"doctype": "Student", "name": "{student}", "fieldname": "commute_distance", "value": "1e308"}}), "上下学距离"),
	("a case with weeks NaN", "reg_a1", ("put", "/api/resource/Roll Change/{roll_change}", {"json": {"absence_weeks": "NaN"}}),
	 "连续旷课周数"),
	# the app's endpoints: a list or an object where one value is expected
	("a deferral ending on no date", "reg_a1", ("post", "/api/method/xueji_app.services.roll.deferral.apply_deferral", {"json": {
		"student": "{student}", "deferred_until": "下学期", "deferral_reason": "病", "deferral_application": ""}}), None),
	("find_student with a list", "reg_a3", ("post", TRANSFER, {"json": {"student_number": ["G1", "G2"]}}), "学籍号"),
	("find_student with an object", "reg_a3", ("post", TRANSFER, {"json": {"id_number": {"$ne": ""}}}), "身份证件号"),
	("act on a list of DocTypes", "reg_a1", ("post", ACT, {"json": {"doctype": ["Student"], "name": "{student}", "action": "x"}}),
	 "单据类型"),
	("act with a number as the comment", "reg_a1", ("post", ACT, {"json": {
		"doctype": "Roll Change", "name": "{roll_change}", "action": "Submit", "comment": 5}}), "意见"),
	("the phone page's decision as a list", "county_1", ("post", "/api/method/xueji_app.services.cases.approvals.decide", {"json": {
		"doctype": "Roll Change", "name": "{roll_change}", "decision": ["Approve"]}}), "办理结果"),
	("the phone page's case as an object", "county_1", ("get", "/api/method/xueji_app.services.cases.approvals.case_detail", {
		"query_string": {"doctype": "Roll Change", "name": json.dumps({"a": 1})}}), None),
	("a register of a list of schools", "reg_a1", ("post", "/api/method/xueji_app.services.outputs.registers.register", {"json": {
		"kind": "Enrollment Roster", "school": ["{school}"], "academic_year": "{year}"}}), "学校"),
	# report filters
	("stale_after_months abc", "county_1", report("Problem Records", {"stale_after_months": "abc"}), "超过多少个月未更新"),
	("stale_after_months 1e308", "county_1", report("Problem Records", {"stale_after_months": "1e308"}), "超过多少个月未更新"),
	("as_of abc", "county_1", report("Approval Monitoring", {"as_of": "abc"}), "截至日期"),
	("from_date 2026-13-45", "county_1", report("Roll Change Statistics", {"from_date": "2026-13-45"}), "开始日期"),
	("a region as a list", "county_1", report("Enrollment Statistics", {"region": ["990101", "990201"]}), "所辖区划"),
	("overdue_only x", "county_1", report("Approval Monitoring", {"overdue_only": "x"}), "仅显示逾期"),
	# uploads
	("a zero-byte upload", "reg_a1", ("post", "/api/method/upload_file", {"data": {
		"file": (io.BytesIO(b""), "students.xlsx"), "is_private": "1"}}), "文件名"),
]


class TestBadInputCorpus(RESTCase):
	def values(self) -> dict:
		student = self.records["Student"]["own"]
		doc = frappe.get_doc("Student", student).as_dict()
		doc.commute_distance = "NaN"
		return {"student": student, "roll_change": self.records["Roll Change"]["own"], "school": factory.school("A1"),
				"year": frappe.db.get_value("Academic Year", {}, "name", order_by="year_start_date desc"),
				"student_doc_nan": frappe.as_json(doc)}

	def counts(self) -> dict:
		fresh()
		return {d: frappe.db.count(d) for d in COUNTED}

	def test_region_names_of_broken_json_are_none(self):
		response = self.client("reg_a1").post("/api/method/xueji_app.services.roll.regions.region_labels",
											  json={"codes": "[2108"})
		self.assertEqual((response.status_code, response.json.get("message")), (200, {}))

	def test_corpus(self):
		values, held = self.values(), 0
		watched = [("Student", self.records["Student"]["own"]), ("Roll Change", self.records["Roll Change"]["own"])]
		for what, user, (method, path, request), label in CASES:
			with self.subTest(what):
				before = self.counts(), [stored(d, n) for d, n in watched]
				response = getattr(self.client(user), method)(fill(path, values), **fill(request, values))
				self.assertIn(response.status_code, range(400, 500), f"{what}: {response.status_code} {response.text[:300]}")
				self.assertNotIn("Traceback", response.text, what)
				message = server_message(response) or (response.json or {}).get("exception", "")
				if label:
					self.assertIn(label, message, f"{what}: the message must name the field: {message}")
				self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in message), f"{what}: not in Chinese: {message}")
				self.assertEqual((self.counts(), [stored(d, n) for d, n in watched]), before, f"{what}: something was written")
				held += 1
		print(f"\nbad-input corpus: {held} of {len(CASES)} inputs refused with a Chinese message, nothing written")


def fill(value, values: dict):
	"""The request with {student}, {roll_change}… replaced (in strings, lists and dicts)."""
	if isinstance(value, str):
		return value.format(**values) if "{" in value and "}" in value and not value.startswith("{\"") else value
	if isinstance(value, list):
		return [fill(v, values) for v in value]
	if isinstance(value, tuple):
		return tuple(fill(v, values) for v in value)
	if isinstance(value, dict):
		return {k: fill(v, values) for k, v in value.items()}
	return value


class TestImportCatchesWhatTheWriteRefuses(XuejiTestCase):
	"""Rows the check passes are rows the write accepts: nan, inf, out of range and overlong text are errors of
	the check, named by column, and creating the valid rows creates exactly those."""

	def setUp(self):
		super().setUp()
		frappe.set_user(email("reg_a1"))
		frappe.local.lang = "zh"

	def test_numbers_and_lengths(self):
		rows = [row(上下学距离="nan"), row(上下学距离="inf"), row(上下学距离="-inf"), row(上下学距离="1e308"),
				row(上下学距离="-5"), row(家庭地址="长" * 300), row(姓名="名" * 200), row(成员1姓名="家" * 200),
				row(联系电话="1" * 200), row(上下学距离="2.5"), row()]
		result = student_import.check_file(workbook(rows))
		by_row = {e["row"]: (e["column"], e["message"]) for e in result.errors}
		expected = {2: "上下学距离", 3: "上下学距离", 4: "上下学距离", 5: "上下学距离", 6: "上下学距离", 7: "家庭地址", 8: "姓名",
					9: "成员1姓名", 10: "联系电话"}
		self.assertEqual(set(by_row), set(expected))
		for number, label in expected.items():
			self.assertIn(label, by_row[number][0], number)
		self.assertEqual(len(result.valid), 2)
		before = frappe.db.count("Student")
		created = student_import.create_students(result)
		self.assertEqual(frappe.db.count("Student") - before, 2)
		self.assertEqual(sorted(frappe.db.get_value("Student", n, "commute_distance") or 0 for n in created), [0, 2.5])

	def test_error_report_is_capped_and_counts_every_row(self):
		garbage = [[f"垃圾{i}", "x", "?", "abc", "1e308", "nan"] + ["zzz"] * (len(HEADERS) - 6) for i in range(3000)]
		started = time.monotonic()
		result = student_import.check_file(workbook(garbage))
		seconds = time.monotonic() - started
		self.assertEqual(result.error_rows, 3000)
		self.assertEqual(result.valid, [])
		listed = [e for e in result.errors if e["row"]]
		self.assertLessEqual(len(listed), import_sheet.MAX_LISTED)
		per_column = {}
		for e in listed:
			per_column[e["column"]] = per_column.get(e["column"], 0) + 1
		self.assertLessEqual(max(per_column.values()), import_sheet.MAX_LISTED_PER_COLUMN)
		summaries = [e for e in result.errors if not e["row"]]
		self.assertTrue(summaries and all("未列出" in e["message"] for e in summaries))
		# every error is counted: listed + left out = all of them
		left_out = sum(int(e["message"].split("另有 ")[1].split(" ")[0]) for e in summaries)
		self.assertEqual(len(listed) + left_out, result.error_count)
		size = len(json.dumps(result.errors, ensure_ascii=False))
		print(f"\n3,000 garbage rows: {result.error_count} errors, {len(listed)} listed, report {size // 1024} KB, checked in {seconds:.1f} s")
		self.assertLess(size, 1_000_000)
