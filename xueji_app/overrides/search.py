"""``override_whitelisted_methods`` for Frappe's search, count and linked-document endpoints (checked against
Frappe 15.55.1). Each keeps the signature of the method it replaces (``contracts`` compares them) and calls
Frappe's own after narrowing what it may see: Frappe's versions honour a client-sent
``ignore_user_permissions``, count any DocType without permission, or do not act on their own check."""

from __future__ import annotations

import inspect

import frappe

from xueji_app.services.core.api import whitelist
from xueji_app.services.security.search import is_scoped, labelled, narrowed


@whitelist()
def search_link(doctype: str, txt: str, query: str | None = None, filters=None, page_length: int = 10,
				searchfield: str | None = None, reference_doctype: str | None = None, ignore_user_permissions=False):
	"""Override of ``frappe.desk.search.search_link`` (the Link field's dropdown)."""
	from frappe.desk import search

	query, ignore_user_permissions = narrowed(doctype, query, ignore_user_permissions)
	results = search.search_link(doctype, txt, query, filters, page_length, searchfield, reference_doctype, ignore_user_permissions)
	return labelled(doctype, results)


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
	own permission check. Frappe 15.51 takes (doctype, name), 15.55 adds ``ignore_doctypes_on_cancel_all``:
	the third argument goes only to a Frappe that takes it."""
	from frappe.desk.form import linked_with

	if not frappe.has_permission(doctype, "read", doc=name):
		raise frappe.PermissionError
	original = linked_with.get_submitted_linked_docs
	if "ignore_doctypes_on_cancel_all" in inspect.signature(inspect.unwrap(original)).parameters:
		return original(doctype, name, ignore_doctypes_on_cancel_all)
	return original(doctype, name)


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


@whitelist()
def get_link_title(doctype: str, docname: str):
	"""Override of ``frappe.desk.search.get_link_title``, which answers any record's title to anyone logged in:
	a Student's title is the pupil's name, and its keys are numbered in sequence. A record of the app's scope is
	titled only for a user who may read it; to anyone else its key is its title (as before titles were shown)."""
	from frappe.desk import search

	if is_scoped(doctype) and not frappe.has_permission(doctype, "read", doc=docname):
		return docname
	return search.get_link_title(doctype, docname)
