# Copyright (c) 2026, Xueji contributors
"""A file prepared in the background for the user who asked (``services.outputs.prepared``). Read-only: only the job
writes it; the user reads it and may delete it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class PreparedFile(CheckedValues, Document):
	def validate(self) -> None:
		self.refuse_edit()

	def refuse_edit(self) -> None:
		"""Only the job records what was prepared."""
		if not self.flags.xueji_service and not frappe.flags.in_install:
			frappe.throw(_("A prepared file is written only by the job that prepares it"), frappe.PermissionError)
