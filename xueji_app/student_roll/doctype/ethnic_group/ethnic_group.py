# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class EthnicGroup(CheckedValues, Document):
	"""National code table (GB 3304): the code is stored, the label shown."""
