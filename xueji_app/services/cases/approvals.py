"""The mobile approval list: the steps the logged-in person may decide now, one case in detail, and the
decision itself, which goes through ``services.cases.workflow.act`` like the desk (same party, reason and
evidence checks on the server).

A step is the person's when it is the case's current step and its party is their office: their school
(School Head) or their bureau (the recording bureau for a party outside the system).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from xueji_app.rules.chains import AUTHORITY
from xueji_app.services.cases.case import CASE_DOCTYPES, current_steps
from xueji_app.services.cases.workflow import act
from xueji_app.services.core.api import whitelist
from xueji_app.services.security.scope import Scope, get_scope

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
	records = record_steps(scope, limit)
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
	rows += records
	rows.sort(key=lambda r: (not r.overdue, r.due_date or day))
	return rows


#: records decided in one step, outside the case steps: a registration by the roll authority, an information change
#: first by the school head and then by the roll authority
RECORDS = {"Student": "registration_state", "Student Info Change": "change_state"}
PHONE_DOCTYPES = (*CASE_DOCTYPES, *RECORDS)


def record_steps(scope: Scope, limit: int) -> list[dict]:
	"""The registrations and information changes waiting for this person, as rows like the case steps'."""
	wheres = []
	if scope.is_admin:
		wheres = [("Student", "registration_state = 'Pending Authority Approval'", "Roll Authority"),
				  ("Student Info Change", "change_state in ('Pending School Head Review', 'Pending Authority Approval')", "Roll Authority")]
	elif scope.is_school and SCHOOL_APPROVER in frappe.get_roles(scope.user):
		wheres = [("Student Info Change", f"change_state = 'Pending School Head Review' and school = {frappe.db.escape(scope.school)}",
				   "School Head")]
	elif scope.is_bureau:
		region = frappe.db.escape(scope.region)
		wheres = [("Student", f"registration_state = 'Pending Authority Approval' and authority_region = {region}", "Roll Authority"),
				  ("Student Info Change", f"change_state = 'Pending Authority Approval' and authority_region = {region}", "Roll Authority")]
	rows = []
	for doctype, where, role in wheres:
		evidence = ", evidence" if doctype == "Student Info Change" else ", null as evidence"
		found = frappe.db.sql(
			f"""select %(doctype)s as doctype, name, {'name' if doctype == 'Student' else 'student'} as student, student_name,
				student_number, school, modified{evidence} from `tab{doctype}` where {where} order by modified limit {int(limit)}""",
			{"doctype": doctype}, as_dict=True)
		for r in found:
			r.update(case_type=doctype, party_role=role, due_date=None, overdue=False, to_school=None)
			r.evidence = [{"type": _("Evidence"), "file": r.evidence}] if r.evidence else []
		rows += found
	schools = school_names({r.school for r in rows})
	for r in rows:
		r.case_type_label = _("Registration to Approve") if r.doctype == "Student" else _("Student Info Change")
		r.party_role = _(r.party_role)
		r.school_name = schools.get(r.school, r.school)
		r.to_school_name = None
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
	if doctype not in PHONE_DOCTYPES:
		frappe.throw(_("Unknown case type {0}").format(doctype))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if doctype in RECORDS:
		return record_detail(doc)
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
		# a roll change shows its reason as its policy names it; a transfer's reason is an option of the DocType
		"reason": doc.get("reason_label") or (_(doc.reason) if doc.reason else ""), "reason_detail": doc.reason_detail,
		"state": _(doc.get(doc.STATE_FIELD)), "rejection_reason": doc.rejection_reason,
		"evidence": [{"type": e.evidence_type, "file": e.file} for e in doc.evidence],
		"steps": steps, "can_decide": (doctype, name) in mine,
		# what the deciding office must know before it decides (a death reported after the policy's days)
		"lines": [{"label": _("Reported Late"), "value": message}] if (message := flag_of(doc)) else [],
	}


def flag_of(doc) -> str | None:
	late = getattr(doc, "late_report_message", None)
	return late() if late else None


def record_detail(doc) -> dict:
	"""A registration (the record to be put on the roll) or an information change (each field, old → new)."""
	mine = {(r.doctype, r.name) for r in actionable_steps()}
	state = doc.get(RECORDS[doc.doctype])
	if doc.doctype == "Student":
		grade = frappe.get_cached_value("Grade", doc.grade, "grade_name") if doc.grade else ""
		lines = [(_("ID Number"), doc.id_number or ""), (_("Date of Birth"), str(doc.date_of_birth or "")), (_("Grade"), grade),
				 (_("Enrollment Date"), str(doc.enrollment_date or ""))]
		evidence, reason = [], ""
	else:
		lines = [(_(item.field_label), f"{item.old_value or ''} → {item.new_value or ''}") for item in doc.items]
		evidence = [{"type": _("Evidence"), "file": doc.evidence}] if doc.evidence else []
		reason = doc.reason or ""
	return {
		"doctype": doc.doctype, "name": doc.name, "student_name": doc.student_name, "student_number": doc.get("student_number") or "",
		"case_type": _("Registration to Approve") if doc.doctype == "Student" else _("Student Info Change"),
		"school_name": school_names({doc.school}).get(doc.school, doc.school), "to_school_name": None,
		"reason": reason, "reason_detail": "", "lines": [{"label": k, "value": v} for k, v in lines],
		"state": _(state) if state else "", "rejection_reason": doc.get("rejection_reason"), "evidence": evidence,
		"steps": [],
		"can_decide": (doc.doctype, doc.name) in mine,
	}


@whitelist(methods=["POST"], retry_deadlocks=True)
def decide(doctype: str, name: str, decision: str, comment: str | None = None) -> dict:
	"""Approve or reject the current step (a rejection needs its reason), through the desk's ``act``."""
	if doctype not in PHONE_DOCTYPES or decision not in DECISIONS:
		frappe.throw(_("Unknown decision {0}").format(decision))
	doc = act(doctype, name, decision, comment)
	state = doc.get(RECORDS.get(doctype) or doc.STATE_FIELD)
	return {"state": _(state), "name": doc.name}
