"""Daily reminders of the school year (besides the overdue steps of ``services.cases.overdue``):

- a suspension about to end (the policy's working days before it does: LN 第十九条, YK 第十四条(四)) and one
  that has ended without a resumption or an extension: the school is told, to tell the family;
- the year-end runs not confirmed as the policy's graduation deadline comes (LN 第十二条: 7月30日): each
  bureau is told which of its schools have not finished, and each such school is told itself.

Each reminder is a system notification, sent once (a suspension's) or once a day (the deadline's).
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules import calendar_year
from xueji_app.rules import school_year as year_rules
from xueji_app.rules.policy import SUSPENSION, SUSPENSION_EXTENSION
from xueji_app.services.cases.overdue import officers
from xueji_app.services.core.calendar import get_calendar
from xueji_app.services.core.policy import policy_for

DEFAULT_NOTICE_WORKDAYS = 10
DEADLINE_NOTICE_DAYS = 10


def daily(on: str | dt.date | None = None) -> dict[str, int]:
	"""The scheduler's daily job."""
	day = getdate(on or today())
	return {"suspensions": remind_suspensions(day), "year_end": remind_year_end(day)}


def notify(users: list[str], subject: str, doctype: str | None = None, name: str | None = None, once_per_day: dt.date | None = None) -> int:
	"""One notification per user, unless the same one was sent already (ever, or on ``once_per_day``)."""
	sent = 0
	for user in sorted(set(users)):
		filters = {"for_user": user, "subject": subject}
		if once_per_day:
			filters["creation"] = [">=", dt.datetime.combine(once_per_day, dt.time.min)]
		if frappe.db.exists("Notification Log", filters):
			continue
		frappe.get_doc({"doctype": "Notification Log", "for_user": user, "type": "Alert", "subject": subject,
						"document_type": doctype, "document_name": name}).insert(ignore_permissions=True)
		sent += 1
	return sent


def suspended_students() -> list[dict]:
	"""Every suspended student with the end of the current suspension (extensions included)."""
	return frappe.db.sql(
		"""select s.name, s.student_name, s.school, s.grade, max(c.effective_until) as until
		from `tabStudent` s join `tabRoll Change` c on c.student = s.name and c.change_state = 'Approved'
			and c.change_type in %(types)s
		where s.status_label = 'Suspended' group by s.name, s.student_name, s.school, s.grade""",
		{"types": (SUSPENSION, SUSPENSION_EXTENSION)},
		as_dict=True,
	)


def remind_suspensions(day: dt.date) -> int:
	by_school, _regions = officers()
	calendar = get_calendar()
	sent = 0
	for s in suspended_students():
		if not s.until:
			continue
		until = getdate(s.until)
		stage = year_rules.stage_of(s.grade or "") or "Primary"
		workdays = policy_for(s.school, stage).resumption_apply_workdays_before_expiry or DEFAULT_NOTICE_WORKDAYS
		opens = calendar.subtract_workdays(until, workdays)
		if day > until:
			subject = _("{0}: the suspension ended on {1} with neither a resumption nor an extension; tell the family and file the case").format(
				s.student_name, until.isoformat())
		elif day >= opens:
			subject = _("{0}: the suspension ends on {1}; tell the family to apply for resumption or an extension by then").format(
				s.student_name, until.isoformat())
		else:
			continue
		sent += notify(by_school.get(s.school, []), subject, "Student", s.name)
	return sent


def remind_year_end(day: dt.date) -> int:
	"""Near and after the graduation deadline, until the school year ends: the schools without a confirmed run."""
	start = calendar_year.school_year_of(day)
	academic_year = calendar_year.year_name(start)
	if not frappe.db.exists("Academic Year", academic_year):
		return 0
	summer_end = calendar_year.year_bounds(start)[1]
	confirmed = set(frappe.get_all("Year-End Run", filters={"academic_year": academic_year, "run_state": "Confirmed"}, pluck="school"))
	schools = frappe.db.sql(
		"""select sc.name, sc.school_name, sc.authority_region, min(st.stage) as stage from `tabSchool` sc
		join `tabStudent` st on st.school = sc.name and st.on_roll = 1
		where sc.status = 'Active' group by sc.name, sc.school_name, sc.authority_region""",
		as_dict=True,
	)
	by_school, by_region = officers()
	pending: dict[str, list[str]] = {}
	sent = 0
	for school in schools:
		if school.name in confirmed:
			continue
		deadline = year_rules.month_day(policy_for(school.name, school.stage or "Primary").graduation_deadline, start + 1)
		if not deadline or not (deadline - dt.timedelta(days=DEADLINE_NOTICE_DAYS) <= day <= summer_end):
			continue
		pending.setdefault(school.authority_region, []).append(school.school_name)
		subject = _("Year-end run of {0} for {1} not confirmed yet; the deadline is {2}").format(
			school.school_name, academic_year, deadline.isoformat())
		sent += notify(by_school.get(school.name, []), subject, "School", school.name, once_per_day=day)
	for region, names in pending.items():
		listed = "、".join(names[:20]) + (_(" and {0} more").format(len(names) - 20) if len(names) > 20 else "")
		subject = _("{0} schools have not finished the year-end run for {1}: {2}").format(len(names), academic_year, listed)
		sent += notify(by_region.get(region, []), subject, "Administrative Region", region, once_per_day=day)
	return sent
