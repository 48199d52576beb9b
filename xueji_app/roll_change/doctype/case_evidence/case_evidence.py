# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CaseEvidence(Document):
	pass
