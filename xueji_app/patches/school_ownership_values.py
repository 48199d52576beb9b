"""School.ownership: "Public"/"Private" became "Public School"/"Private School", so that the words translate as
公办/民办 without taking Frappe's own "Private" (私有, a private file) with them."""

import frappe


def execute() -> None:
	for old in ("Public", "Private"):
		frappe.db.sql("update `tabSchool` set ownership = %s where ownership = %s", (f"{old} School", old))
