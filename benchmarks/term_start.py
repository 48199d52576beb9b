"""The start of term: many schools import their new pupils at the same moment, each a 500-row sheet checked
and imported as a background job on the long queue. Measures how long the queue takes to drain with
``--workers`` RQ workers (real ``frappe worker --burst`` processes beside the site's own), and checks that no
job failed and no row was lost: every import created all its rows, the Student table grew by exactly that
many, and the enrollment rollup reconciles.

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/term_start.py --site xueji.localhost \\
        --schools 100 --rows 500 --workers 2

The imported students are deleted afterwards (with their counters), so the site is left as it was.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import frappe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from import_students import generate_rows, our_workbook  # noqa: E402


def start_workers(count: int) -> list[subprocess.Popen]:
	"""``count`` burst RQ workers of the long queue, run from the bench's sites folder (the current one)."""
	command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long", "--burst"]
	return [subprocess.Popen(command, cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--schools", type=int, default=100)
	parser.add_argument("--rows", type=int, default=500)
	parser.add_argument("--workers", type=int, default=2)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	from xueji_app.rules import rollup as rules
	from xueji_app.services.roll import rollup, student_import

	schools = frappe.get_all("School", filters={"status": "Active", "teaches_primary": 1}, fields=["name", "region"],
							 order_by="name", limit=args.schools)
	rows = generate_rows(args.rows * len(schools), "", seed=int(time.time()))
	before = frappe.db.count("Student")
	imports = []
	for i, school in enumerate(schools):
		part = [{**r, "school_code": school.name} for r in rows[i * args.rows:(i + 1) * args.rows]]
		sheet = frappe.get_doc({"doctype": "File", "file_name": f"term-start-{school.name}.xlsx", "is_private": 1,
								"content": our_workbook(part, region=school.region)}).insert()
		doc = frappe.get_doc({"doctype": "Student Import", "school": school.name, "import_file": sheet.file_url}).insert()
		doc.db_set("status", "Importing")
		imports.append(doc.name)
	frappe.db.commit()
	started = time.perf_counter()
	for name in imports:  # the desk's 导入 button, for every school at once
		student_import.enqueue(name, "import")
	frappe.db.commit()
	workers = start_workers(args.workers)
	while True:
		frappe.db.rollback()
		states = frappe.get_all("Student Import", filters={"name": ["in", imports]}, fields=["status", "created_rows"])
		if all(s.status in ("Imported", "Failed") for s in states):
			break
		if all(w.poll() is not None for w in workers):  # burst workers left with work still queued: start more
			workers = start_workers(args.workers)
		time.sleep(0.5)
	drained = time.perf_counter() - started
	for w in workers:
		w.wait()
	failed = sum(1 for s in states if s.status == "Failed")
	created = sum(s.created_rows or 0 for s in states)
	grown = frappe.db.count("Student") - before
	differences = sum(len(rules.differences(*rollup.compare(school.region))) for school in {s.region: s for s in schools}.values())
	print(f"{len(imports)} schools × {args.rows} rows imported as jobs by {args.workers} extra workers: queue drained in "
		  f"{drained:.1f} s = {created / drained:.0f} rows/s; failed imports {failed}; rows created {created} of "
		  f"{len(imports) * args.rows}; Student table grew by {grown}; rollup differences {differences}")
	# leave the site as it was
	names = frappe.get_all("Student", filters={"id_number": ["in", [r["id_number"] for r in rows]]}, pluck="name")
	for start in range(0, len(names), 2000):
		chunk = names[start:start + 2000]
		frappe.db.delete("Student Guardian", {"parent": ["in", chunk]})
		frappe.db.delete("Student", {"name": ["in", chunk]})
	rollup.refresh_schools([s.name for s in schools])
	for name in imports:
		frappe.delete_doc("Student Import", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	frappe.destroy()


if __name__ == "__main__":
	main()
