"""Document internals every controller of the app overrides (checked against Frappe 15.55.1).

- ``CheckedValues`` (mixin before ``Document``): values meet ``rules.values`` before Frappe reads links
  (``Document._validate_links``) or iterates a table (``Document.extend``); saves lock only the document's own
  row (``Document.load_doc_before_save``) and leave an empty table alone (``Document.update_child_table``), so
  two schools submitting at once do not deadlock on the child index's gap.
- ``Row``: the base of the app's child tables, judged by their stored parent when fetched on their own
  (``Document.has_permission``)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document

from xueji_app.rules import access as rules
from xueji_app.rules.values import ValueNotRows
from xueji_app.services.core.values import check_document, refuse


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


class Row(CheckedValues, Document):
	"""Base of the app's child tables. Frappe judges a row fetched on its own (``/api/resource/<Child>/<name>``,
	``frappe.client.get``) by the parent DocType's role permissions only, since no parent document is loaded
	with it: every guardian of every student would be readable. Such a row is judged by its stored parent."""
	def has_permission(self, permtype: str = "read", *, debug: bool = False, user: str | None = None) -> bool:
		if self.flags.ignore_permissions:
			return True
		if self.parent_doc is not None:
			return super().has_permission(permtype, debug=debug, user=user)
		if not self.parent or self.parenttype not in rules.ROWS.get(self.doctype, ()):
			return False
		return frappe.has_permission(self.parenttype, permtype, doc=self.parent, user=user, debug=debug)
