"""Every PDF of the app: Jinja print formats rendered by WeasyPrint (A4, Noto CJK, 第 N 页 共 M 页, repeated
table headers), only for users who may read the document, each one logged (who, what, when).

Frappe v15 renders PDFs with wkhtmltopdf and has no hook to swap the engine; the desk's PDF button calls
``frappe.utils.print_format.download_pdf``, which hooks.py overrides with ``download_pdf`` below: the app's
DocTypes come here, every other DocType goes on to Frappe's own.
"""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.services.core.api import whitelist
from xueji_app.services.core.values import MODULES


def render_pdf(html: str) -> tuple[bytes, int]:
	"""HTML → PDF bytes and page count."""
	from weasyprint import HTML

	document = HTML(string=html, base_url=frappe.utils.get_url()).render()
	return document.write_pdf(), len(document.pages)


def render_print_format(doc, print_format: str) -> str:
	"""The print format's Jinja template (its .html file beside the JSON) filled from ``doc``."""
	from frappe.www.printview import get_print_format

	template = get_print_format(doc.doctype, frappe.get_doc("Print Format", print_format))
	return frappe.render_template(template, {"doc": doc, "print_format": print_format})


def default_format(doctype: str) -> str | None:
	return frappe.db.get_value("Print Format", {"doc_type": doctype, "standard": "Yes", "disabled": 0, "module": ["in", list(MODULES)]})


def document_pdf(doctype: str, name: str, print_format: str | None = None) -> tuple[bytes, str]:
	"""The PDF of one document for the session user; refused unless they may read it. Logged."""
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	print_format = print_format if print_format and print_format != "Standard" else default_format(doctype)
	if not print_format:
		frappe.throw(_("There is no print format for {0}").format(_(doctype)))
	if doctype == "Student":
		check_certificate(doc, print_format)
	pdf, pages = render_pdf(render_print_format(doc, print_format))
	log(doctype, name, print_format, pages, doc.get("school") or doc.get("to_school"))
	return pdf, f"{_(print_format)}-{name}.pdf"


def check_certificate(student, print_format: str) -> None:
	"""学历证明书 and 义务教育修业证明 only for a student whose roll says he earned them."""
	from xueji_app.rules.school_year import certificate_refusal
	from xueji_app.services.core.errors import raise_violation

	continued = bool(student.graduation_date and student.certificate_number and student.status_label == "Enrolled")
	refusal = certificate_refusal(print_format, student.status_label, continued)
	if refusal:
		raise_violation(refusal, "Student")


@frappe.write_only()
def log(doctype: str, name: str | None, print_format: str, pages: int, school: str | None = None, filters: str | None = None) -> None:
	"""Record who printed what. The desk fetches PDFs by GET, and Frappe rolls a GET request back unless
	told to commit: the log row must survive the download."""
	frappe.local.flags.commit = True
	frappe.get_doc(
		{
			"doctype": "Print Log",
			"user": frappe.session.user,
			"reference_doctype": doctype,
			"reference_name": name,
			"print_format": print_format,
			"school": school,
			"region": frappe.get_cached_value("School", school, "region") if school else None,
			"pages": pages,
			"filters": filters,
		}
	).insert(ignore_permissions=True)


@whitelist()
def pdf(doctype: str, name: str, print_format: str | None = None) -> None:
	"""/api/method/xueji_app.services.outputs.pdf.pdf?doctype=…&name=…: the app's own endpoint."""
	content, filename = document_pdf(doctype, name, print_format)
	send(content, filename)


def send(content: bytes, filename: str) -> None:
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = content
	frappe.local.response.type = "pdf"
