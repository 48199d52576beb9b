# Copyright (c) 2026, Xueji contributors

from frappe.model.document import Document

from xueji_app.overrides.document import CheckedValues


class EnrollmentReconciliation(CheckedValues, Document):
	"""What the nightly reconciliation (``services.roll.rollup.reconcile``) found in one region's counters and
	whether it corrected them: read by the region's bureaus."""
