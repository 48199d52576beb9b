# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import json

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime

from xueji_app.overrides.document import CheckedValues
from xueji_app.services.roll import student_import as service
from xueji_app.services.security.scope import get_scope

RUNNING = ("Checking", "Importing")


class StudentImport(CheckedValues, Document):
	"""One upload of the student sheet: check, then create the valid rows or nothing."""

	def validate(self) -> None:
		if not self.school:
			self.school = get_scope().school
		if self.has_value_changed("import_file"):
			self.status, self.error_log = "Not Checked", None

	def file_content(self) -> bytes:
		content = frappe.get_doc("File", {"file_url": self.import_file}).get_content()
		return content if isinstance(content, bytes) else content.encode()

	def run_check(self, progress=None) -> service.ImportResult:
		result = service.check_file(self.file_content(), progress=progress)
		self.total_rows, self.valid_rows, self.error_rows = result.total, len(result.valid), result.error_rows
		self.error_log = json.dumps(result.errors, ensure_ascii=False)
		self.checked_on = now_datetime()
		return result

	def stored_for_action(self) -> None:
		"""A desk call may send the whole form (``run_doc_method`` with ``docs``): act on the record as
		stored, which the user must be allowed to write, never on the request's copy of it."""
		if self.is_new() or not frappe.db.exists(self.doctype, self.name):
			frappe.throw(frappe._("Save the import first"), title=frappe._("Not allowed"))
		self.reload()
		self.check_permission("write")
		self.flags.xueji_service = True  # the results below are the system's to record

	@frappe.whitelist()
	def check(self) -> dict:
		"""Check every cell, in a background job; nothing is created."""
		return self.start("check", "Checking")

	@frappe.whitelist()
	def import_valid_rows(self) -> dict:
		"""Create the rows that pass (checked again in the job: the system may have changed since)."""
		return self.start("import", "Importing")

	def start(self, action: str, status: str) -> dict:
		self.stored_for_action()
		if self.status in RUNNING:
			frappe.throw(frappe._("The file is being processed; wait for it to finish"), title=frappe._("Not allowed"))
		self.status, self.failure = status, None
		self.save()
		service.enqueue(self.name, action)
		self.reload()
		return self.summary()

	@frappe.whitelist()
	def import_nothing(self) -> dict:
		self.stored_for_action()
		self.status, self.created_rows = "Nothing Imported", 0
		self.save()
		return self.summary()

	def summary(self) -> dict:
		return {"status": self.status, "total": self.total_rows, "valid": self.valid_rows, "errors": self.error_rows, "created": self.created_rows}
