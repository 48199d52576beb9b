# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document
from frappe.utils import getdate

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import workdays
from xueji_app.services.core.calendar import clear_calendar_cache
from xueji_app.services.core.errors import rule_boundary


class HolidayCalendar(CheckedValues, Document):
	"""A year's official holiday schedule, for years ``chinesecalendar`` does not cover (or to correct it)."""

	def validate(self) -> None:
		with rule_boundary(self.doctype):
			workdays.validate_schedule(int(self.year), [(getdate(r.calendar_date), r.kind) for r in self.dates])

	def on_update(self) -> None:
		clear_calendar_cache()

	def on_trash(self) -> None:
		clear_calendar_cache()
