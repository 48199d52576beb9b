# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PrintLog(Document):
	"""Who printed what, when: every PDF the app generates is attributable (谁使用、谁负责)."""
