"""The numbers on the tier workspaces (Number Cards of type Custom), each computed for the user's own
scope: a county officer's card counts the county's students, not the province's."""

from __future__ import annotations

import frappe
from frappe.utils import today

from xueji_app.services.cases.approvals import actionable_steps
from xueji_app.services.core.api import whitelist
from xueji_app.services.outputs.oversight import current_term, open_steps
from xueji_app.services.roll import rollup
from xueji_app.services.security.target import Target


def number(value: int) -> dict:
	return {"value": value, "fieldtype": "Int"}


@whitelist()
def students_on_roll(filters=None) -> dict:
	return number(rollup.students_on_roll(Target({}).condition("c")))


@whitelist()
def my_pending_steps(filters=None) -> dict:
	return number(len(actionable_steps()))


@whitelist()
def overdue_steps(filters=None) -> dict:
	day = frappe.utils.getdate(today())
	return number(sum(1 for s in open_steps(Target({})) if s.due_date and s.due_date < day))


@whitelist()
def pending_registrations(filters=None) -> dict:
	target = Target({})
	return number(frappe.db.sql(
		f"""select count(*) from `tabStudent` s where s.status_label = 'Pending Registration'
		and s.registration_state like 'Pending%%' and {target.condition('s')}""")[0][0])


@whitelist()
def unconfirmed_data_checks(filters=None) -> dict:
	target = Target({})
	return number(frappe.db.sql(
		f"""select count(*) from `tabSchool` s where s.status = 'Active' and {target.condition('s', 'region', 'name')}
		and not exists (select 1 from `tabData Check` c where c.school = s.name and c.term = %(term)s and c.docstatus = 1)""",
		{"term": current_term()})[0][0])
