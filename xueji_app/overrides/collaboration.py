"""``override_whitelisted_methods`` for the like button and tags (checked against Frappe 15.55.1):
``frappe.desk.like.toggle_like`` writes ``_liked_by`` onto any record it is named and adds a Like comment,
without asking whether the user may read the record: a record of the roll is liked only by its readers. The tag
endpoints refuse a record the user may not change with an IndexError (HTTP 500) after Frappe's own refusal:
the write right is asked first here."""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.services.security.references import is_guarded, may_read


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	from frappe.desk.like import toggle_like as frappe_toggle_like

	if not isinstance(doctype, str) or not isinstance(name, str):
		frappe.throw(_("Choose the record to like"), title=_("Not allowed"))
	if is_guarded(doctype) and not may_read(doctype, name):
		frappe.throw(_("{0} {1} is not yours to read, so nothing may be attached to it").format(_(doctype), name),
					 frappe.PermissionError, title=_("Not allowed"))
	return frappe_toggle_like(doctype, name, add)


def check_tagging(dt, names) -> None:
	"""Tags are written onto the record (``_user_tags``) and need its write right, as Frappe's ``DocTags``
	asks; asked here first, a refusal is a 403 naming the record, not Frappe's IndexError after its own."""
	if not isinstance(dt, str) or not dt or not all(isinstance(n, str) and n for n in names) or not names:
		frappe.throw(_("Choose the records and the tag"), title=_("Not allowed"))
	if not frappe.db.exists("DocType", dt):
		frappe.throw(_("Choose the records and the tag"), title=_("Not allowed"))
	for name in names:
		if not frappe.db.exists(dt, name) or not frappe.has_permission(dt, "write", doc=name):
			frappe.throw(_("{0} {1} is not yours to change, so it cannot be tagged").format(_(dt), name),
						 frappe.PermissionError, title=_("Not allowed"))


@frappe.whitelist()
def add_tag(tag, dt, dn, color=None):
	from frappe.desk.doctype.tag.tag import add_tag as frappe_add_tag

	check_tagging(dt, [dn])
	return frappe_add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags, dt, docs, color=None):
	from frappe.desk.doctype.tag.tag import add_tags as frappe_add_tags

	try:
		names = frappe.parse_json(docs)
	except ValueError:
		names = None
	check_tagging(dt, names if isinstance(names, list) else [None])
	return frappe_add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag, dt, dn):
	from frappe.desk.doctype.tag.tag import remove_tag as frappe_remove_tag

	check_tagging(dt, [dn])
	return frappe_remove_tag(tag, dt, dn)
