"""The daily overdue check (监控提醒): every case step past its due date notifies the step's party and the
bureau above it, once per step per day (system notification and email)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules.chains import AUTHORITY
from xueji_app.rules.tiers import SCHOOL_TIERS
from xueji_app.services.cases.case import CASE_DOCTYPES, current_steps

REGION = "Administrative Region"


def flag_overdue(on: str | dt.date | None = None) -> int:
	"""Notify about every overdue open step; returns how many steps were notified."""
	day = getdate(on or today())
	by_school, by_region = officers()
	parents = dict(frappe.get_all(REGION, fields=["name", "parent_administrative_region"], as_list=True))
	authorities = dict(frappe.get_all("School", fields=["name", "authority_region"], as_list=True))
	notified = 0
	for doctype in CASE_DOCTYPES:
		if not frappe.db.exists("DocType", doctype):
			continue
		steps = current_steps(
			doctype,
			"c.current_due_date < %(day)s and (s.last_reminded_on is null or s.last_reminded_on < %(day)s)",
			{"day": day},
		)
		for step in steps:
			node = step.recorder or step.party
			if step.party_kind == AUTHORITY or step.recorder:
				party_users, superior = by_region.get(node, []), by_region.get(parents.get(node), [])
			else:
				party_users, superior = by_school.get(node, []), by_region.get(authorities.get(node), [])
			notify(doctype, step, sorted(set(party_users) | set(superior)), day)
			frappe.db.set_value("Case Step", step.step, "last_reminded_on", day, update_modified=False)
			notified += 1
	return notified


def officers() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
	"""The enabled officers' users by the school they serve and by the bureau's region."""
	by_school, by_region = {}, {}
	for o in frappe.get_all("Roll Officer", filters={"enabled": 1}, fields=["user", "tier", "region", "school"]):
		if o.tier in SCHOOL_TIERS:
			by_school.setdefault(o.school, []).append(o.user)
		else:
			by_region.setdefault(o.region, []).append(o.user)
	return by_school, by_region


def notify(doctype: str, step, users: list[str], day: dt.date) -> None:
	subject = _("Overdue: {0} of {1} ({2}) was due on {3}").format(
		step.party_name, _(doctype), step.student_name, getdate(step.due_date).isoformat()
	)
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"subject": subject,
				"document_type": doctype,
				"document_name": step.name,
			}
		).insert(ignore_permissions=True)
	if users and can_email():
		frappe.sendmail(
			recipients=users, subject=subject, message=subject, reference_doctype=doctype,
			reference_name=step.name, delayed=True,
		)


def can_email() -> bool:
	"""Email goes out only where the site has an outgoing account; the system notification always does."""
	return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}))
