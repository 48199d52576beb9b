"""A realistic synthetic province for the demo site: Liaoning's real GB/T 2260 codes, 4 cities, 36 counties,
some 170 schools of every type and ownership, school years, classes and one demo login per tier.

Idempotent: run it again and it only adds what is missing.
    frappe --site S execute xueji_app.demo.province.build
"""

from __future__ import annotations

import frappe

from xueji_app.rules.schools import CATEGORY_PREFIX

PASSWORD = "Xueji@2026"
PROVINCE = ("210000", "辽宁省", "辽宁省教育厅")
CITIES = {
	"210100": ("沈阳市", {
		"210102": "和平区", "210103": "沈河区", "210104": "大东区", "210105": "皇姑区", "210106": "铁西区",
		"210111": "苏家屯区", "210112": "浑南区", "210113": "沈北新区", "210114": "于洪区", "210115": "辽中区",
		"210123": "康平县", "210124": "法库县", "210181": "新民市",
	}),
	"210200": ("大连市", {
		"210202": "中山区", "210203": "西岗区", "210204": "沙河口区", "210211": "甘井子区", "210212": "旅顺口区",
		"210213": "金州区", "210214": "普兰店区", "210224": "长海县", "210281": "瓦房店市", "210283": "庄河市",
	}),
	"210300": ("鞍山市", {
		"210302": "铁东区", "210303": "铁西区", "210304": "立山区", "210311": "千山区", "210321": "台安县",
		"210323": "岫岩满族自治县", "210381": "海城市",
	}),
	"210800": ("营口市", {
		"210802": "站前区", "210803": "西市区", "210804": "鲅鱼圈区", "210811": "老边区", "210881": "盖州市",
		"210882": "大石桥市",
	}),
}
#: county-run schools in every county: (name pattern, type, ownership)
COUNTY_SCHOOLS = [
	("{county}实验小学", "Primary School", "Public School"),
	("{county}第一小学", "Primary School", "Public School"),
	("{county}第一初级中学", "Junior Middle School", "Public School"),
	("{county}九年一贯制学校", "Nine-Year School", "Public School"),
]
#: city-run schools in each city: (name pattern, type, ownership, provincial model)
CITY_SCHOOLS = [
	("{city}第一高级中学", "Senior High School", "Public School", 1),
	("{city}第二高级中学", "Senior High School", "Public School", 0),
	("{city}实验中学", "Complete Middle School", "Public School", 1),
	("{city}特殊教育学校", "Special Education School", "Public School", 0),
	("{city}专门学校", "Reform School", "Public School", 0),
	("{city}育才外国语学校", "Nine-Year School", "Private School", 0),
	("{city}博文高级中学", "Senior High School", "Private School", 0),
]
#: province-run school: (name, type, county)
PROVINCE_SCHOOLS = [("辽宁省实验中学", "Senior High School", "210105")]

DEMO_SCHOOL_NAME = "营口市站前区实验小学"
#: login -> (name, tier, node: region code or school name)
DEMO_USERS = {
	"province@demo.xueji.cn": ("辽宁省教育厅学籍科", "Province Bureau", "210000"),
	"city.yingkou@demo.xueji.cn": ("营口市教育局学籍科", "City Bureau", "210800"),
	"county.zhanqian@demo.xueji.cn": ("站前区教育局学籍股", "County Bureau", "210802"),
	"county.xishi@demo.xueji.cn": ("西市区教育局学籍股", "County Bureau", "210803"),
	"head.zqsx@demo.xueji.cn": ("王校长", "School Head", DEMO_SCHOOL_NAME),
	"registrar.zqsx@demo.xueji.cn": ("李老师", "School Registrar", DEMO_SCHOOL_NAME),
	"registrar.xsyx@demo.xueji.cn": ("张老师", "School Registrar", "营口市西市区实验小学"),
}


def build() -> None:
	"""Build the demo province and its logins; commit."""
	frappe.set_user("Administrator")
	complete_setup()
	build_regions()
	build_schools()
	build_years()
	build_classes(school_by_name(DEMO_SCHOOL_NAME))
	build_classes(school_by_name("营口市西市区实验小学"), per_grade=2)
	build_users()
	from xueji_app.services.core.policy import ensure_standard_policies

	ensure_standard_policies()
	build_students(school_by_name(DEMO_SCHOOL_NAME), "registrar.zqsx@demo.xueji.cn", "county.zhanqian@demo.xueji.cn")
	build_students(school_by_name("营口市西市区实验小学"), "registrar.xsyx@demo.xueji.cn", "county.xishi@demo.xueji.cn")
	build_cases(school_by_name(DEMO_SCHOOL_NAME))
	build_year_end(school_by_name("营口市西市区实验小学"), "registrar.xsyx@demo.xueji.cn")
	frappe.set_user("Administrator")
	frappe.db.commit()
	print(
		f"demo province: {frappe.db.count('Administrative Region')} regions, {frappe.db.count('School')} schools, "
		f"{frappe.db.count('Student')} students"
	)


def complete_setup() -> None:
	"""The site's defaults (Chinese, Beijing time), which also mark it set up (no setup wizard)."""
	from xueji_app.services.platform.install import set_site_defaults

	set_site_defaults()


def ensure(doctype: str, name: str, values: dict) -> None:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)


def build_regions() -> None:
	code, name, bureau = PROVINCE
	ensure("Administrative Region", code, {"region_code": code, "region_name": name, "level": "Province", "bureau_name": bureau})
	for city_code, (city, counties) in CITIES.items():
		ensure("Administrative Region", city_code, {
			"region_code": city_code, "region_name": city, "level": "City",
			"parent_administrative_region": code, "bureau_name": f"{city}教育局",
		})
		for county_code, county in counties.items():
			ensure("Administrative Region", county_code, {
				"region_code": county_code, "region_name": county, "level": "County",
				"parent_administrative_region": city_code, "bureau_name": f"{city}{county}教育局",
			})


def planned_schools() -> list[dict]:
	"""Every demo school, in a fixed order so codes are stable across runs."""
	rows = []
	for city_code, (city, counties) in CITIES.items():
		for county_code, county in counties.items():
			for pattern, school_type, ownership in COUNTY_SCHOOLS:
				rows.append({"school_name": f"{city}{pattern.format(county=county)}", "school_type": school_type,
							 "ownership": ownership, "region": county_code, "authority_region": county_code})
		first_county = next(iter(counties))
		for i, (pattern, school_type, ownership, model) in enumerate(CITY_SCHOOLS):
			county_code = list(counties)[i % len(counties)] if ownership == "Public School" else first_county
			rows.append({"school_name": pattern.format(city=city), "school_type": school_type, "ownership": ownership,
						 "is_provincial_model": model, "region": county_code,
						 "authority_region": city_code if ownership == "Public School" else county_code})
	for name, school_type, county_code in PROVINCE_SCHOOLS:
		rows.append({"school_name": name, "school_type": school_type, "ownership": "Public School", "is_provincial_model": 1,
					 "region": county_code, "authority_region": PROVINCE[0]})
	for seq, row in enumerate(rows, start=1):
		row["school_code"] = f"{CATEGORY_PREFIX[row['school_type']]}21{seq:06d}"
		row["capacity"] = 3000 if "High" in row["school_type"] or "Middle" in row["school_type"] else 1800
		row["address"] = f"辽宁省{row['school_name'].replace('学校', '').replace('中学', '')}路{seq}号"
	return rows


def build_schools() -> None:
	for row in planned_schools():
		ensure("School", row["school_code"], row)


def school_by_name(name: str) -> str:
	return frappe.db.get_value("School", {"school_name": name})


def build_years() -> None:
	for start, current in ((2025, 0), (2026, 1)):
		ensure("Academic Year", f"{start}-{start + 1}", {
			"year_start_date": f"{start}-09-01", "year_end_date": f"{start + 1}-08-31",
			"term_1_start": f"{start}-09-01", "term_1_end": f"{start + 1}-01-20",
			"term_2_start": f"{start + 1}-03-01", "term_2_end": f"{start + 1}-07-10", "is_current": current,
		})


def build_classes(school: str, year: str = "2026-2027", per_grade: int = 3) -> None:
	for grade in range(1, 7):
		for number in range(1, per_grade + 1):
			name = f"{school}-{year}-1{grade}-{number:02d}"
			ensure("School Class", name, {"school": school, "academic_year": year, "stage": "Primary",
										  "grade": f"1{grade}", "class_number": number, "capacity": 45})


def build_users() -> None:
	for mail, (full_name, tier, node) in DEMO_USERS.items():
		if not frappe.db.exists("User", mail):
			user = frappe.get_doc({"doctype": "User", "email": mail, "first_name": full_name, "user_type": "System User",
								   "language": "zh", "send_welcome_email": 0, "new_password": PASSWORD})
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
		officer = {"user": mail, "tier": tier}
		if tier in ("School Registrar", "School Head"):
			officer["school"] = school_by_name(node)
		else:
			officer["region"] = node
		ensure("Roll Officer", mail, officer)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "子涵梓萱浩然一诺欣怡宇轩佳怡思远雨桐俊杰晨曦梦琪博文诗涵天佑嘉怡明轩可馨泽宇语嫣皓轩若汐"
ROADS = ["渤海大街", "市府路", "盼盼路", "新兴大街", "学府路", "金牛山大街", "平安路", "民主路"]


def build_students(school: str, registrar: str, county_officer: str, per_grade: int = 8, pending: int = 6) -> None:
	"""Registered students in every grade, and a few registrations waiting for the county (idempotent)."""
	import random

	from xueji_app.rules.identity import check_character
	from xueji_app.services.cases.workflow import act

	if frappe.db.count("Student", {"school": school}):
		return
	rng = random.Random(school)
	region = frappe.db.get_value("School", school, "region")
	year = 2026
	for grade in range(1, 7):
		for i in range(per_grade + (pending if grade == 1 else 0)):
			birth_year = year - 6 - grade + 1
			birth = f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
			male = rng.random() < 0.52
			seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
			body = f"{region}{birth}{seq:03d}"
			name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
			address = f"营口市{rng.choice(ROADS)}{rng.randint(1, 300)}号"
			frappe.set_user(registrar)
			klass = f"{school}-2026-2027-1{grade}-{(i % 3) + 1:02d}"
			doc = frappe.get_doc({
				"doctype": "Student", "student_name": name, "gender": "1" if male else "2",
				"date_of_birth": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", "birthplace_code": region, "native_place": "辽宁营口",
				"ethnicity": rng.choice(["01"] * 12 + ["11", "10", "03"]), "nationality": "CHN", "id_type": "1",
				"id_number": body + check_character(body), "overseas_status": "00", "health_status": "10",
				"household_region_code": region, "household_type": rng.choice(["1", "2", "2"]), "school": school,
				"grade": f"1{grade}", "school_class": klass if frappe.db.exists("School Class", klass) else None,
				"enrollment_date": f"{year - grade + 1}-09-01", "enrollment_mode": "11", "attendance_mode": "1",
				"current_address": address, "mailing_address": address, "home_address": address,
				"phone": f"13{rng.randint(100000000, 999999999)}", "is_only_child": int(rng.random() < 0.6),
				"had_preschool": 1, "left_behind": rng.choice(["0"] * 9 + ["1"]),
				"is_migrant_child": int(rng.random() < 0.15),
				"guardians": [{"guardian_name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)), "relationship": "51",
							   "is_guardian": 1, "phone": f"13{rng.randint(100000000, 999999999)}"}],
			}).insert()
			if grade == 1 and i >= per_grade:
				if i % 2:
					act("Student", doc.name, "Submit for Approval")  # waiting for the county
				continue
			act("Student", doc.name, "Submit for Approval")
			frappe.set_user(county_officer)
			doc.reload()
			if grade > 1:
				doc.duplicate_check_confirmed = 1
				doc.save()
			act("Student", doc.name, "Approve")


def scanned(title: str) -> str:
	"""A photo of a paper certificate, uploaded by the session user as the desk's attach dialog does."""
	import io

	from PIL import Image, ImageDraw, ImageFont

	page = Image.new("RGB", (600, 420), (252, 251, 245))
	draw = ImageDraw.Draw(page)
	draw.rectangle((12, 12, 587, 407), outline=(150, 20, 20), width=4)
	try:
		font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 40)
		draw.text((60, 170), title, fill=(30, 30, 30), font=font)
	except OSError:
		pass  # no CJK font: the frame alone still shows as a document
	draw.ellipse((420, 260, 560, 400), outline=(200, 30, 30), width=5)
	buffer = io.BytesIO()
	page.save(buffer, format="JPEG", quality=85)
	return frappe.get_doc({"doctype": "File", "file_name": f"{title}.jpg", "content": buffer.getvalue(), "is_private": 1}).insert().file_url


def build_year_end(school: str, registrar: str, academic_year: str = "2026-2027") -> None:
	"""A year-end run filed by the school and waiting for the county's confirmation (idempotent)."""
	from xueji_app.services.cases.workflow import act

	if frappe.db.exists("Year-End Run", {"school": school, "academic_year": academic_year}):
		return
	frappe.set_user(registrar)
	run = frappe.get_doc({"doctype": "Year-End Run", "school": school, "academic_year": academic_year}).insert()
	act("Year-End Run", run.name, "Submit for Confirmation")


def build_cases(school: str) -> None:
	"""A few roll changes in flight, so each tier has something to act on (idempotent)."""
	from xueji_app.services.cases.workflow import act

	if frappe.db.count("Roll Change", {"school": school}):
		return
	students = frappe.get_all("Student", filters={"school": school, "status_label": "Enrolled", "grade": ["in", ["13", "14"]]},
							  pluck="name", limit=3)
	plans = [
		("Suspension", "Illness", ["县级及以上医院证明", "病历", "医疗收费发票"], "因病住院治疗，需休养一学年",
		 "head.zqsx@demo.xueji.cn"),
		("Going Abroad", None, ["护照或签证"], "随父母出国", None),
		("Suspension", "Illness", [], "因病休学（材料待补）", None),
	]
	for student, (change, reason, evidence, detail, head) in zip(students, plans):
		frappe.set_user("registrar.zqsx@demo.xueji.cn")
		case = frappe.get_doc({
			"doctype": "Roll Change", "student": student, "change_type": change, "reason": reason, "reason_detail": detail,
			"evidence": [{"evidence_type": e, "file": scanned(e)} for e in evidence],
		}).insert()
		if not evidence and change == "Suspension":
			continue  # left as a draft: 检查办理条件 shows the missing certificate
		act("Roll Change", case.name, "Submit for Approval")
		if head:
			frappe.set_user(head)
			act("Roll Change", case.name, "Approve", "情况属实，同意")
