"""The year-end run at province scale: the preview of the largest school, the confirmation of the largest
county school by school, and (``--province``) every school of the province, each through ``act`` as the
schools and bureaus use it (insert the run, 提交, 确认), then reversed so the site is as it was.

Run on a site with the synthetic province (benchmarks/generate_province.py):

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/year_end.py --site S [--province]
"""

from __future__ import annotations

import argparse
import statistics
import time

import frappe


def largest(field: str, where: str = "1=1") -> tuple[str, int]:
	row = frappe.db.sql(
		f"select {field}, count(*) from `tabStudent` where on_roll = 1 and {where} group by {field} order by count(*) desc limit 1"
	)[0]
	return row[0], row[1]


def preview(school: str, year: str, runs: int = 5) -> list[float]:
	from xueji_app.services.roll import year_end

	run = frappe._dict(name=None, school=school, academic_year=year, exceptions=[], applied_on=None)
	times = []
	for _ in range(runs):
		start = time.perf_counter()
		year_end.preview(run)
		times.append(time.perf_counter() - start)
	return times


def confirm(school: str, year: str) -> tuple[str, float, int]:
	"""File the school's run as the desk does and confirm it as the background job does (``run_action_job``: the
	request only checks and queues); returns (run, seconds, students)."""
	from xueji_app.services.cases.workflow import act, run_action_job

	start = time.perf_counter()
	run = frappe.get_doc({"doctype": "Year-End Run", "school": school, "academic_year": year}).insert()
	act("Year-End Run", run.name, "Submit for Confirmation")
	run_action_job("Year-End Run", run.name, "Confirm", None, frappe.session.user)
	frappe.db.commit()
	state, failure = frappe.db.get_value("Year-End Run", run.name, ["run_state", "job_failure"])
	if state != "Confirmed":
		raise RuntimeError(f"{run.name} was not confirmed: {failure}")
	seconds = time.perf_counter() - start
	return run.name, seconds, frappe.db.count("Year-End Run Student", {"run": run.name})


def reverse_and_drop(run: str) -> float:
	from xueji_app.services.cases.workflow import run_action_job

	start = time.perf_counter()
	run_action_job("Year-End Run", run, "Reverse", None, frappe.session.user)
	frappe.delete_doc("Year-End Run", run, force=True, ignore_permissions=True)
	frappe.db.commit()
	return time.perf_counter() - start


def confirm_all(schools: list[str], year: str, label: str) -> None:
	done, total_students, started = [], 0, time.perf_counter()
	for school in schools:
		if frappe.db.exists("Year-End Run", {"school": school, "academic_year": year}):
			frappe.delete_doc("Year-End Run", frappe.db.get_value("Year-End Run", {"school": school, "academic_year": year}),
							  force=True, ignore_permissions=True)
		run, seconds, students = confirm(school, year)
		done.append((run, seconds, students))
		total_students += students
	elapsed = time.perf_counter() - started
	slowest = max(done, key=lambda d: d[1])
	print(f"{label}: {len(done)} schools, {total_students:,} students confirmed in {elapsed:.1f} s "
		  f"({total_students / elapsed:,.0f} students/s); slowest school {slowest[2]:,} students in {slowest[1]:.2f} s")
	started = time.perf_counter()
	for run, _s, _n in done:
		reverse_and_drop(run)
	print(f"{label}: reversed in {time.perf_counter() - started:.1f} s")


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--year", default="2026-2027")
	parser.add_argument("--province", action="store_true", help="also confirm (and reverse) every school of the province")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	try:
		total = frappe.db.count("Student")
		school, size = largest("school")
		times = preview(school, args.year)
		print(f"site: {total:,} students")
		print(f"preview of the largest school ({size:,} students): p50 {statistics.median(times):.2f} s, max {max(times):.2f} s")
		county, county_size = largest("region")
		schools = frappe.get_all("School", filters={"region": county, "status": "Active"}, pluck="name")
		print(f"largest county {county}: {county_size:,} students, {len(schools)} schools")
		# a run is confirmed from the policy's date near the year's end (06-01): the clock is set to 6月15日 of that
		# summer, and runs on (freezegun, installed with the test dependencies)
		from freezegun import freeze_time

		with freeze_time(f"{int(args.year[:4]) + 1}-06-15 02:00:00", tick=True):
			confirm_all(schools, args.year, f"county {county}")
			if args.province:
				confirm_all(frappe.get_all("School", filters={"status": "Active"}, pluck="name", order_by="name"), args.year,
							"province")
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
