# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PoliticalStatus(Document):
	"""National code table (GB/T 4762): the code is stored, the label shown."""
