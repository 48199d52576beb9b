"""The permission matrix: every tier × every app DocType (parents and children) and report × every path a
user takes, over REST through the real WSGI app, against one table of expected outcomes (``MATRIX``).

Each DocType has an "own" record (school A1 / county 990101 / city 990100 of the test province) and an
"other" record (school C1 / county 990201 / city 990200). Tiers: a registrar and the head of A1, the bureaus
of 990101, 990100 and the province, an exporter (a county officer of 990101 with 可导出数据), a user with no
role and a website user.

A cell of ``MATRIX`` is ``"R W C D"``:
- R (read): which records the tier sees: ``-`` none, ``O`` own, ``B`` both. Checked through the list, count,
  get_value, report view, group-by, link search (with ``ignore_user_permissions=1`` and ``filter_fields``),
  the document, PDF and print view, the attachment download and, for child tables, every query naming a
  ``parent``.
- W (write): which records a harmless edit saves (a real edit where the DocType has a harmless field,
  ``WRITE_FIELD``; otherwise a save as it is, which still passes every permission check).
- C (create): ``c`` when the tier creates a record in its own scope, ``-`` when refused.
- D (delete the other record): ``-`` refused, ``x`` not asked (the tier covers that record and may delete).

Besides the table, every tier is held to these for every DocType: a write to the other record whose body
names the writer's own school or region is refused and changes nothing; a workflow action on a step that
belongs to another party is refused; a child row saved on its own is refused; exports only with 可导出数据,
and only rows in scope.
"""

from __future__ import annotations

import json

import frappe

from xueji_app.tests import factory
from xueji_app.tests.factory import email, school
from xueji_app.tests.utils import RestClient, XuejiTestCase

TIERS = ("reg", "head", "county", "city", "prov", "exp", "norole", "web")
USERS = {
	"reg": email("reg_a1"), "head": email("head_a1"), "county": email("county_1"), "city": email("city_1"),
	"prov": email("province"), "exp": email("exp_1"), "norole": "xj-norole@test.xueji.invalid",
	"web": "xj-website@test.xueji.invalid",
}
CODE_TABLES = (
	"Sex Code", "Ethnic Group", "Country Region", "ID Document Type", "Overseas Chinese Status", "Health Status",
	"Political Status", "Household Type", "Enrollment Mode", "Attendance Mode", "Student Source", "Left Behind Status",
	"Inclusive Education", "Disability Type", "Commute Mode", "Family Relationship",
)
# --- the table ----------------------------------------------------------------------------------------------
#                         reg        head       county     city       prov       exp        norole     web
MATRIX = {
	"Student":             ("O O c -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Student Info Change": ("O O c -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Roll Change":         ("O O c -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Student Transfer":    ("O - c -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Problem Resolution":  ("O O c -", "O O c -", "O O c -", "O O c -", "B B c -", "O O c -", "- - - -", "- - - -"),
	"Data Check":          ("O O c -", "O O c -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Student Import":      ("O O c -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"School Class":        ("O O c -", "O O c -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"School":              ("O - - -", "O - - -", "O O c -", "O O c -", "B B c -", "O O c -", "- - - -", "- - - -"),
	"Roll Officer":        ("- - - -", "- - - -", "O O c -", "O O c -", "B B c x", "O O c -", "- - - -", "- - - -"),
	"Export Log":          ("- - - -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Print Log":           ("- - - -", "- - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Roll Policy":         ("B - - -", "B - - -", "B - - -", "B O c -", "B B c -", "B - - -", "- - - -", "- - - -"),
	"Administrative Region": ("B - - -", "B - - -", "B - - -", "B - - -", "B B c x", "B - - -", "- - - -", "- - - -"),
	"Academic Year":       ("O - - -", "O - - -", "O - - -", "O - - -", "O O c -", "O - - -", "- - - -", "- - - -"),
	"Grade":               ("O - - -", "O - - -", "O - - -", "O - - -", "O - - -", "O - - -", "- - - -", "- - - -"),
	"Holiday Calendar":    ("O - - -", "O - - -", "O - - -", "O - - -", "O - - -", "O - - -", "- - - -", "- - - -"),
	"Year-End Run":        ("O O c -", "O O c -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	"Year-End Run Student": ("O - - -", "O - - -", "O - - -", "O - - -", "B - - -", "O - - -", "- - - -", "- - - -"),
	**{code: ("O - - -",) * 6 + ("- - - -",) * 2 for code in CODE_TABLES},
}
#: child table: (parent DocType, parent field); a row is read exactly where its parent is
CHILDREN = {
	"Student Guardian": ("Student", "guardians"),
	"Student Roll Event": ("Student", "history"),
	"Student Info Change Item": ("Student Info Change", "items"),
	"Case Step": ("Student Transfer", "steps"),
	"Case Evidence": ("Roll Change", "evidence"),
	"Holiday Calendar Date": ("Holiday Calendar", "dates"),
	"Roll Policy Reason": ("Roll Policy", "transfer_reasons"),
	"Year-End Class": ("Year-End Run", "classes"),
}
#: report: the filter that names the other side; school tiers ignore a region filter (they see their school)
REPORTS = {
	"Enrollment Statistics": {"school": "C1"},
	"Roll Change Statistics": {"school": "C1"},
	"Approval Monitoring": {"school": "C1"},
	"Problem Records": {"school": "C1"},
	"Data Check Status": {"region": "990201"},
	"Overdue Registrations": {"school": "C1"},
	"Year-End Status": {"region": "990201"},
	"Unclaimed Graduates": {"school": "C1"},
}
#: filters every run of a report needs
REPORT_BASE = {"Year-End Status": {"academic_year": "2031-2032"}}
#: per report and tier: plain run, and run with the other side's filter: "ok" answered within scope,
#: "403" refused. (Overdue Registrations and Unclaimed Graduates read through get_list: another school's filter
#: returns nothing.)
REPORT_OUTCOMES = {
	report: {
		tier: ("403", "403") if tier in ("norole", "web") else
		("ok", "ok") if tier == "prov" or report in ("Overdue Registrations", "Unclaimed Graduates")
		or (report in ("Data Check Status", "Year-End Status") and tier in ("reg", "head")) else
		("ok", "403")
		for tier in TIERS
	}
	for report in REPORTS
}
#: a harmless field and two values to alternate between
WRITE_FIELD = {
	"Student": ("phone", "13800000001", "13800000002"),
	"Student Info Change": ("reason", "户口簿更正", "户口簿更正（补充）"),
	"Roll Change": ("reason_detail", "随父母出国", "随父母出国探亲"),
	"Student Transfer": ("reason_detail", "随父母户籍迁移", "随父母迁居"),
	"Problem Resolution": ("note", "已核实", "已核实无误"),
	"School Class": ("head_teacher", "王老师", "李老师"),
	"School": ("phone", "0417-1111111", "0417-2222222"),
	"Roll Policy": ("source", "测试政策", "测试政策（修订）"),
	"Year-End Run": ("graduation_date", "2032-07-10", "2032-07-11"),
}
PRINTABLE = ("Student", "Roll Change", "Student Transfer")
EXPORTABLE = ("Student", "Roll Change", "Student Transfer")


# --- the records ------------------------------------------------------------------------------------------


def fixture() -> dict:
	"""The own/other records of every DocType, created once per site and committed (REST sees commits)."""
	cached = frappe.db.get_default("xueji_matrix_fixture")
	if cached:
		records = json.loads(cached)
		if all(frappe.db.exists(d, n) for d, pair in records.items() if d in MATRIX for n in pair.values()):
			return records
	records = build_fixture()
	frappe.db.set_default("xueji_matrix_fixture", json.dumps(records))
	frappe.db.commit()
	return records


def as_user(key: str):
	frappe.set_user(key if "@" in key or key == "Administrator" else email(key))


def build_fixture() -> dict:
	from xueji_app.services.cases.workflow import act
	from xueji_app.tests.test_roll_change import registered

	frappe.set_user("Administrator")
	ensure_extra_users()
	factory.ensure_school("2199000007", "乙市一区第二小学", "Primary School", "990201", "990201")
	year = ensure_year()
	r: dict[str, dict[str, str]] = {}
	students = {"own": registered("A1", registrar="reg_a1", approver="county_1"),
				"other": registered("C1", registrar="reg_c1", approver="county_3")}
	r["Student"] = {k: s.name for k, s in students.items()}
	frappe.set_user("Administrator")
	index_students_for_global_search()
	for side, student in students.items():
		reg = "reg_a1" if side == "own" else "reg_c1"
		as_user(reg)
		attach_photo(student.name)
		r.setdefault("Student Info Change", {})[side] = frappe.get_doc({
			"doctype": "Student Info Change", "student": student.name, "reason": "户口簿更正",
			"evidence": factory.upload("hukou.jpg"), "items": [{"field_label": "Student Name", "new_value": "改" + side}],
		}).insert().name
		r.setdefault("Roll Change", {})[side] = frappe.get_doc({
			"doctype": "Roll Change", "student": student.name, "change_type": "Going Abroad", "reason_detail": "随父母出国",
			"evidence": [{"evidence_type": "护照或签证", "file": factory.upload("passport.jpg")}],
		}).insert().name
		r.setdefault("Problem Resolution", {})[side] = frappe.get_doc({
			"doctype": "Problem Resolution", "student": student.name, "problem": "Duplicate Person",
			"resolution": "Corroborate", "evidence": factory.upload("birth.jpg"), "note": "已核实",
		}).insert().name
		code = school("A1") if side == "own" else school("C1")
		r.setdefault("Data Check", {})[side] = frappe.get_doc({"doctype": "Data Check", "school": code, "term": "2030-2031-1"}).insert().name
		r.setdefault("Student Import", {})[side] = frappe.get_doc({"doctype": "Student Import", "import_file": sheet()}).insert().name
		r.setdefault("School Class", {})[side] = frappe.get_doc({
			"doctype": "School Class", "school": code, "academic_year": year, "stage": "Primary", "grade": "16", "class_number": 9,
		}).insert().name
	# transfers, filed: A1 → A3 (the own side: A1 sends) and C1 → C2
	movers = {"own": registered("A1", registrar="reg_a1", approver="county_1"),
			  "other": registered("C1", registrar="reg_c1", approver="county_3")}
	for side, student in movers.items():
		as_user("reg_a3" if side == "own" else "Administrator")
		doc = frappe.get_doc({
			"doctype": "Student Transfer", "student": student.name, "student_lookup": student.student_number,
			"to_school": school("A3") if side == "own" else "2199000007", "reason": "Household Move",
			"reason_detail": "随父母户籍迁移",
			"evidence": [{"evidence_type": e, "file": factory.upload("t.jpg")} for e in ("签字的转学联系表", "户口簿或居住证明")],
		}).insert()
		act("Student Transfer", doc.name, "Submit for Approval")
		r.setdefault("Student Transfer", {})[side] = doc.name
	frappe.set_user("Administrator")
	frappe.get_doc({"doctype": "ToDo", "allocated_to": email("reg_c1"), "reference_type": "Student",
					"reference_name": r["Student"]["other"], "description": "核对户籍"}).insert(ignore_permissions=True)
	r["School"] = {"own": school("A1"), "other": school("C1")}
	r["Roll Officer"] = {"own": email("reg_a3"), "other": email("reg_c1")}
	for doctype in ("Export Log", "Print Log"):
		r[doctype] = {}
		for side, (code, region) in {"own": (school("A1"), "990101"), "other": (school("C1"), "990201")}.items():
			values = {"doctype": doctype, "user": email("reg_a1" if side == "own" else "reg_c1"), "school": code, "region": region}
			if doctype == "Export Log":
				values.update(export_type="Report Builder", reference_doctype="Student", row_count=1)
			else:
				values.update(reference_doctype="Student", reference_name=r["Student"][side], print_format="学生基本信息表", pages=1)
			r[doctype][side] = frappe.get_doc(values).insert(ignore_permissions=True).name
	r["Roll Policy"] = {}
	for side, region in {"own": "990100", "other": "990200"}.items():
		key = f"XJ-MATRIX-{region}"
		if not frappe.db.exists("Roll Policy", key):
			frappe.get_doc({"doctype": "Roll Policy", "policy_key": key, "title": key, "region": region, "stage": "Primary",
							"enabled": 0, "source": "测试政策", "transfer_reasons": [{"reason": "Household Move"}]}).insert()
		r["Roll Policy"][side] = key
	r["Year-End Run"], r["Year-End Run Student"] = {}, {}
	matrix_year = ensure_matrix_year()
	for side, key, reg in (("own", "A1", "reg_a1"), ("other", "C1", "reg_c1")):
		frappe.set_user("Administrator")
		if not frappe.db.exists("School Class", f"{school(key)}-{matrix_year}-11-01"):
			frappe.get_doc({"doctype": "School Class", "school": school(key), "academic_year": matrix_year, "stage": "Primary",
							"grade": "11", "class_number": 1}).insert()
		as_user(reg)
		run = frappe.get_doc({"doctype": "Year-End Run", "school": school(key), "academic_year": matrix_year}).insert()
		r["Year-End Run"][side] = run.name
		frappe.set_user("Administrator")
		row = frappe.get_doc({"doctype": "Year-End Run Student", "run": run.name, "student": r["Student"][side],
							  "school": school(key), "region": run.region, "authority_region": run.authority_region,
							  "academic_year": matrix_year, "outcome": "Promote", "before_grade": "11", "to_grade": "12"})
		row.flags.xueji_service = True
		r["Year-End Run Student"][side] = row.insert(ignore_permissions=True).name
	r["Administrative Region"] = {"own": "990101", "other": "990201"}
	r["Academic Year"] = {"own": year}
	r["Grade"] = {"own": "11"}
	if not frappe.db.exists("Holiday Calendar", 2031):
		frappe.get_doc({"doctype": "Holiday Calendar", "year": 2031, "source": "测试",
						"dates": [{"calendar_date": "2031-01-01", "kind": "Holiday", "description": "元旦"}]}).insert()
	r["Holiday Calendar"] = {"own": "2031"}
	for code in CODE_TABLES:
		r[code] = {"own": frappe.get_all(code, pluck="name", limit=1)[0]}
	frappe.db.commit()
	return r


def ensure_extra_users() -> None:
	factory.ensure_user(USERS["norole"], "norole")
	if not frappe.db.exists("User", USERS["web"]):
		frappe.get_doc({"doctype": "User", "email": USERS["web"], "first_name": "web", "user_type": "Website User",
						"send_welcome_email": 0, "new_password": factory.PASSWORD}).insert(ignore_permissions=True)


def ensure_matrix_year() -> str:
	"""A school year of its own for the matrix's year-end runs (one run per school and year)."""
	for start in (2031, 2032):  # the fixture's runs, and the runs a create makes
		if not frappe.db.exists("Academic Year", f"{start}-{start + 1}"):
			frappe.get_doc({"doctype": "Academic Year", "year_start_date": f"{start}-09-01",
							"year_end_date": f"{start + 1}-08-31"}).insert()
	return "2031-2032"


def ensure_year() -> str:
	from xueji_app.tests.utils import ensure_year

	return ensure_year()


def sheet_bytes() -> bytes:
	"""An (empty) student sheet."""
	import io

	from openpyxl import Workbook

	buffer = io.BytesIO()
	Workbook().save(buffer)
	return buffer.getvalue()


def sheet() -> str:
	"""An uploaded (empty) student sheet, as the session user."""
	return factory.upload("students.xlsx", sheet_bytes())


def attach_photo(student: str) -> None:
	"""A private file attached to the student (uploaded by the school), to try downloading it."""
	frappe.get_doc({"doctype": "File", "file_name": "photo.jpg", "content": factory.image_bytes(), "is_private": 1,
					"attached_to_doctype": "Student", "attached_to_name": student}).insert()


def attachments(doctype: str, pair: dict) -> dict[str, str]:
	"""A private file of each record: the student's photo, a case's first piece of evidence."""
	out = {}
	for side, name in pair.items():
		if doctype == "Student":
			out[side] = frappe.db.get_value("File", {"attached_to_doctype": "Student", "attached_to_name": name}, "file_url")
		elif doctype in ("Roll Change", "Student Transfer"):
			out[side] = frappe.db.get_value("Case Evidence", {"parenttype": doctype, "parent": name}, "file")
	return {side: url for side, url in out.items() if url}


def index_students_for_global_search() -> None:
	"""A site may put the student's name in Frappe's global search (Customize Form, Global Search Settings);
	its results must still be scoped."""
	from frappe.utils.global_search import rebuild_for_doctype

	if not frappe.db.exists("Property Setter", {"doc_type": "Student", "field_name": "student_name", "property": "in_global_search"}):
		frappe.make_property_setter({"doctype": "Student", "fieldname": "student_name", "property": "in_global_search",
									 "value": "1", "property_type": "Check"})
	settings = frappe.get_single("Global Search Settings")
	if "Student" not in [d.document_type for d in settings.allowed_in_global_search]:
		settings.append("allowed_in_global_search", {"document_type": "Student"})
		settings.save(ignore_permissions=True)
	frappe.cache.hdel("global_search", "search_priorities")
	frappe.clear_cache(doctype="Student")
	rebuild_for_doctype("Student")


# --- the checks ---------------------------------------------------------------------------------------------


def fresh() -> None:
	"""End this connection's snapshot: the REST requests commit on their own connections."""
	frappe.db.commit()


def cell(doctype: str, tier: str) -> tuple[str, str, str, str]:
	return tuple(MATRIX[doctype][TIERS.index(tier)].split())


def expected_read(records: dict, code: str) -> set[str]:
	return {"-": set(), "O": {"own"}, "B": set(records)}[code] & set(records)


class TestPermissionMatrix(XuejiTestCase):
	"""Every cell of ``MATRIX``, every report outcome and every invariant, over REST."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.records = fixture()
		cls.clients = {tier: RestClient(user) for tier, user in USERS.items()}
		cls.cells = 0
		cls.failures: list[str] = []

	def expect(self, condition: bool, what: str) -> None:
		type(self).cells += 1
		if not condition:
			self.failures.append(what)

	def names_seen(self, response, key="name") -> set[str]:
		if response.status_code != 200:
			return set()
		data = response.json.get("data", response.json.get("message"))
		if isinstance(data, dict) and "keys" in data:  # reportview.get (compressed)
			index = data["keys"].index(key)
			return {row[index] for row in data["values"]}
		if isinstance(data, list):
			return {row.get(key) if isinstance(row, dict) else row[0] for row in data}
		return set()

	def sides(self, doctype: str, names: set[str]) -> set[str]:
		pair = self.records[doctype]
		return {side for side, name in pair.items() if name in names}

	# --- reads ----------------------------------------------------------------------------------------------
	def check_reads(self, doctype: str, tier: str, expected: set[str]) -> None:
		client, pair = self.clients[tier], self.records[doctype]
		names = list(pair.values())
		where = f"{doctype} × {tier}"
		flt = json.dumps([[doctype, "name", "in", names]])
		seen = self.names_seen(client.get(f"/api/resource/{doctype}", query_string={"filters": flt, "limit_page_length": 0}))
		self.expect(self.sides(doctype, seen) == expected, f"{where}: list shows {self.sides(doctype, seen)}")
		count = client.get("/api/method/frappe.client.get_count", query_string={"doctype": doctype, "filters": flt})
		got = count.json.get("message") if count.status_code == 200 else 0
		self.expect(got == len(expected), f"{where}: count {got}")
		for side, name in pair.items():
			value = client.get("/api/method/frappe.client.get_value",
							   query_string={"doctype": doctype, "fieldname": "name", "filters": json.dumps({"name": name})})
			found = value.status_code == 200 and (value.json.get("message") or {}).get("name") == name
			self.expect(found == (side in expected), f"{where}: get_value {side} → {value.status_code}")
			document = client.get(f"/api/resource/{doctype}/{name}")
			self.expect((document.status_code == 200) == (side in expected), f"{where}: read {side} → {document.status_code}")
		view = client.get("/api/method/frappe.desk.reportview.get",
						  query_string={"doctype": doctype, "fields": json.dumps([f"`tab{doctype}`.`name`"]), "filters": flt})
		self.expect(self.sides(doctype, self.names_seen(view)) == expected, f"{where}: report view")
		group = client.get("/api/method/frappe.desk.listview.get_group_by_count",
						   query_string={"doctype": doctype, "current_filters": flt, "field": "owner"})
		total = sum(row["count"] for row in group.json.get("message", [])) if group.status_code == 200 else 0
		self.expect(total == len(expected), f"{where}: group-by count {total}")
		if doctype == "Student":  # the other student is assigned to its registrar (a ToDo)
			assigned = client.get("/api/method/frappe.desk.listview.get_group_by_count",
								  query_string={"doctype": doctype, "current_filters": flt, "field": "assigned_to"})
			total = sum(row["count"] for row in assigned.json.get("message", [])) if assigned.status_code == 200 else 0
			self.expect(total == int("other" in expected), f"{where}: assigned-to count {total}")
		# the link search leaves out disabled records (Frappe's own rule), whoever asks
		searchable = {side for side in expected if frappe.db.get_value(doctype, pair[side], "enabled") != 0} \
			if frappe.get_meta(doctype).has_field("enabled") else expected
		for method in ("search_link", "search_widget"):
			args = {"doctype": doctype, "txt": "", "filters": json.dumps({"name": ["in", names]}),
					"ignore_user_permissions": 1, "page_length": 50, "reference_doctype": "Student Transfer"}
			if method == "search_widget":
				args["filter_fields"] = json.dumps(["owner"])
			found = client.get(f"/api/method/frappe.desk.search.{method}", query_string=args)
			rows = found.json.get("message", []) if found.status_code == 200 else []
			# search_link answers {value, description}; search_widget rows of columns in no fixed order
			values = {r["value"] for r in rows} if method == "search_link" else {v for r in rows for v in r}
			self.expect(self.sides(doctype, values) == searchable,
						f"{where}: {method} shows {self.sides(doctype, values)} ({found.status_code} {found.text[:120]})")
		if doctype in PRINTABLE:
			for side, name in pair.items():
				pdf = client.get("/api/method/xueji_app.services.outputs.pdf.pdf", query_string={"doctype": doctype, "name": name})
				self.expect((pdf.status_code == 200) == (side in expected), f"{where}: pdf {side} → {pdf.status_code}")
				html = client.get("/api/method/frappe.www.printview.get_html_and_style",
								  query_string={"doc": doctype, "name": name, "print_format": "Standard"})
				self.expect((html.status_code == 200) == (side in expected), f"{where}: print view {side} → {html.status_code}")
		for side, url in attachments(doctype, pair).items():
			download = client.get(url)
			self.expect((download.status_code == 200) == (side in expected), f"{where}: file of {side} → {download.status_code}")
		if doctype == "Student":
			names_by_side = {side: frappe.db.get_value("Student", name, "student_name") for side, name in pair.items()}
			found = client.get("/api/method/frappe.utils.global_search.search",
							   query_string={"text": "&".join(names_by_side.values()), "limit": 50})
			rows = found.json.get("message", []) if found.status_code == 200 else []
			self.expect(self.sides(doctype, {r["name"] for r in rows if r["doctype"] == "Student"}) == expected,
						f"{where}: global search shows {[r['name'] for r in rows]}")

	# --- writes ---------------------------------------------------------------------------------------------
	def check_writes(self, doctype: str, tier: str, writable: set[str], covers_other: bool) -> None:
		client, pair = self.clients[tier], self.records[doctype]
		where = f"{doctype} × {tier}"
		for side, name in pair.items():
			field = WRITE_FIELD.get(doctype)
			if field:
				fresh()
				current = frappe.db.get_value(doctype, name, field[0])
				body = {field[0]: field[2] if current == field[1] else field[1]}
			else:
				body = {}
			response = client.put(f"/api/resource/{doctype}/{name}", json=body)
			self.expect((response.status_code == 200) == (side in writable),
						f"{where}: write {side} → {response.status_code} {response.text[:160]}")
			self.check_desk_save(doctype, tier, side, name, side in writable)
		if "other" in pair and not covers_other:
			self.check_hostile_write(doctype, tier)

	def check_desk_save(self, doctype: str, tier: str, side: str, name: str, allowed: bool) -> None:
		"""The desk's own save: the whole document as the form holds it (dates as text, every child row),
		with one harmless field changed, through ``savedocs``."""
		client, field = self.clients[tier], WRITE_FIELD.get(doctype)
		if not allowed:
			fresh()
			frappe.set_user("Administrator")
			doc = json.loads(frappe.as_json(frappe.get_doc(doctype, name).as_dict()))
		else:
			loaded = client.get("/api/method/frappe.desk.form.load.getdoc", query_string={"doctype": doctype, "name": name})
			doc = loaded.json["docs"][0]
		if field:
			doc[field[0]] = field[2] if doc.get(field[0]) == field[1] else field[1]
		response = client.post("/api/method/frappe.desk.form.save.savedocs", json={"doc": json.dumps(doc), "action": "Save"})
		self.expect((response.status_code == 200) == allowed,
					f"{doctype} × {tier}: desk save {side} → {response.status_code} {response.text[:200]}")

	def check_hostile_write(self, doctype: str, tier: str) -> None:
		"""A body naming the writer's own school or region on the other record: refused, nothing changes."""
		client, pair = self.clients[tier], self.records[doctype]
		fresh()
		own = frappe.db.get_value(doctype, pair["own"], "*", as_dict=True)
		before = frappe.db.get_value(doctype, pair["other"], "*", as_dict=True)
		body = {f: own.get(f) for f in ("school", "region", "authority_region", "approving_region", "student", "from_school",
										"from_region", "from_authority", "user", "tier", "parent_administrative_region")
				if f in own and own.get(f) and f != "name"}
		response = client.put(f"/api/resource/{doctype}/{pair['other']}", json=body)
		fresh()
		after = frappe.db.get_value(doctype, pair["other"], "*", as_dict=True)
		self.expect(response.status_code in (403, 417) and before == after,
					f"{doctype} × {tier}: hostile write → {response.status_code}, changed={before != after}")

	def check_create(self, doctype: str, tier: str, allowed: bool) -> None:
		body = create_body(doctype, self.records, self.clients[tier])
		if body is None:
			return
		response = self.clients[tier].post(f"/api/resource/{doctype}", json=body)
		ok = response.status_code == 200
		self.expect(ok == allowed, f"{doctype} × {tier}: create → {response.status_code} {response.text[:200]}")
		if ok:
			cleanup(doctype, response.json["data"]["name"])

	def check_delete(self, doctype: str, tier: str, code: str) -> None:
		if code == "x" or "other" not in self.records[doctype]:
			return
		name = self.records[doctype]["other"]
		response = self.clients[tier].delete(f"/api/resource/{doctype}/{name}")
		fresh()
		self.expect(response.status_code in (403, 417) and bool(frappe.db.exists(doctype, name)),
					f"{doctype} × {tier}: delete other → {response.status_code}")

	# --- the test -------------------------------------------------------------------------------------------
	def test_matrix(self):
		for doctype in MATRIX:
			for tier in TIERS:
				read, write, create, delete = cell(doctype, tier)
				pair = self.records[doctype]
				expected = expected_read(pair, read)
				self.check_reads(doctype, tier, expected)
				self.check_writes(doctype, tier, expected_read(pair, write), covers_other="other" in expected)
				self.check_create(doctype, tier, create == "c")
				self.check_delete(doctype, tier, delete)
		for child, (parent, field) in CHILDREN.items():
			for tier in TIERS:
				self.check_child(child, parent, field, tier, expected_read(self.records[parent], cell(parent, tier)[0]))
		for report, other_filter in REPORTS.items():
			for tier in TIERS:
				self.check_report(report, other_filter, tier)
		for doctype in EXPORTABLE:
			for tier in TIERS:
				self.check_export(doctype, tier)
		for tier in TIERS:
			self.check_foreign_steps(tier)
		print(f"\npermission matrix: {self.cells} cells checked, {len(self.failures)} failed")
		for failure in self.failures:
			print("  ✗", failure[:300])
		self.assertFalse(self.failures, "\n".join(self.failures[:80]))

	def check_child(self, child: str, parent: str, field: str, tier: str, expected: set[str]) -> None:
		client, pair = self.clients[tier], self.records[parent]
		rows = {side: frappe.get_all(child, filters={"parent": name, "parenttype": parent, "parentfield": field}, pluck="name")
				for side, name in pair.items()}
		where = f"{child} × {tier}"
		flt = json.dumps([[child, "parent", "in", list(pair.values())]])
		listed = client.get(f"/api/resource/{child}", query_string={"parent": parent, "fields": json.dumps(["name", "parent"]),
																	 "filters": flt, "limit_page_length": 0})
		parents = {r["parent"] for r in listed.json.get("data", [])} if listed.status_code == 200 else set()
		self.expect(self.sides(parent, parents) == expected, f"{where}: list with parent shows {self.sides(parent, parents)}")
		view = client.get("/api/method/frappe.desk.reportview.get",
						  query_string={"doctype": child, "parent_doctype": parent, "fields": json.dumps([f"`tab{child}`.`parent`"]),
										"filters": flt})
		self.expect(self.sides(parent, self.names_seen(view, "parent")) == expected, f"{where}: report view with parent")
		for side, names in rows.items():
			if not names:
				continue
			value = client.get("/api/method/frappe.client.get_value",
							   query_string={"doctype": child, "fieldname": "parent", "filters": json.dumps({"name": names[0]}),
											 "parent": parent})
			found = value.status_code == 200 and bool(value.json.get("message"))
			self.expect(found == (side in expected), f"{where}: get_value with parent, {side} → {value.status_code}")
			document = client.get(f"/api/resource/{child}/{names[0]}")
			self.expect((document.status_code == 200) == (side in expected), f"{where}: read row of {side} → {document.status_code}")
			if tier not in ("norole", "web"):
				fresh()
				before = frappe.db.get_value(child, names[0], "*", as_dict=True)
				body = {**json.loads(frappe.as_json(before)), "doctype": child}
				saved = client.post("/api/method/frappe.client.save", json={"doc": json.dumps(body)})
				fresh()
				after = frappe.db.get_value(child, names[0], "*", as_dict=True)
				self.expect(saved.status_code in (403, 417) and before == after, f"{where}: row saved on its own → {saved.status_code}")

	def check_report(self, report: str, other_filter: dict, tier: str) -> None:
		client = self.clients[tier]
		plain_expected, other_expected = REPORT_OUTCOMES[report][tier]
		base = REPORT_BASE.get(report, {})
		filters = {**base, **{k: (school(v) if k == "school" else v) for k, v in other_filter.items()}}
		for label, flt, want in (("plain", base, plain_expected), ("other side", filters, other_expected)):
			response = client.get("/api/method/frappe.desk.query_report.run",
								  query_string={"report_name": report, "filters": json.dumps(flt), "ignore_prepared_report": 1})
			if want == "403":
				self.expect(response.status_code == 403, f"{report} × {tier} ({label}): {response.status_code}, want 403")
			else:
				leaked = tier != "prov" and ("乙市一区第一小学" in response.text or school("C1") in response.text)
				self.expect(response.status_code == 200 and not leaked, f"{report} × {tier} ({label}): {response.status_code}, leaked={leaked}")
		fresh()
		self.expect(not frappe.db.get_value("Report", report, "prepared_report"), f"{report}: switched to prepared mode")

	def check_export(self, doctype: str, tier: str) -> None:
		pair = self.records[doctype]
		response = self.clients[tier].post("/api/method/frappe.desk.reportview.export_query", json={
			"doctype": doctype, "file_format_type": "CSV", "fields": json.dumps([f"`tab{doctype}`.`name`"]),
			"filters": json.dumps([[doctype, "name", "in", list(pair.values())]]), "title": doctype})
		if tier == "exp":
			text = response.data.decode("utf-8-sig") if response.status_code == 200 else ""
			self.expect(pair["own"] in text and pair["other"] not in text, f"{doctype} × exporter: export rows")
		else:
			self.expect(response.status_code == 403, f"{doctype} × {tier}: export → {response.status_code}")

	def check_foreign_steps(self, tier: str) -> None:
		"""Acting on a step that belongs to another party is refused, and the case stays as it was."""
		client = self.clients[tier]
		for doctype, side, action in (("Student Transfer", "other", "Approve"), ("Student Transfer", "own", "Approve"),
									  ("Roll Change", "other", "Submit for Approval"), ("Student Transfer", "own", "Reject")):
			name = self.records[doctype][side]
			fresh()
			before = frappe.db.get_value(doctype, name, ["modified", "current_step"])
			response = client.post("/api/method/xueji_app.services.cases.workflow.act",
								   json={"doctype": doctype, "name": name, "action": action, "comment": "越权"})
			fresh()
			after = frappe.db.get_value(doctype, name, ["modified", "current_step"])
			self.expect(response.status_code in (403, 417) and before == after,
						f"{doctype} {side} × {tier}: {action} → {response.status_code}")


def client_upload(client, file_name: str = "proof.jpg", content: bytes | None = None) -> str | None:
	"""Upload a file as the client's user, through the desk's upload endpoint."""
	import io

	response = client.post("/api/method/upload_file", json=None,
						   data={"file": (io.BytesIO(content or factory.image_bytes()), file_name), "is_private": "1"})
	return response.json["message"]["file_url"] if response.status_code == 200 else None


def create_body(doctype: str, records: dict, client) -> dict | None:
	"""A new record in the own scope (school A1 / county 990101 / city 990100)."""
	suffix = frappe.generate_hash(length=6)
	own_student = records["Student"]["own"]
	other_student = records["Student"]["other"]
	bodies = {
		"Student": lambda: factory.student_data("A1", grade="11"),
		"Student Info Change": lambda: {"student": own_student, "reason": "更正", "evidence": client_upload(client),
										"items": [{"field_label": "Student Name", "new_value": "新名" + suffix}]},
		"Roll Change": lambda: {"student": own_student, "change_type": "Going Abroad", "reason_detail": "出国"},
		"Student Transfer": lambda: {"student": other_student, "to_school": school("A1"), "reason": "Household Move",
									 "reason_detail": "随父母迁居",
									 "student_lookup": frappe.db.get_value("Student", other_student, "student_number")},
		"Problem Resolution": lambda: {"student": own_student, "problem": "Duplicate Person", "resolution": "Corroborate", "note": "x",
									   "evidence": client_upload(client)},
		"Data Check": lambda: {"school": school("A1"), "term": f"2040-{suffix}"},
		"Student Import": lambda: {"school": school("A1"), "import_file": client_upload(client, "students.xlsx", sheet_bytes())},
		"School Class": lambda: {"school": school("A1"), "academic_year": "2026-2027", "stage": "Primary", "grade": "15",
								 "class_number": int(suffix, 16) % 80 + 10},
		"School": lambda: {"school_code": f"21990{int(suffix, 16) % 100000:05d}", "school_name": "新建小学" + suffix,
						   "school_type": "Primary School", "region": "990101"},
		"Roll Officer": lambda: new_officer_body(suffix),
		"Roll Policy": lambda: {"policy_key": "XJ-NEW-" + suffix, "title": "新政策", "region": "990100", "stage": "Junior", "enabled": 0},
		"Administrative Region": lambda: {"region_code": "990109", "region_name": "甲市九区", "level": "County",
										  "parent_administrative_region": "990100", "bureau_name": "甲市九区教育局"},
		"Academic Year": lambda: {"year_start_date": "2040-09-01", "year_end_date": "2041-08-31"},
		"Year-End Run": lambda: {"school": school("A1"), "academic_year": "2032-2033"},
	}
	if doctype not in bodies:
		return None
	return {"doctype": doctype, **bodies[doctype]()}


def new_officer_body(suffix: str) -> dict:
	mail = f"xj-new-{suffix}@test.xueji.invalid"
	factory.ensure_user(mail, "new")
	frappe.db.commit()
	return {"user": mail, "tier": "School Registrar", "school": school("A1")}


def cleanup(doctype: str, name: str) -> None:
	"""Remove a record a permitted create made (the fixture stays as it was)."""
	previous = frappe.session.user
	frappe.set_user("Administrator")
	try:
		fresh()
		doc = frappe.get_doc(doctype, name)
		if doc.meta.is_submittable and doc.docstatus == 1:
			doc.cancel()
		if doctype in ("Student Info Change", "Roll Change", "Student Transfer"):
			student = doc.student
			frappe.db.set_value("Student", student, {"has_open_case": 0, "open_case_doctype": None, "open_case": None})
		try:
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		except (frappe.RetryBackgroundJobError, frappe.TimestampMismatchError):
			# a Roll Officer's removal re-saves the user, whose contact a background worker may be writing
			frappe.db.rollback()
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()
	finally:
		frappe.set_user(previous)
