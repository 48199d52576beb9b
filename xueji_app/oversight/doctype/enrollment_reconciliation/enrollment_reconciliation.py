# Copyright (c) 2026, Xueji contributors

from frappe.model.document import Document

from xueji_app.services.values import CheckedValues


class EnrollmentReconciliation(CheckedValues, Document):
	"""What the nightly reconciliation (``services.rollup.reconcile``) found in one region's counters and
	whether it corrected them: read by the region's bureaus."""
