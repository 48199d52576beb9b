"""The Frappe boundary of ``rules.values``: every document of the app (and each of its rows) is checked
before anything reads its values, whichever path it came by (the form, REST, a script), so ``NaN``,
``1e308`` or a list in a text field get a message naming the field (HTTP 417) instead of a database error."""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.rules import values as rules
from xueji_app.rules.errors import RuleViolation
from xueji_app.rules.values import ValueNotRows
from xueji_app.services.errors import message_for

MODULES = ("Organization", "Student Roll", "Roll Change", "Registers", "Oversight")


class CheckedValues:
	"""Mixin of every controller of the app (before ``Document``): Frappe reads a document's links before any
	hook runs (``_validate_links``), and a table field given one text is iterated character by character;
	both meet the values first here."""
	def extend(self, key, value):
		rows = value if isinstance(value, list | tuple) else None
		if rows is None or any(not isinstance(row, dict) and not hasattr(row, "doctype") for row in rows):
			refuse(self.doctype, ValueNotRows(field=key))
		return super().extend(key, value)

	def _validate_links(self):
		check_document(self)
		return super()._validate_links()

	# Two schools submitting at once must not deadlock. A new case's name is the last of its child tables'
	# ``parent`` index, so any locking read or delete of its (absent) rows locks the gap at the index's end —
	# where the other case inserts its steps, while holding the same gap: InnoDB kills one of the two.

	def load_doc_before_save(self, *, raise_exception: bool = False):
		"""The stored document with its own row locked (which serializes every save of it) and its rows read
		without locks, instead of Frappe's ``get_doc(for_update=True)``, which also locks the rows' gaps."""
		self._doc_before_save = None
		if self.is_new():
			return
		if not frappe.db.sql(f"select name from `tab{self.doctype}` where name = %s for update", self.name):
			if raise_exception:
				raise frappe.DoesNotExistError(self.doctype, self.name)
			return
		self._doc_before_save = frappe.get_doc(self.doctype, self.name)

	def update_child_table(self, fieldname: str, df=None):
		"""A table empty now and empty as stored is left alone (Frappe would run ``delete … where parent = %s``)."""
		before = getattr(self, "_doc_before_save", None)
		if not self.get(fieldname) and before is not None and not before.get(fieldname):
			return None
		return super().update_child_table(fieldname, df)


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
