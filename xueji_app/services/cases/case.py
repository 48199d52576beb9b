"""The approval steps of a case (转学, 异动): who acts at each step, when it is due, what was decided.

Steps are rows of the case's ``steps`` table, built from the party chain (``rules.chains``) when the case
is filed; a re-filing after a rejection appends a new round, so the rejection history stays visible.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from xueji_app.rules.chains import AUTHORITY, Party, PartyMismatch, RejectionReasonRequired
from xueji_app.rules.eligibility import NotEligible
from xueji_app.rules.errors import RuleViolation
from xueji_app.rules.policy import Policy
from xueji_app.services.core.api import reads_only
from xueji_app.services.core.calendar import due_date
from xueji_app.services.core.errors import message_for, raise_violation
from xueji_app.services.security.parties import is_bureau_party
from xueji_app.services.security.scope import get_scope

REGION = "Administrative Region"
CASE_DOCTYPES = ("Roll Change", "Student Transfer")
#: per case DocType, the same columns: its type of change and its school(s)
CASE_COLUMNS = {
	"Roll Change": "c.change_type as case_type, c.school as school, null as to_school",
	"Student Transfer": "'Transfer' as case_type, c.from_school as school, c.to_school as to_school",
}


def current_steps(doctype: str, where: str, params: dict | None = None, limit: int | None = None) -> list[dict]:
	"""The current (open) step of each case of ``doctype`` matching ``where`` (SQL on case ``c`` and step
	``s``), due first. Rows: the case (``name``, student, type, schools) and its step (``step`` is the row)."""
	return frappe.db.sql(
		f"""select %(doctype)s as doctype, c.name, c.student, c.student_name, c.student_number, {CASE_COLUMNS[doctype]},
			s.name as step, s.step_no, s.party_role, s.party_kind, s.party, s.recorder, s.party_name, s.opened_on,
			s.due_date, s.last_reminded_on
		from `tab{doctype}` c join `tabCase Step` s
			on s.parent = c.name and s.parenttype = %(doctype)s and s.parentfield = 'steps' and s.step_no = c.current_step
		where c.current_step > 0 and {where}
		order by s.due_date{f' limit {int(limit)}' if limit else ''}""",
		{**(params or {}), "doctype": doctype},
		as_dict=True,
	)


def approving_bureau(school: str, change_type: str, policy: Policy) -> str:
	"""The bureau that approves ``change_type`` for ``school``: its 学籍主管部门, or the tier the policy names
	(Yingkou: the city, for transfers too)."""
	return tier_region(school, policy.approver_for(change_type))


def tier_region(school: str, tier: str) -> str:
	"""The school's region of ``tier`` ("County", "City", "Province"), or its 学籍主管部门 for "Authority"."""
	from frappe.utils.nestedset import get_ancestors_of

	from xueji_app.rules.chains import approving_region

	county, authority = frappe.get_cached_value("School", school, ["region", "authority_region"])
	levels = {frappe.get_cached_value(REGION, r, "level"): r for r in [*get_ancestors_of(REGION, county), county]}
	return approving_region(tier, authority, levels)


def party_name(party: Party) -> str:
	"""The office's name; a party outside this system is named as entered."""
	if party.kind == AUTHORITY:
		return frappe.db.get_value(REGION, party.node, "bureau_name") or party.node
	return frappe.db.get_value("School", party.node, "school_name") or party.node


def start_round(doc, parties: list[Party], policy: Policy) -> None:
	"""Append this filing's steps and open the first."""
	first = len(doc.steps) + 1
	for number, party in enumerate(parties, start=first):
		doc.append(
			"steps",
			{
				"step_no": number,
				"party_role": _(party.key),
				"party_kind": party.kind,
				"party": party.node,
				"party_name": party_name(party),
				"recorded_by": party_name(Party(AUTHORITY, party.side, party.recorded_by)) if party.recorded_by else None,
				"recorder": party.recorded_by,
			},
		)
	open_step(doc, first, policy)


def current(doc):
	return next((s for s in doc.steps if s.step_no == doc.current_step), None)


def open_step(doc, step_no: int, policy: Policy) -> None:
	step = next(s for s in doc.steps if s.step_no == step_no)
	step.opened_on = today()
	step.due_date, step.calendar_warning = due_date(getdate(step.opened_on), policy.step_deadline_workdays)
	doc.current_step, doc.current_due_date = step_no, step.due_date


def check_party(doc, policy: Policy) -> None:
	"""The current step belongs to one school or one bureau (or the bureau recording for an outside party)."""
	step = current(doc)
	if not step:
		return
	node = step.recorder or step.party
	if step.party_kind == AUTHORITY or step.recorder:
		check_bureau(doc.doctype, node, step.party_name, policy)
		return
	scope = get_scope()
	if scope.is_admin or (scope.is_school and scope.school == node):
		return
	raise_violation(PartyMismatch(field="steps", party=step.party_name), doc.doctype)




def check_bureau(doctype: str, region: str, party: str, policy: Policy, field: str = "steps") -> None:
	"""A bureau's step: that bureau's officers; a bureau above it only where the policy allows."""
	if not is_bureau_party(region, policy):
		raise_violation(PartyMismatch(field=field, party=party), doctype)


def decide(doc, decision: str, comment: str | None, policy: Policy) -> bool:
	"""Record the current step's decision; open the next step. Returns True when no step is left."""
	step = current(doc)
	step.decision, step.decided_by, step.decided_at, step.comment = decision, frappe.session.user, now_datetime(), comment
	if decision != "Approved":
		doc.current_due_date = None
		return False
	following = [s for s in doc.steps if s.step_no > step.step_no]
	if following:
		open_step(doc, following[0].step_no, policy)
		return False
	doc.current_step, doc.current_due_date = 0, None
	return True


def raise_all(violations: list[RuleViolation], doctype: str) -> None:
	"""Refuse with every failing rule, each named and explained."""
	if not violations:
		return
	reasons = "；".join(message_for(v, doctype) for v in violations)
	raise_violation(NotEligible(field="student", reasons=reasons), doctype)


def record_rejection(doc, comment: str | None) -> None:
	"""A rejection needs a reason; it is kept on the case (and in the step's opinion)."""
	if not (comment or "").strip():
		raise_violation(RejectionReasonRequired(field="rejection_reason"), doc.doctype)
	doc.db_set("rejection_reason", comment.strip(), update_modified=False)


class CaseDocument(Document):
	"""A roll-change case driven by ``services.cases.workflow.act``: filed by one school, decided step by step by
	the parties of ``parties()``, applied to the student by ``apply_to_student()`` on the last approval.

	Subclasses set ``STATE_FIELD`` and provide ``policy``, ``eligibility``, ``parties``, ``filing_school`` and
	``apply_to_student``; ``check_step`` may add checks before a step is decided."""
	STATE_FIELD = ""
	#: the field holding the school of the student's own case (before it is saved, read from the student);
	#: None where the filing school is entered (a transfer's receiving school)
	SCHOOL_FIELD: str | None = "school"
	FILING = frozenset({"Submit for Approval", "Resubmit"})

	def validate(self) -> None:
		from xueji_app.services.cases.workflow import guard_state_change

		guard_state_change(self, self.STATE_FIELD)

	@frappe.whitelist()
	@reads_only
	def check_eligibility(self) -> list[str]:
		"""For the desk: the reasons this case would be refused, in the user's language. Judged on the
		stored case (a request's copy could name another school's student)."""
		if self.is_new() or not frappe.db.exists(self.doctype, self.name):
			frappe.throw(_("Save the case first"), title=_("Not allowed"))
		stored = frappe.get_doc(self.doctype, self.name)
		stored.check_permission("read")
		return [message_for(v, self.doctype) for v in stored.eligibility()]

	def evidence_required(self) -> list[str]:
		"""The documents the policy requires of this case."""
		raise NotImplementedError

	def reason_options(self) -> list[dict]:
		"""The reasons the policy lists for this case, as the desk's choices (code and label)."""
		return []

	@frappe.whitelist()
	@reads_only
	def required_documents(self) -> dict:
		"""For the desk, before filing: the documents the policy asks of this case, which are still missing, and the
		reasons it may name. Works on a case not yet saved (the policy is public; the student is read as the user may
		read it)."""
		if self.SCHOOL_FIELD and not self.get(self.SCHOOL_FIELD) and self.get("student"):
			found = frappe.get_list("Student", filters={"name": self.student}, fields=["school", "grade"], limit=1)
			if found:
				self.set(self.SCHOOL_FIELD, found[0].school)
				self.grade = self.grade or found[0].grade
		if not self.filing_school():
			return {"required": [], "missing": [], "reasons": []}
		required = self.evidence_required()
		have = {row.evidence_type for row in self.get("evidence") or []}
		return {"required": required, "missing": [d for d in required if d not in have], "reasons": self.reason_options()}

	def before_workflow_action(self, action: str, comment: str | None) -> None:
		from xueji_app.services.cases.cases import open_case

		if action in self.FILING or action == "Withdraw":
			check_school(self.doctype, self.filing_school())
		else:
			check_party(self, self.policy())
		if action == "Reject":
			record_rejection(self, comment)
		if action in self.FILING:
			self.db_set("filing_date", today(), update_modified=False)
			raise_all(self.eligibility(), self.doctype)
			open_case(self.student, self.doctype, self.name)
		else:
			self.check_step(action)

	def check_step(self, action: str) -> None:
		"""Extra checks before a step is decided (none by default)."""
	def after_workflow_action(self, action: str, comment: str | None) -> None:
		from xueji_app.services.cases.cases import close_case

		policy = self.policy()
		if action in self.FILING:
			start_round(self, self.parties(), policy)
		elif action in ("Approve", "Reject"):
			if decide(self, "Approved" if action == "Approve" else "Rejected", comment, policy):
				self.apply_to_student()
		elif action == "Withdraw":
			close_case(self.student, self.doctype, self.name)
		self.save(ignore_permissions=True)


def check_school(doctype: str, school: str) -> None:
	"""A school's own action (filing, withdrawing): only that school's staff."""
	scope = get_scope()
	if scope.is_admin or (scope.is_school and scope.school == school):
		return
	name = frappe.db.get_value("School", school, "school_name") or school
	raise_violation(PartyMismatch(field="school", party=name), doctype)
