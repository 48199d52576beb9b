"""``override_doctype_class`` for Frappe's ``File`` (checked against Frappe 15.55.1): an empty upload is refused
by name, a new row pointing at a stored private file needs the right to read it, and an upload to a student's
record or a case is private whatever the uploader ticked. Frappe has no hook before it copies a file row."""

from __future__ import annotations

import frappe
from frappe.core.doctype.file.file import File

from xueji_app.rules import access as rules
from xueji_app.rules.access import AttachmentNotReadable, FileStaysPrivate
from xueji_app.rules.values import UploadEmpty
from xueji_app.services.core.errors import raise_violation


class XuejiFile(File):
	def before_insert(self) -> None:
		self.check_not_empty()
		self.check_reference()
		self.keep_private()
		super().before_insert()

	def validate(self) -> None:
		self.refuse_publishing()
		super().validate()

	def check_not_empty(self) -> None:
		"""An upload with no bytes (neither content nor the URL of a stored file) is refused by name; Frappe
		would take it for a reference to a file that does not exist and fail with a server error."""
		if not (self.get("content") or self.file_url or self.is_folder):
			raise_violation(UploadEmpty(field="file_name", value=self.file_name or ""), "File")

	def check_reference(self) -> None:
		"""A new row with no content of its own is a reference to a file already stored."""
		from xueji_app.services.security.guard import file_readable

		url = self.file_url or ""
		if self.get("content") or self.is_folder or not url.startswith("/private/files/"):
			return
		if frappe.flags.in_install or frappe.flags.in_migrate or self.flags.get("xueji_service"):
			return
		if not file_readable(url):
			raise_violation(AttachmentNotReadable(field="file_url", value=url), "File")

	def keep_private(self) -> None:
		"""An upload is private whatever the uploader ticked, when it is for a student's record or a case, or comes
		from anyone but the platform administrator: the evidence dialog uploads a certificate before the case names
		it, and a public file is served to any visitor by its URL. Only the administrator publishes (a logo)."""
		from xueji_app.services.security.scope import is_admin

		if not self.get("content"):
			return
		if self.attached_to_doctype in rules.SCOPED_DOCTYPES or not is_admin(frappe.session.user):
			self.is_private = 1

	def refuse_publishing(self) -> None:
		"""A private file stays private: unticking 私有 on a stored file would move it where visitors read it."""
		from xueji_app.services.security.scope import is_admin

		if self.is_new() or self.is_private or self.is_folder or is_admin(frappe.session.user):
			return
		before = self.get_doc_before_save()
		if before and before.is_private:
			raise_violation(FileStaysPrivate(field="is_private", value=self.file_name or ""), "File")
