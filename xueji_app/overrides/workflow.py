"""``override_whitelisted_methods`` for the list's bulk workflow actions (checked against Frappe 15.55.1): the
app's records go through ``act`` one by one, with a result for each; other DocTypes to Frappe's own."""

from __future__ import annotations

import json

import frappe

from xueji_app.services.cases.batch import act_many
from xueji_app.services.core.values import is_app_doctype


@frappe.whitelist()
def bulk_workflow_approval(docnames, doctype, action):
	"""Override of ``frappe.model.workflow.bulk_workflow_approval`` (the list's Actions menu)."""
	from frappe.model.workflow import bulk_workflow_approval as frappe_bulk

	if not is_app_doctype(doctype):
		return frappe_bulk(docnames, doctype, action)
	return act_many(doctype, json.loads(docnames) if isinstance(docnames, str) else docnames, action)
