"""Link search and global search for the app's records, never around the scope.

Frappe's ``search_widget`` honours a client-sent ``ignore_user_permissions=1`` whenever some Link field to
the DocType carries that flag (``Student Transfer.student`` does, so that a receiving school can name a
student of another school), and it then runs the query without any permission at all. For the scoped
DocTypes the flag is dropped and only the app's own search queries may be named; a receiving school finds
another school's student through ``student_transfer.find_student`` (exact number, masked, logged).
"""

from __future__ import annotations

import frappe

from xueji_app.rules import access as rules

#: search queries the app itself whitelists for its Link fields (none at present)
APP_QUERIES: frozenset[str] = frozenset()


def is_scoped(doctype: str) -> bool:
	return doctype in rules.SCOPED_DOCTYPES or doctype in rules.CHILDREN


def narrowed(doctype: str, query: str | None, ignore_user_permissions) -> tuple[str | None, bool]:
	if not is_scoped(doctype):
		return query, ignore_user_permissions
	return (query if query in APP_QUERIES else None), False


def titles(doctype: str, names) -> dict[str, str]:
	"""The title of each of ``names`` (a school's name, a grade's, a code's label), for a DocType that shows its
	title in links; {} for one that does not. One query."""
	meta = frappe.get_meta(doctype)
	names = [n for n in set(names) if n not in (None, "")]
	if not (names and meta.show_title_field_in_link and meta.title_field and meta.title_field != "name"):
		return {}
	return {k: v for k, v in frappe.get_all(doctype, filters={"name": ["in", names]}, fields=["name", meta.title_field],
											as_list=True) if v}


def labelled(doctype: str, results: list[dict]) -> list[dict]:
	"""A dropdown line's description names what its codes stand for: a student's school and grade by name
	(市实验小学, 一年级), not 2121000142, 11. The codes are those of the DocType's Link search fields. Where the
	line's label is the record's title (a code table's 男, a student's name), its key is not repeated under it:
	Frappe puts it first in the description (1, XS-000000115), which a clerk has no use for."""
	meta = frappe.get_meta(doctype)
	if meta.show_title_field_in_link:
		for r in results:
			pieces = [p for p in (r.get("description") or "").split(", ") if p and p != r.get("value")]
			r["description"] = ", ".join(pieces)
	links = [df for df in meta.fields if df.fieldtype == "Link" and df.fieldname in (meta.search_fields or "").replace(" ", "").split(",")]
	if not links or not results:
		return results
	found: dict[str, str] = {}
	pieces = {p for r in results for p in (r.get("description") or "").split(", ") if p}
	for df in links:
		found.update(titles(df.options, pieces))
	for r in results:
		if r.get("description"):
			r["description"] = ", ".join(found.get(p, p) for p in r["description"].split(", "))
	return results
