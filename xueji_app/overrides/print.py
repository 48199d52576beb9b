"""``override_whitelisted_methods`` for the desk's PDF button (checked against Frappe 15.55.1): the app's
DocTypes are rendered by WeasyPrint (Frappe v15 renders with wkhtmltopdf and has no hook to swap the engine);
every other DocType goes to Frappe's own ``download_pdf``."""

from __future__ import annotations

import frappe

from xueji_app.services.core.values import is_app_doctype
from xueji_app.services.outputs.pdf import document_pdf, send


@frappe.whitelist()
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""Override of ``frappe.utils.print_format.download_pdf`` (the desk's PDF button)."""
	if not is_app_doctype(doctype):
		from frappe.utils.print_format import download_pdf as frappe_download_pdf

		return frappe_download_pdf(doctype, name, format, doc, no_letterhead, language, letterhead)
	if language:
		frappe.local.lang = language
	pdf, filename = document_pdf(doctype, name, format)
	send(pdf, filename)
