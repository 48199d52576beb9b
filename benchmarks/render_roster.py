"""Benchmark: render a school roster of N students (新生花名册 layout) to PDF with WeasyPrint.

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/render_roster.py --site S --students 3000

Uses real students of the largest school of the site (generate_province.py) and the app's own register code.
Prints seconds, pages and pages/s.
"""

from __future__ import annotations

import argparse
import time

import frappe


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--students", type=int, default=3000)
	parser.add_argument("--out", help="write the PDF here")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	from xueji_app.services.outputs import registers
	from xueji_app.services.outputs.pdf import render_pdf

	school = frappe.db.sql("select school from `tabStudent` group by school order by count(*) desc limit 1")[0][0]
	started = time.perf_counter()
	rows = registers.student_rows({"school": school, "on_roll": 1})[: args.students]
	queried = time.perf_counter()
	html = registers.render_register(registers.ENROLLMENT, school, "2026-2027", registers.STUDENT_COLUMNS, rows)
	rendered = time.perf_counter()
	pdf, pages = render_pdf(html)
	done = time.perf_counter()
	print(f"roster of {len(rows)} students: rows {queried - started:.2f} s, html {rendered - queried:.2f} s, "
		  f"pdf {done - rendered:.2f} s; total {done - started:.2f} s, {pages} pages = {pages / (done - started):.1f} pages/s, "
		  f"{len(pdf) / 1e6:.1f} MB")
	if args.out:
		with open(args.out, "wb") as f:
			f.write(pdf)
	frappe.destroy()


if __name__ == "__main__":
	main()
