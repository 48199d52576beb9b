"""Deny by default (``rules.endpoints``): a school or bureau user, or a visitor, calls only the whitelisted methods
the app lists; every other ``/api/method/…`` answers 403 before Frappe runs it.

Checked as an ``auth_hooks`` hook, which Frappe runs once the request's user is known — after a session
cookie, an API key or a token — and before the method is looked up, so a refused call runs nothing. The
platform administrators (``scope.is_admin``) are not limited."""

from __future__ import annotations

import re

import frappe
from frappe import _

from xueji_app.rules import endpoints as rules
from xueji_app.services.security.scope import is_admin

PREFIXES = ("/api/method/", "/api/v1/method/", "/api/v2/method/")


def requested_method() -> str | None:
	"""The whitelisted method the request names, as Frappe will look it up; None for any other request."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return None
	cmd = frappe.local.form_dict.get("cmd")
	if cmd:
		return str(cmd)
	path = re.sub(r"/{2,}", "/", request.path or "")  # Werkzeug's routing merges repeated slashes too
	for prefix in PREFIXES:
		if path.startswith(prefix):
			method = path[len(prefix):].strip("/")
			if prefix == "/api/v2/method/" and "/" in method:
				return doctype_method(*method.split("/", 1))
			return method
	return None


def doctype_method(doctype: str, method: str) -> str:
	"""``/api/v2/method/<DocType>/<method>``: the function of the DocType's module Frappe would run."""
	from frappe.modules.utils import load_doctype_module

	try:
		return f"{load_doctype_module(doctype).__name__}.{method}"
	except Exception:
		return f"{doctype}/{method}"  # no such DocType: on no list, refused


def check_request() -> None:
	"""``auth_hooks``: refuse a method that is not on the list (HTTP 403, nothing run)."""
	method = requested_method()
	if method is None:
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	guest = user in (None, "", "Guest")
	if not guest and is_admin(user):
		return
	if not rules.allowed(method, guest=guest):
		frappe.throw(_("This function is not available to you"), frappe.PermissionError, title=_("Not allowed"))
