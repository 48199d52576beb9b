"""The Frappe boundary of ``rules.values``: every document of the app (and each of its rows) is checked
before anything reads its values, whichever path it came by (the form, REST, a script), so ``NaN``,
``1e308`` or a list in a text field get a message naming the field (HTTP 417) instead of a database error."""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.rules import values as rules
from xueji_app.rules.errors import RuleViolation
from xueji_app.services.core.errors import message_for

MODULES = ("Organization", "Student Roll", "Roll Change", "Registers", "Oversight")


def refuse(doctype: str, violation: RuleViolation):
	frappe.throw(message_for(violation, doctype), exc=type(violation), title=_("Not allowed"))


def check_document(doc, method: str | None = None) -> None:
	"""Run by ``CheckedValues`` before Frappe reads the links, and as doc_events "*" before_validate and
	before_insert (a document saved with its link check skipped is still checked)."""
	if not is_app_doctype(doc.doctype):
		return
	for row in (doc, *doc.get_all_children()):
		check_values(row)


def check_values(doc) -> None:
	for fieldname, fieldtype, low, high in field_rules(doc.doctype):
		value = doc.get(fieldname)
		if value is None or value == "":
			continue
		try:
			if low is None:
				rules.check_scalar(fieldname, value)
			else:
				doc.set(fieldname, rules.check_number(fieldname, value, low, high, integer=fieldtype in ("Int", "Check")))
		except RuleViolation as violation:
			refuse(doc.doctype, violation)


def is_app_doctype(doctype: str) -> bool:
	return frappe.get_cached_value("DocType", doctype, "module") in MODULES


def field_rules(doctype: str) -> list[tuple[str, str, float | None, float | None]]:
	"""(fieldname, fieldtype, low, high) for each field of ``doctype``: low is None for a text field."""
	cache = getattr(frappe.local, "xueji_field_rules", None)
	if cache is None:
		cache = frappe.local.xueji_field_rules = {}
	if doctype not in cache:
		found = []
		for df in frappe.get_meta(doctype).fields:
			bounds = rules.number_range(df.fieldname, df.fieldtype, bool(df.non_negative))
			if bounds:
				found.append((df.fieldname, df.fieldtype, *bounds))
			elif df.fieldtype in rules.SCALAR_TYPES:
				found.append((df.fieldname, df.fieldtype, None, None))
		cache[doctype] = found
	return cache[doctype]
