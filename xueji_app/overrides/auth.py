"""``override_whitelisted_methods`` for 忘记密码 (checked against Frappe 15.55.1).

Frappe's ``reset_password`` answers an unknown account with 404 "not found", a disabled one with "disabled",
and one it cannot mail (no outgoing email) with a server error: to a visitor who is not logged in, that tells
who has an account. Here every request gets the same answer; the instructions go only to an account that
exists and may log in. Frappe's own rate limit per address still applies."""

from __future__ import annotations

import frappe
from frappe import _


@frappe.whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: str) -> str:
	from frappe.core.doctype.user.user import reset_password as frappe_reset_password
	from frappe.exceptions import RateLimitExceededError

	try:
		frappe_reset_password(user)
	except RateLimitExceededError:
		raise
	except Exception:
		frappe.db.rollback()
	frappe.clear_messages()
	frappe.local.response.pop("http_status_code", None)
	frappe.msgprint(_("If this account exists, the instructions to reset its password have been sent to its email"),
					title=_("Password Email Sent"))
	return "sent"
