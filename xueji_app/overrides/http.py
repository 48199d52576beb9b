"""HTTP statuses Frappe leaves at 500 for what is the client's doing (checked against Frappe 15.55.1).

``frappe.SecurityException`` is raised by the login limit alone (``frappe.auth.get_login_attempt_tracker``, the
per-user and per-address count of failed logins): a locked-out login is answered 429 Too Many Requests, not a
server error. Frappe has no hook for an exception's status; the class attribute Frappe's error handler reads
(``http_status_code``) is set before each request (``before_request``), so every worker has it."""

from __future__ import annotations

import frappe


def set_statuses() -> None:
	if getattr(frappe.SecurityException, "http_status_code", None) != 429:
		frappe.SecurityException.http_status_code = 429
