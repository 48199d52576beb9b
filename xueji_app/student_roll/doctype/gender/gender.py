# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class Gender(Document):
	"""National code table (GB/T 2261.1): the code is stored, the label shown."""
