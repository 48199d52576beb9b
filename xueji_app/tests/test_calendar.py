"""Holiday Calendar records drive working-day deadlines; a missing year warns and never raises."""

from __future__ import annotations

import datetime as dt

import frappe

from xueji_app.rules.workdays import HolidayDateTwice, HolidayOutsideYear, MakeUpDayNotWeekend
from xueji_app.services.core.calendar import due_date
from xueji_app.tests.utils import XuejiTestCase


class TestHolidayCalendar(XuejiTestCase):
	def tearDown(self):
		super().tearDown()
		if frappe.db.exists("Holiday Calendar", "2027"):
			frappe.delete_doc("Holiday Calendar", "2027")

	def test_missing_year_warns_then_the_entered_schedule_counts(self):
		due, warning = due_date(dt.date(2026, 12, 28), 10)
		self.assertEqual(due, dt.date(2027, 1, 11))
		self.assertIn("2027", warning)
		self.assertIn("节假日安排", warning)
		frappe.get_doc(
			{"doctype": "Holiday Calendar", "year": 2027, "source": "国务院办公厅通知",
			 "dates": [{"calendar_date": "2027-01-01", "kind": "Holiday", "description": "元旦"},
					   {"calendar_date": "2027-01-02", "kind": "Holiday"}, {"calendar_date": "2027-01-03", "kind": "Holiday"}]}
		).insert()
		due, warning = due_date(dt.date(2026, 12, 28), 10)
		self.assertEqual(due, dt.date(2027, 1, 12))
		self.assertIsNone(warning)

	def test_national_day_2026(self):
		self.assertEqual(due_date(dt.date(2026, 9, 25), 10), (dt.date(2026, 10, 15), None))

	def test_bad_schedules_refused(self):
		for rows, exc in (
			([{"calendar_date": "2026-12-31", "kind": "Holiday"}], HolidayOutsideYear),
			([{"calendar_date": "2027-02-03", "kind": "Make-up Workday"}], MakeUpDayNotWeekend),
			([{"calendar_date": "2027-01-01", "kind": "Holiday"}, {"calendar_date": "2027-01-01", "kind": "Holiday"}], HolidayDateTwice),
		):
			with self.assertRaises(exc):
				frappe.get_doc({"doctype": "Holiday Calendar", "year": 2027, "dates": rows}).insert()
			self.assertFalse(frappe.db.exists("Holiday Calendar", "2027"))

	def test_only_the_platform_edits_it(self):
		frappe.set_user("xj-province@test.xueji.invalid")
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Holiday Calendar", "year": 2027, "dates": []}).insert()
