# Copyright (c) 2026, Xueji contributors

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class ExportLog(CheckedValues, Document):
	"""Who exported what, with which filters and how many rows (谁使用、谁导出、谁负责): written by
	``services.outputs.exports`` for every export and report download; read by the bureaus of the region."""
