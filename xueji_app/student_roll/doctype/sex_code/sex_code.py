# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class SexCode(CheckedValues, Document):
	"""National code table (GB/T 2261.1): the code is stored, the label shown."""
