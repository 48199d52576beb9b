# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class LeftBehindStatus(CheckedValues, Document):
	"""National code table (留守儿童): the code is stored, the label shown."""
