# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class IDDocumentType(CheckedValues, Document):
	"""National code table (学籍基础信息表): the code is stored, the label shown."""
