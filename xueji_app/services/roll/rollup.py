"""The enrollment rollup (``rules.rollup``) in the database: the Enrollment Count table, changed in the same
transaction as every change that moves a student, and the nightly reconciliation that proves it.

Paths that save a Student document are counted by the Student controller (``record``); the paths that write
students in bulk SQL — the import, the year-end run and its reversal, a duplicate cancelled by a problem
resolution — recount the schools they touched (``refresh_schools``). Counters are changed by adding to them
(``insert … on duplicate key update``), in key order, so two schools' transactions never wait on each
other and one school's wait only on each other's rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import frappe
from frappe.utils import now_datetime

from xueji_app.rules import rollup as rules
from xueji_app.rules.rollup import Key

TABLE = "Enrollment Count"
LOG = "Enrollment Reconciliation"
#: differences kept row by row in one reconciliation's log (the count of all of them is kept too)
LOGGED_DIFFERENCES = 200


def snapshot(doc) -> dict | None:
	return {f: doc.get(f) for f in rules.FIELDS} if doc is not None else None


def record(before, after) -> None:
	"""Count one student's change (documents or dicts; None for a new or a deleted student)."""
	before, after = snapshot(before), snapshot(after)
	if rules.moved(before, after):
		add(rules.delta(before, after))


def add(changes: Mapping[Key, int]) -> None:
	"""Add to the counters (negative to take away); a counter that does not exist yet is created."""
	items = sorted(((k, v) for k, v in changes.items() if v), key=lambda kv: kv[0].name)
	if not items:
		return
	now, user = now_datetime(), frappe.session.user or "Administrator"
	for start in range(0, len(items), 500):
		part = items[start:start + 500]
		values = []
		for key, n in part:
			values += [key.name, *key, n, now, now, user, user]
		frappe.db.sql(
			f"""insert into `tab{TABLE}` (name, region, school, grade, stage, on_roll, dimension, value, student_count,
				creation, modified, owner, modified_by)
			values {", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(part))}
			on duplicate key update student_count = student_count + values(student_count), modified = values(modified)""",
			values,
		)


def counted(condition: str, values: dict) -> Counter[Key]:
	"""A fresh count from the Student table of the students ``condition`` selects (one grouped query)."""
	fields = ", ".join(f"`{f}`" for f in rules.FIELDS)
	rows = frappe.db.sql(
		f"select {fields}, count(*) as n from `tabStudent` where {condition} group by {fields}", values, as_dict=True
	)
	return rules.counts(rows, "n")


def recorded(condition: str, values: dict, lock: bool = False) -> Counter[Key]:
	"""The counters ``condition`` selects; ``lock`` holds them until the transaction ends, so that no change
	is counted while they are compared."""
	rows = frappe.db.sql(
		f"""select region, school, grade, stage, on_roll, dimension, value, student_count from `tab{TABLE}`
		where {condition} {"for update" if lock else ""}""",
		values,
	)
	return Counter({Key(*(v or "" for v in row[:4]), int(row[4]), row[5], row[6] or ""): int(row[7]) for row in rows})


def correction(recorded_counts: Mapping[Key, int], counted_counts: Mapping[Key, int]) -> Counter[Key]:
	return Counter({d.key: d.counted - d.recorded for d in rules.differences(recorded_counts, counted_counts)})


def refresh_schools(schools: Iterable[str]) -> None:
	"""Recount the students of ``schools`` and correct their counters (after a bulk write)."""
	schools = sorted({s for s in schools if s})
	if not schools:
		return
	values = {"schools": schools}
	before = recorded("school in %(schools)s", values, lock=True)
	add(correction(before, counted("school in %(schools)s", values)))


def rebuild() -> int:
	"""Recount every region (after students were loaded around the documents, or to fill a new site's
	counters); committed region by region. Returns the students counted."""
	total = 0
	for region in counted_regions():
		before, fresh = compare(region)
		add(correction(before, fresh))
		total += students(fresh)
		frappe.db.commit()
	return total


def compare(region: str) -> tuple[Counter[Key], Counter[Key]]:
	"""The counters of ``region`` (locked until the transaction ends) and a fresh count of its students.

	The counters are locked first and the students counted after: a change already committed is in both,
	one in progress waits for the lock and is counted by the change itself afterwards."""
	values = {"region": region}
	before = recorded("region = %(region)s", values, lock=True)
	return before, counted("region = %(region)s", values)


def students(counts: Mapping[Key, int]) -> int:
	return sum(n for k, n in counts.items() if k.dimension == rules.TOTAL_DIMENSION)


def ensure_indexes() -> None:
	"""The statistics read one dimension's counters across a region: an index that holds all they read."""
	frappe.db.add_index(TABLE, ["dimension", "on_roll", "region", "value", "student_count"], "dimension_region")


# --- reading ---------------------------------------------------------------------------------------------


def students_on_roll(condition: str) -> int:
	"""On-roll students under ``condition`` (on the counter table, alias ``c``)."""
	return int(frappe.db.sql(
		f"""select coalesce(sum(c.student_count), 0) from `tab{TABLE}` c
		where c.dimension = %s and c.on_roll = 1 and {condition}""", rules.TOTAL_DIMENSION)[0][0])


# --- reconciliation ------------------------------------------------------------------------------------


def counted_regions() -> list[str]:
	"""Every region holding students or counters: the unit of reconciliation (a county, in practice)."""
	return sorted(set(frappe.db.sql_list("select distinct region from `tabStudent` where region is not null"))
				  | set(frappe.db.sql_list(f"select distinct region from `tab{TABLE}` where region != ''")))


def reconcile_all(repair: bool = True) -> list[str]:
	"""The nightly job: each region reconciled and committed on its own (a long night is not one transaction)."""
	logs = []
	for region in counted_regions():
		logs.append(reconcile(region, repair=repair))
		frappe.db.commit()
	return logs


def reconcile(region: str, repair: bool = True) -> str:
	"""Compare the counters of ``region`` with a fresh count of its students; correct them when ``repair``;
	log what was found. Returns the log's name."""
	started = now_datetime()
	before, fresh = compare(region)
	found = rules.differences(before, fresh)
	if found and repair:
		add(correction(before, fresh))
	frappe.db.sql(f"delete from `tab{TABLE}` where region = %s and student_count = 0", region)
	log = frappe.get_doc({
		"doctype": LOG,
		"region": region,
		"started_on": started,
		"finished_on": now_datetime(),
		"students": students(fresh),
		"counters": len(fresh),
		"difference_count": len(found),
		"repaired": int(bool(found and repair)),
		"differences": [
			{"school": d.key.school or None, "grade": d.key.grade or None, "on_roll": d.key.on_roll, "dimension": d.key.dimension,
			 "value": d.key.value, "recorded": d.recorded, "counted": d.counted}
			for d in found[:LOGGED_DIFFERENCES]
		],
	})
	log.flags.ignore_permissions = True
	log.insert()
	return log.name


def nightly() -> None:
	reconcile_all(repair=True)
