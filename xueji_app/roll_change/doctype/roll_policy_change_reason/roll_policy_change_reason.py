# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from xueji_app.services.guard import Row


class RollPolicyChangeReason(Row):
	"""A row: read and written only as part of its parent (``services.guard.Row``)."""
