"""The synthetic province at scale: N registered students (valid IDs, realistic names, every grade of every
school's stages, 民族/留守/随迁 mixes) loaded in bulk with LOAD DATA, plus one guardian each.

Run on a site that has the demo province (scripts/setup.sh builds it; any site after
``frappe --site S execute xueji_app.demo.province.build``):

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/generate_province.py --site S --students 1000000

Rows go straight into the tables (this is test data, generated valid by construction: the identity rules
are the same functions the app uses), then the enrollment rollup is recounted. Prints the time taken.

``--per-grade P`` first adds the rest of Liaoning's cities, counties and schools so that each school grade holds
about P students (a real province: 300 a grade is a 1,800-pupil primary school); without it the students
fill the demo's 173 schools. Students and guardians are written to a file and loaded in chunks of 1,000,000
rows, so memory stays flat whatever N is.
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
#: the Liaoning cities the demo leaves out (the demo has 沈阳, 大连, 鞍山, 营口)
MORE_CITIES = {"210400": "抚顺市", "210500": "本溪市", "210600": "丹东市", "210700": "锦州市", "210900": "阜新市", "211000": "辽阳市",
			   "211100": "盘锦市", "211200": "铁岭市", "211300": "朝阳市", "211400": "葫芦岛市"}
COUNTY_NAMES = ["城区", "新城区", "东区", "西区", "南区", "北区", "开发区", "县", "东县", "西县"]
#: a county's schools: type, share, stages (primary, junior, senior)
SCHOOL_MIX = [("Primary School", 0.55, (1, 0, 0)), ("Junior Middle School", 0.22, (0, 1, 0)),
			  ("Nine-Year School", 0.13, (1, 1, 0)), ("Senior High School", 0.10, (0, 0, 1))]
GRADES_OF = {"Primary School": 6, "Junior Middle School": 3, "Nine-Year School": 9, "Senior High School": 3}


def add_schools(students: int, per_grade: int) -> int:
	"""Cities, counties and schools enough for ``students`` at ``per_grade`` a school grade. Returns schools added."""
	from frappe.utils.nestedset import rebuild_tree

	from xueji_app.rules.schools import CATEGORY_PREFIX

	for city_code, city in MORE_CITIES.items():
		if not frappe.db.exists("Administrative Region", city_code):
			frappe.get_doc({"doctype": "Administrative Region", "region_code": city_code, "region_name": city, "level": "City",
							"parent_administrative_region": "210000", "bureau_name": f"{city}教育局"}).insert(ignore_permissions=True)
		for i, county in enumerate(COUNTY_NAMES[:8], start=2):
			code = f"{city_code[:4]}{i:02d}"
			if not frappe.db.exists("Administrative Region", code):
				frappe.get_doc({"doctype": "Administrative Region", "region_code": code, "region_name": f"{city[:-1]}{county}",
								"level": "County", "parent_administrative_region": city_code,
								"bureau_name": f"{city}{city[:-1]}{county}教育局"}).insert(ignore_permissions=True)
	rebuild_tree("Administrative Region")
	counties = frappe.get_all("Administrative Region", filters={"level": "County"}, fields=["name", "region_name", "parent_administrative_region as city"],
							  order_by="name")
	grades_per_school = sum(share * GRADES_OF[t] for t, share, _s in SCHOOL_MIX)
	wanted = int(students / per_grade / grades_per_school)
	existing = frappe.db.count("School")
	missing = max(0, wanted - existing)
	now = frappe.utils.now()
	rows, seq = [], 100_000
	for n in range(missing):
		county = counties[n % len(counties)]
		kind, _share, (primary, junior, senior) = pick(SCHOOL_MIX, n)
		seq += 1
		code = f"{CATEGORY_PREFIX[kind]}21{seq:06d}"
		label = {"Primary School": "小学", "Junior Middle School": "初级中学", "Nine-Year School": "九年一贯制学校",
				 "Senior High School": "高级中学"}[kind]
		authority = county.city if senior else county.name
		rows.append([code, now, now, "Administrator", "Administrator", 0, code, f"{county.region_name}第{n // len(counties) + 1}{label}",
					 kind, "Public School", county.name, authority, "Active", 3000 if senior else 1800, primary, junior, senior, "6-3"])
	frappe.db.bulk_insert("School", ["name", "creation", "modified", "owner", "modified_by", "docstatus", "school_code", "school_name",
									 "school_type", "ownership", "region", "authority_region", "status", "capacity", "teaches_primary",
									 "teaches_junior", "teaches_senior", "school_system"], rows, chunk_size=2000)
	frappe.db.commit()
	return missing


def pick(mix, n: int):
	"""The n-th school's kind, in the mix's shares (deterministic: the same province every run)."""
	point = (n * 0.618034) % 1.0
	for entry in mix:
		point -= entry[1]
		if point < 0:
			return entry
	return mix[-1]


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


def load(path: str, table: str, columns: str, chunk: int = 1_000_000) -> None:
	"""LOAD DATA in chunks of ``chunk`` lines (one transaction each), so the undo log of 10,000,000 rows is never held."""
	with open(path, encoding="utf-8") as source:
		while True:
			part = tempfile.mktemp(suffix=".tsv")
			with open(part, "w", encoding="utf-8") as out:
				lines = 0
				for line in source:
					out.write(line)
					lines += 1
					if lines == chunk:
						break
			if lines:
				load_file(part, table, columns)
			os.unlink(part)
			if lines < chunk:
				return


def load_file(path: str, table: str, columns: str) -> None:
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
	parser.add_argument("--per-grade", type=int, default=0, help="add schools until a school grade holds about this many")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	if args.per_grade:
		added = add_schools(args.students, args.per_grade)
		print(f"added {added} schools; the province has {frappe.db.count('School')} schools in "
			  f"{frappe.db.count('Administrative Region', {'level': 'County'})} counties")
	started = time.perf_counter()
	student_path, guardian_path, count = generate(args.students)
	generated = time.perf_counter()
	load(student_path, "tabStudent", STUDENT_COLUMNS)
	load(guardian_path, "tabStudent Guardian", GUARDIAN_COLUMNS)
	frappe.db.sql("analyze table `tabStudent`, `tabStudent Guardian`")
	loaded = time.perf_counter()
	os.unlink(student_path)
	os.unlink(guardian_path)
	from xueji_app.services.roll import rollup

	rollup.rebuild()
	counted = time.perf_counter()
	total = frappe.db.count("Student")
	size = frappe.db.sql("""select round(sum(data_length + index_length) / 1024 / 1024 / 1024, 1) from information_schema.tables
		where table_schema = %s""", frappe.conf.db_name)[0][0]
	print(f"generated {count} students in {generated - started:.1f} s, loaded in {loaded - generated:.1f} s, rollup recounted in "
		  f"{counted - loaded:.1f} s; the site now has {total} students, its database {size} GB")
	frappe.destroy()


if __name__ == "__main__":
	main()
