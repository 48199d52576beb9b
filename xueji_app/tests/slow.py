"""An endpoint that keeps a web worker busy, for the test that other users are served meanwhile. It answers
only on a site that allows tests."""

from __future__ import annotations

import time

import frappe


@frappe.whitelist(allow_guest=True)
def hold(seconds: float = 5) -> str:
	if not frappe.conf.get("allow_tests"):
		raise frappe.PermissionError
	time.sleep(min(float(seconds), 30))
	return "held"
