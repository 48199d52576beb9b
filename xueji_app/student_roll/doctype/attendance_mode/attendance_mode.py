# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AttendanceMode(Document):
	"""National code table (就读方式): the code is stored, the label shown."""
