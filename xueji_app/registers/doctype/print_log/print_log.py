# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class PrintLog(CheckedValues, Document):
	"""Who printed what, when: every PDF the app generates is attributable (谁使用、谁负责)."""
