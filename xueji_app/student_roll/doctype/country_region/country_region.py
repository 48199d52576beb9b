# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CountryRegion(Document):
	"""National code table (GB/T 2659): the code is stored, the label shown."""
