"""Files of the app's records: private, and never copied by URL into another record.

Frappe serves a private file to anyone who may read *any* document one of its File rows is attached to,
and an Attach field saved with the URL of an existing file creates such a row. So a File row that points
at an existing private file is allowed only for a user who may already read that file.
"""

from __future__ import annotations

import frappe
from frappe.core.doctype.file.file import File

from xueji_app.rules import access as rules
from xueji_app.rules.errors import AttachmentNotReadable
from xueji_app.services.errors import raise_violation


class XuejiFile(File):
	def before_insert(self) -> None:
		self.check_reference()
		self.keep_private()
		super().before_insert()

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
