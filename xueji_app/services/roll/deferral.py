"""延缓入学 (LN 第四条): the school records the guardians' written application on a child's record not yet on the roll,
the school head decides; an approved deferral moves the date the registration falls due (``rules.deferral``)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules import deferral as rules
from xueji_app.rules.chains import PartyMismatch
from xueji_app.rules.tiers import SCHOOL_HEAD
from xueji_app.services.core.api import whitelist
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.roll.student import check_school_party
from xueji_app.services.security.parties import student_policy
from xueji_app.services.security.scope import get_scope

DOCTYPE = "Student"


def stored(student: str):
	doc = frappe.get_doc(DOCTYPE, student, for_update=True)
	doc.check_permission("read")
	return doc


def save(doc, values: dict) -> None:
	doc.update(values)
	doc.flags.xueji_service = True  # the deferral fields are the service's own (rules.access)
	doc.save(ignore_permissions=True)


@whitelist(methods=["POST"])
def apply_deferral(student: str, deferred_until: str, deferral_reason: str, deferral_application: str) -> str:
	"""The school records the guardians' application (their written request, uploaded) and when the delay ends."""
	from xueji_app.services.security.guard import file_readable

	doc = stored(student)
	check_school_party(doc)
	try:
		until = getdate(deferred_until) if deferred_until else None
	except (ValueError, OverflowError):  # not a date: refused by the rule below, named by its field (not a 500)
		until = None
	refusals = rules.application_refusals(
		status_label=doc.status_label, registration_state=doc.registration_state, deferral_state=doc.deferral_state,
		enrollment_date=getdate(doc.enrollment_date) if doc.enrollment_date else None, until=until,
		reason=deferral_reason, has_application=bool(deferral_application) and file_readable(deferral_application),
		max_months=student_policy(doc).enrollment_deferral_max_months)
	if refusals:
		raise_violation(refusals[0], DOCTYPE)
	save(doc, {"deferral_state": rules.APPLIED, "deferred_until": until, "deferral_reason": deferral_reason.strip(),
			   "deferral_application": deferral_application, "deferral_decided_by": None, "deferral_decided_on": None})
	doc.add_comment("Comment", _("Enrollment deferral applied for until {0}: {1}").format(until, deferral_reason.strip()))
	return doc.deferral_state


@whitelist(methods=["POST"])
def decide_deferral(student: str, decision: str, comment: str | None = None) -> str:
	"""The school head agrees (经学校同意) or refuses; agreed, the registration falls due after the delay."""
	doc = stored(student)
	scope = get_scope()
	if not (scope.is_admin or (scope.tier == SCHOOL_HEAD and scope.school == doc.school)):
		name = frappe.db.get_value("School", doc.school, "school_name") or doc.school
		raise_violation(PartyMismatch(field="deferral_state", party=_("the school head of {0}").format(name)), DOCTYPE)
	refusal = rules.decision_refusal(doc.deferral_state)
	if refusal:
		raise_violation(refusal, DOCTYPE)
	if decision not in ("Approve", "Reject"):
		frappe.throw(_("Decide Approve or Reject"), title=_("Not allowed"))
	values = {"deferral_state": rules.APPROVED if decision == "Approve" else rules.REJECTED,
			  "deferral_decided_by": frappe.session.user, "deferral_decided_on": today()}
	if decision == "Approve":
		values["registration_due_date"] = rules.registration_due_after(getdate(doc.deferred_until))
	save(doc, values)
	doc.add_comment("Comment", (_("Enrollment deferral approved until {0}") if decision == "Approve"
								else _("Enrollment deferral refused")).format(doc.deferred_until) + (f"：{comment}" if comment else ""))
	return doc.deferral_state
