# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class StudentSource(CheckedValues, Document):
	"""National code table (学生来源): the code is stored, the label shown."""
