"""Benchmark: the bureau's views on a site with the synthetic province (generate_province.py, ~1,000,000
students). Prints p50/p95 in ms for:

- the Enrollment Statistics report of a county and of the province (by sex and by 民族);
- the phone approval list of a school head with 200 pending steps (created here, rolled back after);
- a county's Student list page: 20 rows filtered by grade, newest first (Frappe's list query with the
  county officer's User Permissions, as the desk list view runs it).

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/oversight.py --site S
"""

from __future__ import annotations

import argparse
import statistics
import time

import frappe


def timed(fn, runs: int) -> tuple[float, float]:
	samples = []
	for _ in range(runs):
		started = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - started) * 1000)
	ordered = sorted(samples)
	return statistics.median(samples), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def plan(sql: str, values=None) -> None:
	"""What MariaDB does for ``sql``: the index each table is read by and the rows it expects to read."""
	rows = frappe.db.sql("explain " + sql, values, as_dict=True) if values else frappe.db.sql("explain " + sql.replace("%", "%%"), as_dict=True)
	for row in rows:
		print(f"    plan: {row.table} by {row.type} on {row.key or '-'} ({row.rows} rows) {row.Extra or ''}")


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=20)
	parser.add_argument("--pending", type=int, default=200)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.local.lang = "zh"
	from xueji_app.demo.province import DEMO_SCHOOL_NAME, school_by_name
	from xueji_app.services.cases import approvals
	from xueji_app.services.cases.workflow import act
	from xueji_app.services.outputs import oversight

	total = frappe.db.count("Student")
	county_user, province_user = "county.zhanqian@demo.xueji.cn", "province@demo.xueji.cn"
	print(f"site {args.site}: {total} students, {args.runs} runs each")
	for user, label in ((county_user, "county"), (province_user, "province")):
		frappe.set_user(user)
		for breakdown in ("Gender", "Ethnic Group"):
			p50, p95 = timed(lambda: oversight.enrollment_statistics({"breakdown": breakdown}), args.runs)
			print(f"  enrollment statistics, {label} by {breakdown}: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
		target = oversight.Target({})
		row_kind, _nodes = target.children()
		plan(*oversight.on_roll_counts_query(target, row_kind, "ethnicity"))

	frappe.set_user(county_user)
	county = frappe.db.get_value("Roll Officer", county_user, "region")
	in_county = frappe.db.count("Student", {"region": county})
	p50, p95 = timed(
		lambda: frappe.get_list(
			"Student", filters={"grade": "13"}, fields=["name", "student_name", "school", "grade", "status_label", "modified"],
			order_by="modified desc", limit_page_length=20,
		),
		args.runs * 3,
	)
	print(f"  county Student list ({in_county} students in the county), 20 rows of grade 13: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
	plan(frappe.get_list("Student", filters={"grade": "13"}, fields=["name", "student_name", "school", "grade", "status_label", "modified"],
						 order_by="modified desc", limit_page_length=20, run=0))

	school = school_by_name(DEMO_SCHOOL_NAME)
	registrar, head = "registrar.zqsx@demo.xueji.cn", "head.zqsx@demo.xueji.cn"
	frappe.set_user(registrar)
	from xueji_app.demo.province import scanned

	passport = scanned("护照或签证")  # the registrar's own upload: a case may attach only that
	for name in frappe.get_all("Student", filters={"school": school, "status_label": "Enrolled", "has_open_case": 0}, pluck="name", limit=args.pending):
		case = frappe.get_doc({
			"doctype": "Roll Change", "student": name, "change_type": "Going Abroad", "reason_detail": "随父母出国",
			"evidence": [{"evidence_type": "护照或签证", "file": passport}],
		}).insert()
		act("Roll Change", case.name, "Submit for Approval")
	frappe.set_user(head)
	pending = len(approvals.my_steps())
	p50, p95 = timed(approvals.my_steps, args.runs)
	print(f"  phone approval list of a school head with {pending} pending steps: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
	frappe.db.rollback()
	frappe.destroy()


if __name__ == "__main__":
	main()
