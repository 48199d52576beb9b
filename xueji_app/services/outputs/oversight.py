"""What a bureau watches in its region (domain-spec §6): enrollment statistics, roll changes and transfer
flows, approval monitoring, problem records and the semester data check.

Script reports run raw SQL, which Frappe's permission hooks do not reach, so every query here takes its
condition from the user's scope (``services.security.scope``): a school sees its own students, a bureau the students
of its region, an administrator everything. A region or school filter can only narrow that scope.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules import problems as rules
from xueji_app.rules import rollup as rollup_rules
from xueji_app.rules.calendar_year import term_code
from xueji_app.services.cases.case import CASE_DOCTYPES, current_steps
from xueji_app.services.core.calendar import get_calendar
from xueji_app.services.core.errors import message_for
from xueji_app.services.roll import rollup
from xueji_app.services.security.scope import REGION
from xueji_app.services.security.target import Target

NONE = "(none)"


# --- enrollment statistics -----------------------------------------------------------------------------

#: breakdown → (Student field, code table or None, fixed labels)
DIMENSIONS = {
	"Gender": ("gender", "Sex Code"),
	"Stage": ("stage", None),
	"Grade": ("grade", "Grade"),
	"Ethnic Group": ("ethnicity", "Ethnic Group"),
	"Left-behind Child": ("left_behind", "Left Behind Status"),
	"Child of Migrant Workers": ("is_migrant_child", None),
	"Inclusive Education": ("inclusive_education", "Inclusive Education"),
	"Status": ("status_label", None),
}


def value_labels(dimension: str) -> dict[str, str]:
	field, table = DIMENSIONS[dimension]
	if table == "Grade":
		return dict(frappe.get_all("Grade", fields=["name", "grade_name"], order_by="grade_number, name", as_list=True))
	if table:
		return {r.code: r.label for r in frappe.get_all(table, fields=["code", "label"], order_by="code")}
	if field == "stage":
		return {s: _(s) for s in ("Primary", "Junior", "Senior")}
	if field == "status_label":
		options = frappe.get_meta("Student").get_field("status_label").options.split("\n")
		return {s: _(s) for s in options if s}
	return {"0": _("No"), "1": _("Yes")}


def on_roll_counts(target: Target, row_kind: str, field: str) -> list[dict]:
	"""On-roll students of the target by row node and value, added up from the enrollment rollup (never a
	scan of the Student table): a region's rows by ``lft``, a school's or a grade's by name."""
	rows = frappe.db.sql(*on_roll_counts_query(target, row_kind, field), as_dict=True)
	for row in rows:
		row.value, row.n = (row.value if row.value not in ("", None) else None), int(row.n or 0)
	return [r for r in rows if r.n]


def on_roll_counts_query(target: Target, row_kind: str, field: str) -> tuple[str, dict]:
	"""The SQL of ``on_roll_counts`` and its values (the benchmark prints its plan)."""
	if field in ("grade", "stage"):  # every student is in one gender counter, which carries its grade and stage
		dimension, value = rollup_rules.TOTAL_DIMENSION, f"c.`{field}`"
	else:
		dimension, value = field, "c.value"
	group = {"region": "c.region", "school": "c.school", "grade": "c.grade"}[row_kind]
	# grouped by position: "group by value" would name the counter's own ``value`` column, not the alias
	summed = f"""select {group} as node, {value} as value, sum(c.student_count) as n from `tab{rollup.TABLE}` c
		where c.dimension = %(dimension)s and c.on_roll = 1 and {target.condition('c')} group by 1, 2"""
	if row_kind == "region":  # the counties' sums first, then each county placed in the tree
		summed = f"select r.lft as node, x.value, x.n from ({summed}) x join `tab{REGION}` r on r.name = x.node"
	return summed, {"dimension": dimension}


def enrollment_statistics(filters: dict) -> tuple[list[dict], list[dict], dict]:
	"""On-roll students of the target by child node × the breakdown's values: columns, rows, chart."""
	dimension = filters.get("breakdown") or "Gender"
	if dimension not in DIMENSIONS:
		frappe.throw(_("Unknown breakdown {0}").format(dimension))
	target = Target(filters)
	row_kind, nodes = target.children()
	counts = on_roll_counts(target, row_kind, DIMENSIONS[dimension][0])
	labels = value_labels(dimension)
	table: dict[str, dict[str, int]] = {n["name"]: {} for n in nodes}
	if row_kind == "region":
		starts = [n["lft"] for n in nodes]
		for c in counts:
			at = bisect_right(starts, c.node) - 1
			if at >= 0 and c.node <= nodes[at]["rgt"]:
				bucket = table[nodes[at]["name"]]
				bucket[str(c.value if c.value is not None else NONE)] = bucket.get(str(c.value if c.value is not None else NONE), 0) + c.n
	else:
		for c in counts:
			if c.node in table:
				key = str(c.value if c.value is not None else NONE)
				table[c.node][key] = table[c.node].get(key, 0) + c.n
	seen = {v for bucket in table.values() for v in bucket}
	keys = [k for k in labels if k in seen] + sorted(seen - set(labels))
	columns = [
		{"fieldname": "node", "label": _({"region": "Region", "school": "School", "grade": "Grade"}[row_kind]), "fieldtype": "Data", "width": 200},
		{"fieldname": "node_kind", "label": _("Kind"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "node_name", "label": _("Code"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 90},
	] + [{"fieldname": f"v_{i}", "label": labels.get(k, _("Not Set") if k == NONE else k), "fieldtype": "Int", "width": 90} for i, k in enumerate(keys)]
	rows = []
	for n in nodes:
		bucket = table[n["name"]]
		row = {"node": n["label"], "node_kind": row_kind, "node_name": n["name"], "total": sum(bucket.values())}
		row.update({f"v_{i}": bucket.get(k, 0) for i, k in enumerate(keys)})
		rows.append(row)
	totals = {"node": _("Total"), "node_kind": "", "node_name": "", "total": sum(r["total"] for r in rows)}
	totals.update({f"v_{i}": sum(r[f"v_{i}"] for r in rows) for i in range(len(keys))})
	chart = {
		"data": {"labels": [r["node"] for r in rows], "datasets": [{"name": c["label"], "values": [r[c["fieldname"]] for r in rows]} for c in columns[4:]]},
		"type": "bar", "barOptions": {"stacked": 1},
	}
	return columns, rows + [totals], chart


# --- roll changes and transfer flows -------------------------------------------------------------------


def change_statistics(filters: dict) -> tuple[list[dict], list[dict], dict]:
	"""Roll events (the students' append-only history) by type and month inside the target; transfers in
	and out of it counted by the region on the other side."""
	target = Target(filters)
	start = getdate(filters.get("from_date") or dt.date(getdate(today()).year, 1, 1))
	end = getdate(filters.get("to_date") or today())
	if filters.get("view") == "Transfer Flows":
		return transfer_flows(target, start, end)
	rows = frappe.db.sql(
		f"""select e.event_type, date_format(e.event_date, '%%Y-%%m') as month, count(*) as n
		from `tabStudent Roll Event` e join `tabStudent` s on s.name = e.parent and e.parenttype = 'Student'
		where e.event_date between %(start)s and %(end)s and {target.condition('s')}
		group by e.event_type, month order by month""",
		{"start": start, "end": end},
		as_dict=True,
	)
	months = sorted({r.month for r in rows})
	types = sorted({r.event_type for r in rows})
	table = {(r.event_type, r.month): r.n for r in rows}
	columns = [{"fieldname": "event_type", "label": _("Change Type"), "fieldtype": "Data", "width": 160},
			   {"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 80}]
	columns += [{"fieldname": f"m_{m.replace('-', '_')}", "label": m, "fieldtype": "Int", "width": 80} for m in months]
	data = []
	for t in types:
		row = {"event_type": _(t), "total": sum(table.get((t, m), 0) for m in months)}
		row.update({f"m_{m.replace('-', '_')}": table.get((t, m), 0) for m in months})
		data.append(row)
	chart = {"data": {"labels": months, "datasets": [{"name": _(t), "values": [table.get((t, m), 0) for m in months]} for t in types]}, "type": "line"}
	return columns, data, chart


def transfer_flows(target: Target, start: dt.date, end: dt.date) -> tuple[list[dict], list[dict], dict]:
	"""Completed transfers with one side inside the target: in / out by the region of the other side."""
	inside_to = target.condition("t", "to_region", "to_school")
	inside_from = target.condition("t", "from_region", "from_school")
	flows = frappe.db.sql(
		f"""select ({inside_to}) as is_in, ({inside_from}) as is_out, t.from_region, t.to_region, t.to_outside,
			t.from_outside, count(*) as n
		from `tabStudent Transfer` t
		where t.applied_on between %(start)s and %(end)s and (({inside_to}) or ({inside_from}))
		group by is_in, is_out, t.from_region, t.to_region, t.to_outside, t.from_outside""",
		{"start": start, "end": end},
		as_dict=True,
	)
	names = dict(frappe.get_all(REGION, fields=["name", "region_name"], as_list=True))
	table: dict[str, dict[str, int]] = {}
	for f in flows:
		if f.is_in and f.is_out:
			other, key = _("Within the region"), "within"
		elif f.is_in:
			other, key = (_("Outside the system") if f.from_outside else names.get(f.from_region, f.from_region)), "in"
		else:
			other, key = (_("Outside the system") if f.to_outside else names.get(f.to_region, f.to_region)), "out"
		table.setdefault(other, {"in": 0, "out": 0, "within": 0})[key] += f.n
	columns = [
		{"fieldname": "other", "label": _("Other Side"), "fieldtype": "Data", "width": 200},
		{"fieldname": "transfers_in", "label": _("Transferred In"), "fieldtype": "Int", "width": 100},
		{"fieldname": "transfers_out", "label": _("Transferred Out"), "fieldtype": "Int", "width": 100},
		{"fieldname": "within", "label": _("Within the Region"), "fieldtype": "Int", "width": 100},
		{"fieldname": "net", "label": _("Net"), "fieldtype": "Int", "width": 80},
	]
	rows = [
		{"other": other, "transfers_in": c["in"], "transfers_out": c["out"], "within": c["within"], "net": c["in"] - c["out"]}
		for other, c in sorted(table.items())
	]
	chart = {"data": {"labels": [r["other"] for r in rows], "datasets": [
		{"name": _("Transferred In"), "values": [r["transfers_in"] for r in rows]},
		{"name": _("Transferred Out"), "values": [r["transfers_out"] for r in rows]}]}, "type": "bar"}
	return columns, rows, chart


# --- approval monitoring (监控提醒) ----------------------------------------------------------------------


def open_steps(target: Target) -> list[dict]:
	"""Open (current) steps of the cases that touch the target (a transfer touches both sides)."""
	inside = {
		"Roll Change": target.condition("c"),
		"Student Transfer": f"(({target.condition('c', 'from_region', 'from_school')}) or ({target.condition('c', 'to_region', 'to_school')}))",
	}
	return [step for doctype in CASE_DOCTYPES for step in current_steps(doctype, inside[doctype])]


def approval_monitoring(filters: dict) -> tuple[list[dict], list[dict]]:
	target = Target(filters)
	day = getdate(filters.get("as_of") or today())
	calendar = get_calendar()
	rows = []
	for step in open_steps(target):
		age = calendar.workdays_between(getdate(step.opened_on), day) if step.opened_on else 0
		late = calendar.workdays_between(getdate(step.due_date), day) if step.due_date and getdate(step.due_date) < day else 0
		if filters.get("overdue_only") and not late:
			continue
		rows.append({
			"doctype": _(step.doctype), "case_name": step.name, "reference_doctype": step.doctype,
			"student_name": step.student_name, "case_type": _(step.case_type), "school": step.school,
			"party_role": _(step.party_role), "party_name": step.party_name, "opened_on": step.opened_on,
			"due_date": step.due_date, "age": age, "overdue_days": late,
		})
	rows.sort(key=lambda r: (-r["overdue_days"], -r["age"]))
	columns = [
		{"fieldname": "case_name", "label": _("Case"), "fieldtype": "Dynamic Link", "options": "reference_doctype", "width": 150},
		{"fieldname": "reference_doctype", "label": _("Case DocType"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "doctype", "label": _("Case Type"), "fieldtype": "Data", "width": 90},
		{"fieldname": "case_type", "label": _("Change Type"), "fieldtype": "Data", "width": 90},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 160},
		{"fieldname": "party_role", "label": _("Step"), "fieldtype": "Data", "width": 140},
		{"fieldname": "party_name", "label": _("Office"), "fieldtype": "Data", "width": 160},
		{"fieldname": "opened_on", "label": _("Opened On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "age", "label": _("Age (working days)"), "fieldtype": "Int", "width": 110},
		{"fieldname": "overdue_days", "label": _("Overdue (working days)"), "fieldtype": "Int", "width": 120},
	]
	return columns, rows


# --- 问题学籍 ---------------------------------------------------------------------------------------------

PROBLEM_FIELDS = ["name", "student_name", "school", "grade", "id_type", "id_number", "gender", "date_of_birth",
				  "person_key", "student_source", "modified", *rules.REQUIRED_FIELDS]


def problem_records(filters: dict) -> list[dict]:
	"""Every open problem of the target's students (deleted records stay listed as resolved)."""
	target = Target(filters)
	fields = ", ".join(f"s.`{f}`" for f in dict.fromkeys(PROBLEM_FIELDS))
	students = frappe.db.sql(
		f"select {fields} from `tabStudent` s where s.status_label != 'Pending Registration' and {target.condition('s')}",
		as_dict=True,
	)
	day = getdate(today())
	months = int(filters.get("stale_after_months") or rules.STALE_AFTER_MONTHS)
	found: list[rules.Problem] = []
	for s in students:
		s.reviewed_on = getdate(s.modified)
		found += rules.record_problems(s, day, months)
	found += duplicate_problems(target)
	resolved = {
		(r.student, r.problem): r
		for r in frappe.get_all("Problem Resolution", filters={"student": ["in", list({p.student for p in found}) or [""]], "docstatus": 1},
								fields=["name", "student", "problem", "resolution", "modified"])
	}
	by_name = {s.name: s for s in students}
	missing = {p.student for p in found} - set(by_name)
	for s in frappe.get_all("Student", filters={"name": ["in", list(missing) or [""]]}, fields=["name", "student_name", "school", "grade"]):
		by_name[s.name] = s
	show = filters.get("problem")
	rows = []
	for p in found:
		if show and p.kind != show:
			continue
		done = resolved.get((p.student, p.kind))
		if done and not filters.get("include_resolved"):
			continue
		s = by_name.get(p.student) or {}
		rows.append({
			"student": p.student, "student_name": s.get("student_name"), "school": s.get("school"), "grade": s.get("grade"),
			"problem": _(p.kind), "problem_code": p.kind, "detail": problem_detail(p),
			"resolutions": "、".join(_(r) for r in p.resolutions),
			"resolution": done.name if done else None,
		})
	return rows


def problem_detail(problem: rules.Problem) -> str:
	if problem.violation:
		return message_for(problem.violation, "Student")
	if problem.kind == rules.MISSING_FIELDS:
		meta = frappe.get_meta("Student")
		return "、".join(_(meta.get_label(f)) for f in problem.detail.split(", "))
	if problem.kind == rules.STALE_FIELDS:
		return _("Last updated on {0}").format(problem.detail)
	if problem.kind in (rules.DUPLICATE_ID, rules.DUPLICATE_PERSON):
		return _("Same as {0}").format(problem.detail)
	return problem.detail


def duplicate_problems(target: Target) -> list[rules.Problem]:
	"""Duplicates of the target's students anywhere in the system (a duplicate across counties is still a
	duplicate), by ID number and by 姓名 + 性别 + 出生日期."""
	inside = target.condition("i")
	groups = frappe.db.sql(
		f"""select s.name, s.id_number, s.person_key from `tabStudent` s
		where s.status_label not in ('Cancelled', 'Pending Registration') and (
			s.id_number in (select i.id_number from `tabStudent` i where {inside} and ifnull(i.id_number, '') != ''
				and i.status_label not in ('Cancelled', 'Pending Registration')
				and exists (select 1 from `tabStudent` o where o.id_number = i.id_number and o.name != i.name
					and o.status_label not in ('Cancelled', 'Pending Registration')))
			or s.person_key in (select i.person_key from `tabStudent` i where {inside}
				and i.status_label not in ('Cancelled', 'Pending Registration')
				and exists (select 1 from `tabStudent` o where o.person_key = i.person_key and o.name != i.name
					and o.status_label not in ('Cancelled', 'Pending Registration'))))""",
		as_dict=True,
	)
	mine = set(frappe.db.sql_list(f"select i.name from `tabStudent` i where i.name in %(names)s and {inside}", {"names": [g.name for g in groups] or [""]}))
	return [p for p in rules.duplicate_problems(groups) if p.student in mine]


# --- 数据核查 ---------------------------------------------------------------------------------------------


def data_check_status(filters: dict) -> tuple[list[dict], list[dict]]:
	"""Each school of the target and whether it confirmed its list for the term."""
	target = Target(filters)
	term = filters.get("term") or current_term()
	schools = frappe.db.sql(
		f"""select s.name, s.school_name, s.region, c.name as data_check, c.confirmed_by, c.confirmed_on,
			c.student_count, c.open_problems
		from `tabSchool` s left join `tabData Check` c on c.school = s.name and c.term = %(term)s and c.docstatus = 1
		where s.status = 'Active' and {target.condition('s', 'region', 'name')} order by s.region, s.name""",
		{"term": term},
		as_dict=True,
	)
	rows = [
		{**s, "confirmed": 1 if s.data_check else 0, "term": term}
		for s in schools
		if not filters.get("unconfirmed_only") or not s.data_check
	]
	columns = [
		{"fieldname": "name", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 110},
		{"fieldname": "school_name", "label": _("School Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "region", "label": _("County of Location"), "fieldtype": "Link", "options": REGION, "width": 100},
		{"fieldname": "confirmed", "label": _("Confirmed"), "fieldtype": "Check", "width": 80},
		{"fieldname": "data_check", "label": _("Data Check"), "fieldtype": "Link", "options": "Data Check", "width": 150},
		{"fieldname": "confirmed_by", "label": _("Confirmed By"), "fieldtype": "Link", "options": "User", "width": 160},
		{"fieldname": "confirmed_on", "label": _("Confirmed On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "student_count", "label": _("Students Confirmed"), "fieldtype": "Int", "width": 100},
		{"fieldname": "open_problems", "label": _("Open Problem Records"), "fieldtype": "Int", "width": 110},
	]
	return columns, rows


def current_term() -> str:
	return term_code(getdate(today()))
