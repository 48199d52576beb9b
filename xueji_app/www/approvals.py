"""/approvals: the phone page of the approval list (services.cases.approvals does the work)."""

from __future__ import annotations

import frappe
from frappe import _

no_cache = 1

#: texts the page's script shows, in the user's language
SCRIPT_TEXTS = (
	"Approve", "Reject", "Opinion", "A rejection needs a reason", "Overdue", "Due", "Nothing to decide now",
	"Back", "Approved", "Rejected", "Steps", "Evidence", "Reason", "From", "To", "Student Number", "Saved",
	"Pending", "Current step", "Loading…", "Tap to close",
)


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/approvals"
		raise frappe.Redirect
	context.no_cache = 1
	context.title = _("My Approvals")
	context.texts = {t: _(t) for t in SCRIPT_TEXTS}
	context.csrf_token = frappe.sessions.get_csrf_token()
	context.full_name = frappe.utils.get_fullname(frappe.session.user)
	return context
