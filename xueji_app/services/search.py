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
from xueji_app.services.api import whitelist

#: search queries the app itself whitelists for its Link fields (none at present)
APP_QUERIES: frozenset[str] = frozenset()


def is_scoped(doctype: str) -> bool:
	return doctype in rules.SCOPED_DOCTYPES or doctype in rules.CHILDREN


def narrowed(doctype: str, query: str | None, ignore_user_permissions) -> tuple[str | None, bool]:
	if not is_scoped(doctype):
		return query, ignore_user_permissions
	return (query if query in APP_QUERIES else None), False


@whitelist()
def search_link(doctype: str, txt: str, query: str | None = None, filters=None, page_length: int = 10,
				searchfield: str | None = None, reference_doctype: str | None = None, ignore_user_permissions=False):
	"""Override of ``frappe.desk.search.search_link`` (the Link field's dropdown)."""
	from frappe.desk import search

	query, ignore_user_permissions = narrowed(doctype, query, ignore_user_permissions)
	results = search.search_link(doctype, txt, query, filters, page_length, searchfield, reference_doctype, ignore_user_permissions)
	return labelled(doctype, results)


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
	(市实验小学, 一年级), not 2121000142, 11. The codes are those of the DocType's Link search fields."""
	meta = frappe.get_meta(doctype)
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


@whitelist()
def search_widget(doctype: str, txt: str, query: str | None = None, searchfield: str | None = None, start: int = 0,
				  page_length: int = 10, filters=None, filter_fields=None, as_dict: bool = False,
				  reference_doctype: str | None = None, ignore_user_permissions=False):
	"""Override of ``frappe.desk.search.search_widget`` (the search box)."""
	from frappe.desk import search

	query, ignore_user_permissions = narrowed(doctype, query, ignore_user_permissions)
	return search.search_widget(doctype, txt, query, searchfield, start, page_length, filters, filter_fields,
								as_dict, reference_doctype, ignore_user_permissions)


@whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	"""Override of ``frappe.utils.global_search.search``: Frappe filters its index by role only; the app's
	records are shown only to users who may read them."""
	from frappe.utils.global_search import search

	results = search(text, start, limit, doctype)
	return [r for r in results if not is_scoped(r.doctype) or frappe.has_permission(r.doctype, "read", doc=r.name)]


@whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	"""Override of ``frappe.desk.form.linked_with.get_submitted_linked_docs``, which does not act on its
	own permission check."""
	from frappe.desk.form import linked_with

	if not frappe.has_permission(doctype, "read", doc=name):
		raise frappe.PermissionError
	return linked_with.get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)


@whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Override of ``frappe.desk.listview.get_group_by_count``. Its "assigned to" counts select the records
	without any permission; for the scoped DocTypes they are counted over the records the user may list."""
	from frappe.desk import listview

	if field != "assigned_to" or not is_scoped(doctype):
		return listview.get_group_by_count(doctype, current_filters, field)
	records = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), fields=["name"], run=0, order_by=None,
							 limit_page_length=0)
	records = records.replace("%", "%%")  # the query comes with its values in it; the outer query has its own
	return frappe.db.sql(
		f"""select t.allocated_to as name, count(*) as count
		from `tabToDo` t join `tabUser` u on u.name = t.allocated_to
		where t.status != 'Cancelled' and u.user_type = 'System User' and t.reference_type = %(doctype)s
			and t.reference_name in (select name from ({records}) as scoped)
		group by t.allocated_to order by count desc limit 50""",
		{"doctype": doctype},
		as_dict=True,
	)


@whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""Override of ``frappe.client.get_count``, which counts any DocType with any filter and no permission at
	all (a count of students with a given ID number says whether that child is on a roll, to anyone logged
	in). Every DocType is counted over what the user may list; a child table only through its parent."""
	from frappe.client import get_safe_filters

	if frappe.is_table(doctype):
		raise frappe.PermissionError
	rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as count"], order_by=None)
	return rows[0].count if rows else 0
