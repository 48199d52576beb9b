"""Benchmark: import N students with full validation and 查重, beside Frappe's Data Import on the same rows.

Prints seconds and rows/s for each. Everything it creates is removed afterwards (the Frappe Data Import
commits per row, so its records are deleted; ours is rolled back).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import random
import sys
import tempfile
import time

import frappe

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def generate_rows(n: int, school_code: str, seed: int = 7) -> list[dict]:
	from xueji_app.rules.identity import check_character

	rng = random.Random(seed)
	surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "子涵梓萱浩然一诺欣怡宇轩佳怡思远雨桐俊杰"
	rows, used = [], set()
	while len(rows) < n:
		birth = f"2019{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
		male = rng.random() < 0.5
		seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
		body = f"98{rng.randint(0, 9999):04d}{birth}{seq:03d}"
		number = body + check_character(body)
		if number in used:
			continue
		used.add(number)
		rows.append({
			"school_code": school_code, "student_name": rng.choice(surnames) + "".join(rng.sample(given, 2)),
			"gender": "1" if male else "2", "birth": birth, "id_number": number,
		})
	return rows


def our_workbook(rows: list[dict], region: str = "990101") -> bytes:
	from openpyxl import Workbook

	from xueji_app.rules.import_sheet import template_headers

	headers = template_headers()
	book = Workbook(write_only=True)
	sheet = book.create_sheet("学生信息")
	sheet.append(headers)
	for r in rows:
		values = {
			"学校标识码": r["school_code"], "姓名": r["student_name"], "性别": r["gender"], "出生年月": r["birth"],
			"出生地行政区划代码": region, "籍贯": "测试省", "民族": "汉族", "国籍/地区": "CHN", "身份证类型": "1",
			"身份证": r["id_number"], "港澳台侨外": "00", "健康状况": "10", "户口性质": "2", "户口所在地行政区划": region,
			"入学年月": "202609", "入学方式": "11", "就读方式": "1", "现住址": "幸福路1号", "通信地址": "幸福路1号",
			"家庭地址": "幸福路1号", "联系电话": "13800000000", "是否独生子女": "是", "是否留守儿童": "0",
			"成员1姓名": "家长", "成员1关系": "51", "成员1是否监护人": "是", "年级": "11",
		}
		sheet.append([values.get(h, "") for h in headers])
	buffer = io.BytesIO()
	book.save(buffer)
	return buffer.getvalue()


def frappe_csv(rows: list[dict], school: str) -> str:
	headers = ["student_name", "gender", "date_of_birth", "birthplace_code", "native_place", "ethnicity", "nationality",
			   "id_type", "id_number", "overseas_status", "health_status", "household_region_code", "household_type",
			   "school", "grade", "enrollment_date", "enrollment_mode", "attendance_mode", "current_address",
			   "mailing_address", "home_address", "phone", "guardians.guardian_name", "guardians.relationship",
			   "guardians.is_guardian"]
	out = io.StringIO()
	writer = csv.writer(out)
	writer.writerow(headers)
	for r in rows:
		b = r["birth"]
		writer.writerow([r["student_name"], r["gender"], f"{b[:4]}-{b[4:6]}-{b[6:]}", "990101", "测试省", "01", "CHN", "1",
						 r["id_number"], "00", "10", "990101", "2", school, "11", "2026-09-01", "11", "1", "幸福路1号",
						 "幸福路1号", "幸福路1号", "13800000000", "家长", "51", 1])
	return out.getvalue()


def bench_ours(rows: list[dict]) -> tuple[float, float, int]:
	from xueji_app.services.roll import student_import

	content = our_workbook(rows)
	start = time.perf_counter()
	result = student_import.check_file(content)
	checked = time.perf_counter()
	created = student_import.create_students(result)
	done = time.perf_counter()
	frappe.db.rollback()
	assert len(created) == len(rows), (len(created), result.errors[:3])
	return checked - start, done - start, len(created)


def bench_frappe(rows: list[dict], school: str) -> tuple[float, int]:
	from frappe.core.doctype.data_import.importer import Importer

	with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
		f.write(frappe_csv(rows, school))
		path = f.name
	data_import = frappe.get_doc({"doctype": "Data Import", "reference_doctype": "Student", "import_type": "Insert New Records"})
	data_import.insert()
	frappe.db.commit()
	start = time.perf_counter()
	with contextlib.redirect_stdout(io.StringIO()):  # its console progress bar
		Importer("Student", data_import=data_import, file_path=path, console=True).import_data()
	elapsed = time.perf_counter() - start
	ids = [r["id_number"] for r in rows]
	names = frappe.get_all("Student", filters={"id_number": ["in", ids]}, pluck="name")
	for name in names:
		frappe.delete_doc("Student", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Data Import", data_import.name, force=True)
	frappe.db.commit()
	os.unlink(path)
	return elapsed, len(names)


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="xueji-test.localhost")
	parser.add_argument("--rows", type=int, default=10000)
	parser.add_argument("--frappe-rows", type=int, default=300)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	from xueji_app.tests import factory

	factory.build_test_province()
	school = factory.school("A1")
	rows = generate_rows(args.rows, school)
	check_s, total_s, created = bench_ours(rows)
	print(f"xueji import: {created} rows checked in {check_s:.2f} s, checked + created in {total_s:.2f} s "
		  f"= {created / total_s:.0f} rows/s")
	subset = generate_rows(args.frappe_rows, school, seed=11)
	frappe_s, frappe_created = bench_frappe(subset, school)
	frappe_rate = frappe_created / frappe_s if frappe_s else 0
	print(f"frappe data import: {frappe_created} rows in {frappe_s:.2f} s = {frappe_rate:.1f} rows/s")
	if frappe_rate:
		print(f"speed-up: {created / total_s / frappe_rate:.0f}x")
	frappe.destroy()


if __name__ == "__main__":
	main()
