"""``override_whitelisted_methods`` for ``run_doc_method`` (a form's buttons that call its controller; checked
against Frappe 15.55.1). Given a client's copy of a record (``docs``), Frappe compares its time stamp with the
stored one before it asks whether the user may read the record, and a mismatch answers with the stored record's
``modified`` time: a user of another county learned when a pupil's case last changed. The stored record is
judged first here.

A method marked ``reads_only`` (``services.core.api``) answers without the document Frappe sends back, so the
form keeps what was typed meanwhile."""

from __future__ import annotations

import frappe
from frappe import _


@frappe.whitelist(methods=["GET", "POST"])
def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	from frappe.handler import run_doc_method as frappe_run_doc_method

	if not dt:
		try:
			copy = frappe.parse_json(docs)
		except ValueError:
			copy = None
		if not isinstance(copy, dict) or not isinstance(copy.get("doctype"), str):
			frappe.throw(_("The request could not be carried out: one of its values is missing or not valid"),
						 title=_("Not allowed"))
		name = copy.get("name")
		if (isinstance(name, str) and name and not copy.get("__islocal") and frappe.db.exists(copy["doctype"], name)
				and not frappe.has_permission(copy["doctype"], "read", doc=name)):
			raise frappe.PermissionError
	answer = frappe_run_doc_method(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)
	sent = frappe.response.get("docs") or []
	if sent and getattr(getattr(type(sent[-1]), method, None), "xueji_reads_only", False):
		sent.pop()
	return answer
