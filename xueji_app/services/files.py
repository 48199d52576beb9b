"""Files of the app's records: private, and never copied by URL into another record.

Frappe serves a private file to anyone who may read *any* document one of its File rows is attached to,
and an Attach field saved with the URL of an existing file creates such a row. So a File row that points
at an existing private file is allowed only for a user who may already read that file.
"""

from __future__ import annotations

import frappe
from frappe.core.doctype.file.file import File

from xueji_app.rules import access as rules
from xueji_app.rules.access import AttachmentNotReadable
from xueji_app.rules.values import UploadEmpty
from xueji_app.services.errors import raise_violation


class XuejiFile(File):
	def before_insert(self) -> None:
		self.check_not_empty()
		self.check_reference()
		self.keep_private()
		super().before_insert()

	def check_not_empty(self) -> None:
		"""An upload with no bytes (neither content nor the URL of a stored file) is refused by name; Frappe
		would take it for a reference to a file that does not exist and fail with a server error."""
		if not (self.get("content") or self.file_url or self.is_folder):
			raise_violation(UploadEmpty(field="file_name", value=self.file_name or ""), "File")

	def check_reference(self) -> None:
		"""A new row with no content of its own is a reference to a file already stored."""
		from xueji_app.services.guard import file_readable

		url = self.file_url or ""
		if self.get("content") or self.is_folder or not url.startswith("/private/files/"):
			return
		if frappe.flags.in_install or frappe.flags.in_migrate or self.flags.get("xueji_service"):
			return
		if not file_readable(url):
			raise_violation(AttachmentNotReadable(field="file_url", value=url), "File")

	def keep_private(self) -> None:
		"""An upload to a student's record or a case is private, whatever the uploader ticked."""
		if self.get("content") and self.attached_to_doctype in rules.SCOPED_DOCTYPES:
			self.is_private = 1


def attach_row_files(doc, method: str | None = None) -> None:
	"""doc_event ``on_update`` of the scoped DocTypes: the files of child rows (a case's 证明材料) are
	attached to the record, as Frappe does for the record's own Attach fields only.

	Frappe serves a private file to its owner or to whoever may read the record it is attached to. An
	evidence file left unattached is served to the clerk who uploaded it and to nobody else: the school
	head and the bureau deciding the case could not open it. Attached, it is served exactly to the case's
	parties (whoever may read the case) and still to no other school or county."""
	for table in doc.meta.get_table_fields():
		child = frappe.get_meta(table.options)
		for df in child.get("fields", {"fieldtype": ["in", ("Attach", "Attach Image")]}):
			for row in doc.get(table.fieldname) or []:
				attach(doc, table.fieldname, row.get(df.fieldname))


def attach(doc, fieldname: str, url: str | None) -> None:
	if not (url or "").startswith(("/files/", "/private/files/")):
		return
	here = {"file_url": url, "attached_to_doctype": doc.doctype, "attached_to_name": doc.name}
	if frappe.db.exists("File", here):
		return
	loose = frappe.db.exists("File", {"file_url": url, "attached_to_doctype": ("is", "not set"), "attached_to_name": ("is", "not set")})
	if loose:
		frappe.db.set_value("File", loose, {"attached_to_doctype": doc.doctype, "attached_to_name": doc.name,
											"attached_to_field": fieldname}, update_modified=False)
		return
	# already attached to another record the writer may read (the guard checked): one more row, same file
	row = frappe.get_doc({"doctype": "File", "file_url": url, "attached_to_field": fieldname, "folder": "Home/Attachments",
						  **here})
	row.flags.xueji_service = True
	row.insert(ignore_permissions=True)
