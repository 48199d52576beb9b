# Copyright (c) 2026, Xueji contributors

from xueji_app.overrides.document import Row


class EnrollmentReconciliationDifference(Row):
	"""A row: read and written only as part of its parent (``overrides.document.Row``)."""
