"""A small committed test province for integration tests (idempotent: get or create).

REST tests run the WSGI app in another thread with its own database connection, so the province is
committed once and reused; each test class still rolls back its own changes.

    990000 测试省
      990100 甲市: 990101 甲市一区 (A1, A3 primary; A2 city-run senior high), 990102 甲市二区 (B1 junior)
      990200 乙市: 990201 乙市一区 (C1 primary, P1 province-run special school)
    210000 辽宁省 › 210800 营口市 › 210802 站前区 (Y1 primary; Y2 city-run senior high; Y3 a county-run senior high): the real codes, under
    which the shipped Liaoning and Yingkou policies apply
"""

from __future__ import annotations

import frappe

PASSWORD = "Xj-test-2026!"
REGIONS = [
	("990000", "测试省", "Province", None, "测试省教育厅"),
	("990100", "甲市", "City", "990000", "甲市教育局"),
	("990101", "甲市一区", "County", "990100", "甲市一区教育局"),
	("990102", "甲市二区", "County", "990100", "甲市二区教育局"),
	("990200", "乙市", "City", "990000", "乙市教育局"),
	("990201", "乙市一区", "County", "990200", "乙市一区教育局"),
	# the real codes of Liaoning and Yingkou, where the shipped LN and YK policies apply
	("210000", "辽宁省", "Province", None, "辽宁省教育厅"),
	("210800", "营口市", "City", "210000", "营口市教育局"),
	("210802", "站前区", "County", "210800", "营口市站前区教育局"),
]
# key: (code, name, type, county, authority)
SCHOOLS = {
	"A1": ("2199000001", "甲市一区第一小学", "Primary School", "990101", "990101"),
	"A2": ("3499000002", "甲市第二高级中学", "Senior High School", "990101", "990100"),
	"A3": ("2199000006", "甲市一区实验小学", "Primary School", "990101", "990101"),
	"B1": ("3199000003", "甲市二区第一初级中学", "Junior Middle School", "990102", "990102"),
	"C1": ("2199000004", "乙市一区第一小学", "Primary School", "990201", "990201"),
	"P1": ("5199000005", "测试省特殊教育学校", "Special Education School", "990201", "990000"),
	"Y1": ("2121990001", "营口市站前区测试小学", "Primary School", "210802", "210802"),
	"Y2": ("3421990002", "营口市测试高级中学", "Senior High School", "210802", "210800"),
	"Y3": ("3421990003", "营口市站前区测试民办高级中学", "Senior High School", "210802", "210802"),
}
# key: (tier, school key or region code)
OFFICERS = {
	"reg_a1": ("School Registrar", "A1"),
	"reg_a2": ("School Registrar", "A2"),
	"head_a1": ("School Head", "A1"),
	"head_a2": ("School Head", "A2"),
	"reg_a3": ("School Registrar", "A3"),
	"head_a3": ("School Head", "A3"),
	"head_c1": ("School Head", "C1"),
	"reg_c1": ("School Registrar", "C1"),
	"county_1": ("County Bureau", "990101"),
	"county_2": ("County Bureau", "990102"),
	"county_3": ("County Bureau", "990201"),
	"city_1": ("City Bureau", "990100"),
	"city_2": ("City Bureau", "990200"),
	"province": ("Province Bureau", "990000"),
	"exp_1": ("County Bureau", "990101"),  # a county officer with 可导出数据
	"reg_y1": ("School Registrar", "Y1"),
	"head_y1": ("School Head", "Y1"),
	"reg_y2": ("School Registrar", "Y2"),
	"head_y2": ("School Head", "Y2"),
	"county_y": ("County Bureau", "210802"),
	"city_y": ("City Bureau", "210800"),
	"reg_y3": ("School Registrar", "Y3"),
	"head_y3": ("School Head", "Y3"),
}
#: officers whose bureau granted them the export of roll data
EXPORTERS = {"exp_1"}


def email(key: str) -> str:
	return f"xj-{key.replace('_', '-')}@test.xueji.invalid"


def school(key: str) -> str:
	return SCHOOLS[key][0]


def ensure_region(code: str, name: str, level: str, parent: str | None, bureau: str) -> None:
	if not frappe.db.exists("Administrative Region", code):
		frappe.get_doc(
			{
				"doctype": "Administrative Region",
				"region_code": code,
				"region_name": name,
				"level": level,
				"parent_administrative_region": parent,
				"bureau_name": bureau,
			}
		).insert(ignore_permissions=True)


def ensure_school(code: str, name: str, school_type: str, county: str, authority: str) -> None:
	if not frappe.db.exists("School", code):
		frappe.get_doc(
			{
				"doctype": "School",
				"school_code": code,
				"school_name": name,
				"school_type": school_type,
				"region": county,
				"authority_region": authority,
			}
		).insert(ignore_permissions=True)


def ensure_user(mail: str, first_name: str) -> None:
	if frappe.db.exists("User", mail):
		return
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": mail,
			"first_name": first_name,
			"user_type": "System User",
			"send_welcome_email": 0,
			"language": "zh",
			"new_password": PASSWORD,
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)


def ensure_officer(mail: str, tier: str, node: str, may_export: bool = False) -> None:
	if frappe.db.exists("Roll Officer", mail):
		return
	doc = {"doctype": "Roll Officer", "user": mail, "tier": tier, "may_export": int(may_export)}
	if node in SCHOOLS:
		doc["school"] = school(node)
	else:
		doc["region"] = node
	frappe.get_doc(doc).insert(ignore_permissions=True)


def build_test_province() -> None:
	"""Create (once) and commit the test province, its schools and one officer per tier."""
	previous = frappe.session.user
	frappe.set_user("Administrator")
	try:
		for row in REGIONS:
			ensure_region(*row)
		for row in SCHOOLS.values():
			ensure_school(*row)
		for key, (tier, node) in OFFICERS.items():
			ensure_user(email(key), key)
			ensure_officer(email(key), tier, node, may_export=key in EXPORTERS)
		frappe.db.commit()
	finally:
		frappe.set_user(previous)


# --- students ------------------------------------------------------------------------------------------

_seq = [0]


def resident_id(birth: str = "20190315", region: str = "990101", male: bool = True) -> str:
	"""A valid 18-digit ID (GB 11643) with a fresh sequence, so each call is another person."""
	from xueji_app.rules.identity import check_character

	_seq[0] += 1
	region = region[:2] + f"{int(frappe.generate_hash(length=6), 16) % 10000:04d}"
	seq = (int(frappe.generate_hash(length=4), 16) % 500) * 2 + (1 if male else 0)  # 17th digit: odd = male
	body = f"{region}{birth}{seq:03d}"
	return body + check_character(body)


def student_data(school_key: str = "A1", grade: str = "11", **values) -> dict:
	"""A complete base record for a student of the test province (valid ID unless overridden)."""
	birth = values.pop("birth", "2019-03-15")
	male = values.get("gender", "1") == "1"
	data = {
		"doctype": "Student",
		"student_name": values.pop("student_name", "测试学生" + frappe.generate_hash(length=4)),
		"gender": "1" if male else "2",
		"date_of_birth": birth,
		"birthplace_code": "990101",
		"native_place": "测试省甲市",
		"ethnicity": "01",
		"nationality": "CHN",
		"id_type": "1",
		"id_number": resident_id(birth.replace("-", ""), male=male),
		"overseas_status": "00",
		"health_status": "10",
		"household_region_code": "990101",
		"household_type": "2",
		"school": school(school_key),
		"grade": grade,
		"enrollment_date": "2026-09-01",
		"enrollment_mode": "11",
		"attendance_mode": "1",
		"current_address": "测试省甲市一区幸福路1号",
		"mailing_address": "测试省甲市一区幸福路1号",
		"home_address": "测试省甲市一区幸福路1号",
		"phone": "13800000000",
		"guardians": [{"guardian_name": "测试家长", "relationship": "51", "is_guardian": 1, "phone": "13900000000"}],
	}
	data.update(values)
	return data


# --- files -----------------------------------------------------------------------------------------------


def image_bytes() -> bytes:
	"""A small real JPEG (a scan of a certificate, as far as the system can tell), different each time:
	Frappe stores identical uploads once, under the first one's URL."""
	import io
	import random

	from PIL import Image, ImageDraw

	picture = Image.new("RGB", (120, 80), (250, 250, 245))
	draw = ImageDraw.Draw(picture)
	draw.rectangle((6, 6, 113, 73), outline=(180, 30, 30), width=3)
	draw.rectangle((20, 20, 20 + random.randrange(80), 30 + random.randrange(40)), fill=tuple(random.randrange(256) for _ in range(3)))
	buffer = io.BytesIO()
	picture.save(buffer, format="JPEG")
	return buffer.getvalue()


def upload(file_name: str = "proof.jpg", content: bytes | None = None, private: bool = True) -> str:
	"""Upload a file as the session user (as the desk's attach dialog does) and return its URL."""
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content or image_bytes(),
			"is_private": int(private),
		}
	).insert()
	return doc.file_url
