"""The mobile approval list: the steps the logged-in person may decide now, one case in detail, and the
decision itself, which goes through ``services.workflow.act`` like the desk (same party, reason and
evidence checks on the server).

A step is the person's when it is the case's current step and its party is their office: their school
(School Head) or their bureau (the recording bureau for a party outside the system).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules.chains import AUTHORITY
from xueji_app.services.api import whitelist
from xueji_app.services.case import CASE_DOCTYPES, current_steps
from xueji_app.services.scope import Scope, get_scope
from xueji_app.services.workflow import act

DECISIONS = ("Approve", "Reject")
SCHOOL_APPROVER = "School Head"


def party_condition(scope: Scope) -> str | None:
	"""SQL on the step alias ``s`` for the steps whose party is this person's office (None: no step)."""
	if scope.is_admin:
		return "1=1"
	if scope.is_school:
		if SCHOOL_APPROVER not in frappe.get_roles(scope.user):
			return None
		return (f"s.party_kind != '{AUTHORITY}' and ifnull(s.recorder, '') = '' "
				f"and s.party = {frappe.db.escape(scope.school)}")
	if scope.is_bureau:
		region = frappe.db.escape(scope.region)
		return (f"((s.party_kind = '{AUTHORITY}' and ifnull(s.recorder, '') = '' and s.party = {region}) "
				f"or s.recorder = {region})")
	return None


def actionable_steps(scope: Scope | None = None, limit: int = 500) -> list[dict]:
	scope = scope or get_scope()
	condition = party_condition(scope)
	if not condition:
		return []
	rows = [r for doctype in CASE_DOCTYPES for r in current_steps(doctype, condition, limit=limit)]
	evidence = evidence_by_case(rows)
	schools = school_names({r.school for r in rows} | {r.to_school for r in rows if r.to_school})
	day = getdate(today())
	for r in rows:
		r.overdue = bool(r.due_date and getdate(r.due_date) < day)
		r.case_type_label = _(r.case_type) if r.case_type != "Transfer" else _("Student Transfer")
		r.party_role = _(r.party_role)
		r.school_name = schools.get(r.school, r.school)
		r.to_school_name = schools.get(r.to_school, r.to_school) if r.to_school else None
		r.evidence = evidence.get((r.doctype, r.name), [])
	rows.sort(key=lambda r: (not r.overdue, r.due_date or day))
	return rows


def evidence_by_case(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
	out: dict[tuple[str, str], list[dict]] = {}
	for doctype in CASE_DOCTYPES:
		names = [r.name for r in rows if r.doctype == doctype]
		if not names:
			continue
		for e in frappe.get_all("Case Evidence", filters={"parenttype": doctype, "parent": ["in", names]},
								fields=["parent", "evidence_type", "file"], order_by="idx"):
			out.setdefault((doctype, e.parent), []).append({"type": e.evidence_type, "file": e.file})
	return out


def school_names(codes: set) -> dict[str, str]:
	codes = {c for c in codes if c}
	return dict(frappe.get_all("School", filters={"name": ["in", list(codes) or [""]]}, fields=["name", "school_name"], as_list=True))


@whitelist()
def my_steps() -> list[dict]:
	"""The steps the session user may decide now, overdue first."""
	return actionable_steps()


@whitelist()
def case_detail(doctype: str, name: str) -> dict:
	"""One case for the phone: the student, the schools, the evidence and every step so far."""
	if doctype not in CASE_DOCTYPES:
		frappe.throw(_("Unknown case type {0}").format(doctype))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	steps = [
		{"step_no": s.step_no, "party_role": _(s.party_role), "party_name": s.party_name, "due_date": s.due_date,
		 "decision": _(s.decision) if s.decision else "", "decided_by": frappe.utils.get_fullname(s.decided_by) if s.decided_by else "",
		 "decided_at": s.decided_at, "comment": s.comment, "current": s.step_no == doc.current_step}
		for s in doc.steps
	]
	mine = {(r.doctype, r.name) for r in actionable_steps()}
	school = doc.get("school") or doc.get("from_school")
	return {
		"doctype": doctype, "name": name, "student_name": doc.student_name, "student_number": doc.student_number,
		"case_type": _(doc.get("change_type") or "Student Transfer"),
		"school_name": school_names({school}).get(school, school),
		"to_school_name": school_names({doc.get("to_school")}).get(doc.get("to_school")) or doc.get("outside_school_name"),
		"reason": _(doc.reason) if doc.reason else "", "reason_detail": doc.reason_detail,
		"state": _(doc.get(doc.STATE_FIELD)), "rejection_reason": doc.rejection_reason,
		"evidence": [{"type": e.evidence_type, "file": e.file} for e in doc.evidence],
		"steps": steps, "can_decide": (doctype, name) in mine,
	}


@whitelist(methods=["POST"])
def decide(doctype: str, name: str, decision: str, comment: str | None = None) -> dict:
	"""Approve or reject the current step (a rejection needs its reason), through the desk's ``act``."""
	if doctype not in CASE_DOCTYPES or decision not in DECISIONS:
		frappe.throw(_("Unknown decision {0}").format(decision))
	doc = act(doctype, name, decision, comment)
	return {"state": _(doc.get(doc.STATE_FIELD)), "name": doc.name}
