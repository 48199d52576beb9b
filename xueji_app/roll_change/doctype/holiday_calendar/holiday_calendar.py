# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document
from frappe.utils import getdate

from xueji_app.rules import workdays
from xueji_app.services.calendar import clear_calendar_cache
from xueji_app.services.errors import rule_boundary
from xueji_app.services.values import CheckedValues


class HolidayCalendar(CheckedValues, Document):
	"""A year's official holiday schedule, for years ``chinesecalendar`` does not cover (or to correct it)."""

	def validate(self) -> None:
		with rule_boundary(self.doctype):
			workdays.validate_schedule(int(self.year), [(getdate(r.calendar_date), r.kind) for r in self.dates])

	def on_update(self) -> None:
		clear_calendar_cache()

	def on_trash(self) -> None:
		clear_calendar_cache()
