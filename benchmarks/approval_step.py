"""Benchmark: one approval step (the head's, then the bureau's) through ``act``, as the officials do,
on a site with the synthetic province (see generate_province.py). Prints p50/p95/max in ms.

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/approval_step.py --site S --cases 40

Every case is rolled back afterwards; the site is left as it was.
"""

from __future__ import annotations

import argparse
import statistics
import time

import frappe


def percentile(values: list[float], p: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--cases", type=int, default=40)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.local.lang = "zh"
	from xueji_app.demo.province import DEMO_SCHOOL_NAME, school_by_name
	from xueji_app.services.cases.workflow import act

	school = school_by_name(DEMO_SCHOOL_NAME)
	registrar, head, county = "registrar.zqsx@demo.xueji.cn", "head.zqsx@demo.xueji.cn", "county.zhanqian@demo.xueji.cn"
	students = frappe.get_all(
		"Student", filters={"school": school, "status_label": "Enrolled", "has_open_case": 0}, pluck="name", limit=args.cases
	)
	total = frappe.db.count("Student")
	head_ms, bureau_ms = [], []
	from xueji_app.demo.province import scanned

	frappe.set_user(registrar)
	passport = scanned("护照或签证")  # the registrar's own upload: a case may attach only that
	for name in students:
		frappe.set_user(registrar)
		case = frappe.get_doc({
			"doctype": "Roll Change", "student": name, "change_type": "Going Abroad", "reason_detail": "随父母出国",
			"evidence": [{"evidence_type": "护照或签证", "file": passport}],
		}).insert()
		act("Roll Change", case.name, "Submit for Approval")
		for user, bucket in ((head, head_ms), (county, bureau_ms)):
			frappe.set_user(user)
			started = time.perf_counter()
			act("Roll Change", case.name, "Approve")
			bucket.append((time.perf_counter() - started) * 1000)
	frappe.db.rollback()
	both = head_ms + bureau_ms
	print(f"approval step with {total} students in the site, {len(both)} steps: "
		  f"p50 {statistics.median(both):.0f} ms, p95 {percentile(both, 95):.0f} ms, max {max(both):.0f} ms "
		  f"(school head p95 {percentile(head_ms, 95):.0f} ms, bureau p95 {percentile(bureau_ms, 95):.0f} ms; "
		  f"the bureau's step also applies the change to the student)")
	frappe.destroy()


if __name__ == "__main__":
	main()
