"""The WSGI application gunicorn serves (``xueji_app.wsgi:application``, run from the bench's ``sites``).

Frappe's own application, plus the static files that nginx serves in front of it where nginx is installed
(``/assets``, and each site's public ``/files``), exactly as ``frappe serve`` adds them — without its
Werkzeug debugger, reloader or threads. ``XUEJI_SITE`` pins one site (what ``serve --site`` does); without
it the site comes from the request's host, as behind nginx.
"""

from __future__ import annotations

import os

import frappe.app

frappe.app._sites_path = os.environ.get("XUEJI_SITES_PATH", ".")
if os.environ.get("XUEJI_SITE"):
	frappe.app._site = os.environ["XUEJI_SITE"]
application = frappe.app.application_with_statics()
