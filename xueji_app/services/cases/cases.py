"""A student has at most one open case (在办业务): registration, info change, any roll change.

Filing takes a row lock on the student (``SELECT … FOR UPDATE``), so of two registrars filing for the same
student at the same moment, the second waits for the first to commit, then sees the open case and is
refused: exactly one case.
"""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.rules.eligibility import OpenCaseExists
from xueji_app.services.core.errors import raise_violation


def open_case(student: str, doctype: str, name: str) -> None:
	row = frappe.db.sql(
		"select has_open_case, open_case_doctype, open_case from `tabStudent` where name = %s for update",
		student,
		as_dict=True,
	)
	current = row[0] if row else None
	if current and current.has_open_case and (current.open_case_doctype, current.open_case) != (doctype, name):
		case = f"{_(current.open_case_doctype)} {current.open_case}"
		raise_violation(OpenCaseExists(field="student", case=case), doctype)
	frappe.db.set_value(
		"Student", student, {"has_open_case": 1, "open_case_doctype": doctype, "open_case": name}, update_modified=False
	)


def close_case(student: str, doctype: str, name: str) -> None:
	"""Clear the open case if it is this one (idempotent)."""
	frappe.db.sql(
		"""update `tabStudent` set has_open_case = 0, open_case_doctype = null, open_case = null
		where name = %s and open_case_doctype = %s and open_case = %s""",
		(student, doctype, name),
	)
