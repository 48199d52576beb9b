"""Jinja helpers for the print formats (registered in hooks.py ``jinja.methods``), usable in the desk's
print preview and in the PDF pipeline alike."""

from __future__ import annotations

import frappe
from frappe.utils import formatdate, getdate


def code_label(doctype: str, code: str | None) -> str:
	"""A national code by its words, as the paper form has them: 汉族, not 01 汉族 (the code where it has none)."""
	if not code:
		return ""
	label = frappe.get_cached_value(doctype, code, "label") if frappe.db.exists(doctype, code) else None
	return label or code


def region_label(code: str | None) -> str:
	"""出生地, 户口所在地 by name (辽宁省营口市站前区), not by their GB/T 2260 code."""
	from xueji_app.services.roll.regions import region_label as label

	return label(code)


def school_name(code: str | None) -> str:
	return (frappe.get_cached_value("School", code, "school_name") if code else "") or (code or "")


def grade_name(code: str | None) -> str:
	return (frappe.get_cached_value("Grade", code, "grade_name") if code else "") or (code or "")


def class_name(name: str | None) -> str:
	return (frappe.get_cached_value("School Class", name, "class_name") if name else "") or ""


def cn_date(value) -> str:
	"""2026年11月23日 (blank when empty)."""
	if not value:
		return ""
	day = getdate(value)
	return f"{day.year}年{day.month}月{day.day}日"


def yes_no(value) -> str:
	return "是" if value else "否"


def step_for(doc, role: str):
	"""The decided step of a case for a party role ('Receiving School' …); the latest round wins."""
	from frappe import _

	rows = [s for s in (doc.get("steps") or []) if s.party_role in (role, _(role)) and s.decision]
	return rows[-1] if rows else None


def full_name(user: str | None) -> str:
	return (frappe.get_cached_value("User", user, "full_name") if user else "") or (user or "")


def iso(value) -> str:
	return formatdate(value, "yyyy-mm-dd") if value else ""
