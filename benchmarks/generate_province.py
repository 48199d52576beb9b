"""The synthetic province at scale: N registered students (valid IDs, realistic names, every grade of every
school's stages, 民族/留守/随迁 mixes) loaded in bulk with LOAD DATA, plus one guardian each.

Run on a site that has the demo province (scripts/setup.sh builds it; any site after
``frappe --site S execute xueji_app.demo.province.build``):

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/generate_province.py --site S --students 1000000

Rows go straight into the tables (this is test data, generated valid by construction: the identity rules
are the same functions the app uses). Prints the time taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time

import frappe

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
GIVEN = "子涵梓萱浩然一诺欣怡宇轩佳怡思远雨桐俊杰晨曦梦琪博文诗涵天佑嘉怡明轩可馨泽宇语嫣皓轩若汐伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
ETHNIC = ["01"] * 40 + ["11", "11", "03", "10", "08"]  # 汉 mostly; 满, 回, 朝鲜, 锡伯
STAGE_GRADES = {"Primary": range(11, 17), "Junior": range(21, 24), "Senior": range(31, 34)}
PREFIX = "XB-"


def school_plan():
	fields = ["name", "region", "authority_region", "teaches_primary", "teaches_junior", "teaches_senior"]
	schools = frappe.get_all("School", filters={"status": "Active"}, fields=fields)
	plan = []
	for s in schools:
		grades = []
		for stage, field in (("Primary", "teaches_primary"), ("Junior", "teaches_junior"), ("Senior", "teaches_senior")):
			if s.get(field):
				grades += [(stage, str(g)) for g in STAGE_GRADES[stage]]
		plan += [(s, stage, grade) for stage, grade in grades]
	return plan


def generate(students: int, seed: int = 2026) -> tuple[str, str, int]:
	from xueji_app.rules.identity import check_character, person_key

	rng = random.Random(seed)
	plan = school_plan()
	start = (frappe.db.sql("select count(*) from `tabStudent` where name like %s", PREFIX + "%")[0][0]) + 1
	now = frappe.utils.now()
	student_path = tempfile.mktemp(suffix=".tsv")
	guardian_path = tempfile.mktemp(suffix=".tsv")
	used = set(frappe.db.sql_list("select identity_key from `tabStudent` where identity_key is not null"))
	with open(student_path, "w", encoding="utf-8") as st, open(guardian_path, "w", encoding="utf-8") as gu:
		n = 0
		while n < students:
			school, stage, grade = plan[n % len(plan)]
			years_in = int(grade[1])
			entry_year = 2026 - years_in + 1
			age_at_entry = {"Primary": 6, "Junior": 12, "Senior": 15}[stage]
			birth_year = entry_year - age_at_entry
			birth = f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
			male = rng.random() < 0.52
			seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
			body = f"{school.region}{birth}{seq:03d}"
			number = body + check_character(body)
			key = f"1:{number}"
			if key in used:
				continue
			used.add(key)
			n += 1
			name = f"{PREFIX}{start + n:09d}"
			student_name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
			dob = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
			gender = "1" if male else "2"
			row = [
				name, now, now, "Administrator", "Administrator", student_name, gender, dob, school.region, "辽宁",
				rng.choice(ETHNIC), "CHN", "1", number, "00", "10", school.region, rng.choice("122"), school.name, grade,
				stage, f"{entry_year}-09-01", "11", "1", school.region, school.authority_region, "辽宁省某路1号",
				"辽宁省某路1号", "辽宁省某路1号", "13800000000", rng.choice("0000000001" if stage != "Senior" else "0"),
				int(rng.random() < 0.12), "G" + number, "Approved", "Enrolled", 1, 1, 0, f"{entry_year}-09-30",
				f"{entry_year}-09-20", key, person_key(student_name, gender, dt.date.fromisoformat(dob)), 1,
			]
			st.write("\t".join(str(v) for v in row) + "\n")
			gu.write("\t".join([f"G{name}", now, now, "Administrator", "Administrator", name, "Student", "guardians", "1",
								rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), "51", "1", "13900000000"]) + "\n")
	return student_path, guardian_path, n


STUDENT_COLUMNS = (
	"name, creation, modified, owner, modified_by, student_name, gender, date_of_birth, birthplace_code, native_place, "
	"ethnicity, nationality, id_type, id_number, overseas_status, health_status, household_region_code, household_type, "
	"school, grade, stage, enrollment_date, enrollment_mode, attendance_mode, region, authority_region, current_address, "
	"mailing_address, home_address, phone, left_behind, is_migrant_child, student_number, registration_state, "
	"status_label, on_roll, in_school, has_open_case, registration_due_date, registered_on, identity_key, person_key, "
	"had_preschool"
)
GUARDIAN_COLUMNS = "name, creation, modified, owner, modified_by, parent, parenttype, parentfield, idx, guardian_name, relationship, is_guardian, phone"


def load(path: str, table: str, columns: str) -> None:
	import pymysql

	conf = frappe.conf
	connection = pymysql.connect(
		host=conf.db_host or "127.0.0.1", port=int(conf.db_port or 3306), user=conf.db_name, password=conf.db_password,
		database=conf.db_name, local_infile=True, charset="utf8mb4",
	)
	try:
		with connection.cursor() as cursor:
			cursor.execute(
				f"load data local infile %s into table `{table}` character set utf8mb4 "
				f"fields terminated by '\\t' lines terminated by '\\n' ({columns})",
				(path,),
			)
		connection.commit()
	finally:
		connection.close()


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--students", type=int, default=1_000_000)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	started = time.perf_counter()
	student_path, guardian_path, count = generate(args.students)
	generated = time.perf_counter()
	load(student_path, "tabStudent", STUDENT_COLUMNS)
	load(guardian_path, "tabStudent Guardian", GUARDIAN_COLUMNS)
	frappe.db.sql("analyze table `tabStudent`, `tabStudent Guardian`")
	loaded = time.perf_counter()
	os.unlink(student_path)
	os.unlink(guardian_path)
	total = frappe.db.count("Student")
	print(f"generated {count} students in {generated - started:.1f} s, loaded in {loaded - generated:.1f} s; "
		  f"the site now has {total} students")
	frappe.destroy()


if __name__ == "__main__":
	main()
