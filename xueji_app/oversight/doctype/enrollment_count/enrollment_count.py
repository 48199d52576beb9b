# Copyright (c) 2026, Xueji contributors

from frappe.model.document import Document


class EnrollmentCount(Document):
	"""One counter of the enrollment rollup (``rules.rollup``): written only by ``services.roll.rollup``, in SQL."""
