# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class InclusiveEducation(CheckedValues, Document):
	"""National code table (随班就读): the code is stored, the label shown."""
