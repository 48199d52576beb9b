"""Multi-row INSERTs with bound values, for the paths that write thousands of rows at once (the import, the
year-end run). ``frappe.db.bulk_insert`` builds its SQL through pypika, which for 10,000 rows of 80 columns
spends seconds in Python alone; here the statement is a string with placeholders and the driver binds."""

from __future__ import annotations

from collections.abc import Sequence

import frappe


def insert(doctype: str, columns: Sequence[str], rows: Sequence[Sequence], chunk: int = 1000) -> None:
	if not rows:
		return
	names = ", ".join(f"`{c}`" for c in columns)
	one = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(rows), chunk):
		part = rows[start:start + chunk]
		frappe.db.sql(f"insert into `tab{doctype}` ({names}) values {', '.join([one] * len(part))}",
					  [v for row in part for v in row])
