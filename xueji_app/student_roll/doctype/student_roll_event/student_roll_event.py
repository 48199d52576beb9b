# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from xueji_app.overrides.document import Row


class StudentRollEvent(Row):
	"""A row: read and written only as part of its parent (``overrides.document.Row``)."""
