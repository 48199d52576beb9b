"""The WSGI application gunicorn serves (``xueji_app.wsgi:application``, run from the bench's ``sites``).

Frappe's own application, plus the static files that nginx serves in front of it where nginx is installed
(``/assets``, and each site's public ``/files``), exactly as ``frappe serve`` adds them — without its
Werkzeug debugger, reloader or threads. ``XUEJI_SITE`` pins one site (what ``serve --site`` does); without
it the site comes from the request's host, as behind nginx.

**The client's address.** Frappe takes the first entry of ``X-Forwarded-For`` as the client's address — for
its per-address login limit among others — and a client can send that header itself. So the header is
believed only from a trusted proxy (``XUEJI_TRUSTED_PROXIES``, default the loopback addresses where nginx
runs), and then only its last entry, the one that proxy added; from anyone else it is dropped, and Frappe
uses the connection's address. Rotating or spoofing the header neither locks another school out nor
escapes the limit.
"""

from __future__ import annotations

import os

import frappe.app

frappe.app._sites_path = os.environ.get("XUEJI_SITES_PATH", ".")
if os.environ.get("XUEJI_SITE"):
	frappe.app._site = os.environ["XUEJI_SITE"]

TRUSTED_PROXIES = frozenset(
	a.strip() for a in os.environ.get("XUEJI_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip()
)
FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def client_address(environ: dict, trusted: frozenset[str] = TRUSTED_PROXIES) -> dict:
	"""``environ`` with the forwarding headers a client may not set removed (and the proxy's entry kept)."""
	if environ.get("REMOTE_ADDR") in trusted and environ.get("HTTP_X_FORWARDED_FOR"):
		environ["HTTP_X_FORWARDED_FOR"] = environ["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
		environ.pop("HTTP_X_REAL_IP", None)
		environ.pop("HTTP_FORWARDED", None)
	else:
		for header in FORWARDED:
			environ.pop(header, None)
	return environ


_frappe_application = frappe.app.application_with_statics()


def application(environ, start_response):
	return _frappe_application(client_address(environ), start_response)
