"""Who may read and write which record: the placement and field rules of every scoped DocType.

Frappe judges a write on the document as the request sends it: a body naming the writer's own school
passes the check on another school's record. These rules judge the *change*: the stored record against
the record after it, field by field. They are data (one ``DocAccess`` per DocType) read by one guard
(``services.security.guard``) on every path that writes: the form, REST, ``run_doc_method``, imports.

- ``Placement``: which fields put a record in a school's or a bureau's scope (for reading and writing).
- ``placement`` fields are fixed once the record exists; only the case that moves a record changes them.
- ``server_owned`` fields (steps, decisions, statuses, the roll history) change only inside the services.
- ``attested`` fields are set by one party only (the roll authority's duplicate-check confirmation).
- ``editors``: the tiers that edit the substance outside a workflow action; ``open_states``: the states
  in which that substance may still change (a case is frozen once filed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xueji_app.rules.errors import RuleViolation

from .errors import _
from .tiers import CITY_BUREAU, COUNTY_BUREAU, PROVINCE_BUREAU, SCHOOL_HEAD, SCHOOL_REGISTRAR

# --- refusals: one exception class per rule of this module ----------------------------------------


class DirectStateChange(RuleViolation):
	template = _("{field} changes only through a workflow action, never by editing the record")


class AccessViolation(RuleViolation):
	"""A write the user is not entitled to make: answered 403, the field and the rule named."""
	http_status_code = 403
	template = _("{field}: you may not change this")


class OutOfScope(AccessViolation):
	template = _("{field}: «{value}» is outside your scope")


class PlacementLocked(AccessViolation):
	template = _("{field} places the record; it changes only through the case that moves it, never by editing")


class ServerOwnedField(AccessViolation):
	template = _("{field} is kept by the system from approvals and decisions; it cannot be edited")


class AttestedField(AccessViolation):
	template = _("{field} is confirmed by {party} alone; nobody else may change it")


class NotAnEditor(AccessViolation):
	template = _("{field}: a {tier} does not edit this record; act on it through its approvals")


class CaseFrozen(AccessViolation):
	template = _("{field}: the case is «{state}»; its content is fixed once filed (withdraw it, or wait for it to be returned, to change it)")


class DirectRowEdit(AccessViolation):
	template = _("{field}: rows are changed through their document, not one by one")


class AttachmentNotReadable(AccessViolation):
	template = _("{field}: «{value}» is not a file of yours or of a record you may read; upload the file itself")


class FileStaysPrivate(AccessViolation):
	template = _("{field}: «{value}» was uploaded for the roll and stays private; only the platform administrator publishes files")


class SelfAppointment(AccessViolation):
	template = _("{field}: nobody changes their own officer record; ask the bureau that appointed you")


class ExportGrantRefused(AccessViolation):
	template = _("{field}: the right to export is granted by a bureau above the officer's own tier")


class TransferLookupRequired(AccessViolation):
	template = _("{field}: a student of another school is found by 学籍号 or ID number (找学生) before a transfer is filed")


#: an attested field's party: the roll authority (学籍主管部门) of the record
AUTHORITY = "authority"
BUREAUS = frozenset({COUNTY_BUREAU, CITY_BUREAU, PROVINCE_BUREAU})
SCHOOL_STAFF = frozenset({SCHOOL_REGISTRAR, SCHOOL_HEAD})
#: a case may change while the school holds it: before filing, or returned with a rejection
CASE_OPEN_STATES = frozenset({"Draft", "Rejected"})
CASE_SERVER_OWNED = (
	"filing_date", "current_step", "current_due_date", "rejection_reason", "applied_on", "steps",
)


@dataclass(frozen=True)
class Placement:
	"""A record is a school's when one of ``school_fields`` names it, and in a bureau's region when one of
	``region_fields`` lies there; a bureau writes it when one of ``write_region_fields`` does."""
	school_fields: tuple[str, ...] = ()
	region_fields: tuple[str, ...] = ()
	write_region_fields: tuple[str, ...] | None = None
	#: readable by every officer (codes, policies); writes still follow the write fields
	public_read: bool = False

	@property
	def writers_regions(self) -> tuple[str, ...]:
		return self.region_fields if self.write_region_fields is None else self.write_region_fields


@dataclass(frozen=True)
class DocAccess:
	placement: Placement
	fixed: tuple[str, ...] = ()
	server_owned: tuple[str, ...] = ()
	state_field: str | None = None
	open_states: frozenset[str] | None = None
	attested: Mapping[str, str] = field(default_factory=dict)
	editors: frozenset[str] = frozenset()
	#: the field naming the school whose staff edit (default: the first school field)
	editor_school_field: str | None = None


STUDENT_SERVER_OWNED = (
	"student_number", "former_student_numbers", "registration_state", "status_label", "on_roll", "in_school",
	"has_open_case", "open_case_doctype", "open_case", "is_supplementary", "registration_due_date",
	"registered_on", "rejection_reason", "history", "stage_entry_date", "graduation_date", "certificate_number",
	"identity_key", "person_key", "unidentified_key",
	# 延缓入学: recorded and decided through services.roll.deferral only
	"deferral_state", "deferred_until", "deferral_reason", "deferral_application", "deferral_decided_by", "deferral_decided_on",
)

DOCTYPES: dict[str, DocAccess] = {
	"Student": DocAccess(
		Placement(("school",), ("region",), ("authority_region",)),
		fixed=("school", "region", "authority_region"),
		server_owned=STUDENT_SERVER_OWNED,
		state_field="registration_state",
		# under the authority's review the record stays as filed; afterwards the school keeps it current
		open_states=frozenset({"Draft", "Rejected", "Approved"}),
		attested={"duplicate_check_confirmed": AUTHORITY},
		editors=frozenset({SCHOOL_REGISTRAR}),
	),
	"Student Info Change": DocAccess(
		Placement(("school",), ("region",), ("authority_region",)),
		fixed=("student", "school", "region", "authority_region"),
		server_owned=("change_state", "rejection_reason", "applied_on"),
		state_field="change_state",
		open_states=CASE_OPEN_STATES,
		editors=frozenset({SCHOOL_REGISTRAR}),
	),
	"Roll Change": DocAccess(
		Placement(("school",), ("region", "approving_region"), ("approving_region",)),
		fixed=("student", "school", "region"),
		server_owned=(*CASE_SERVER_OWNED, "change_state", "effective_until", "reported_late", "reported_after_workdays",
					  "reason_label", "original_case", "original_reason"),
		state_field="change_state",
		open_states=CASE_OPEN_STATES,
		editors=frozenset({SCHOOL_REGISTRAR}),
	),
	"Student Transfer": DocAccess(
		Placement(
			("from_school", "to_school"),
			("from_region", "to_region", "from_authority", "to_authority"),
			("from_authority", "to_authority"),
		),
		fixed=("student", "from_school", "from_region", "from_authority"),
		server_owned=(*CASE_SERVER_OWNED, "transfer_state", "same_authority", "student_number", "provisionally_admitted_on",
					  "prior_review_region", "archive_region", "archived_on", "archived_by"),
		state_field="transfer_state",
		open_states=CASE_OPEN_STATES,
		editors=frozenset({SCHOOL_REGISTRAR}),
		editor_school_field="filing_school",
	),
	"Problem Resolution": DocAccess(
		Placement(("school",), ("region",)),
		fixed=("student", "school", "region"),
		server_owned=("resolved_by",),
		editors=frozenset({*SCHOOL_STAFF, *BUREAUS}),
	),
	"Data Check": DocAccess(
		Placement(("school",), ("region",)),
		fixed=("school", "region", "term"),
		server_owned=("confirmed_by", "confirmed_on"),
		editors=SCHOOL_STAFF,
	),
	"Student Import": DocAccess(
		Placement(("school",), ("region",)),
		fixed=("school", "region"),
		server_owned=("status", "total_rows", "valid_rows", "error_rows", "created_rows", "checked_on", "error_log", "failure"),
		editors=frozenset({SCHOOL_REGISTRAR}),
	),
	"School Class": DocAccess(
		Placement(("school",), ("region",)),
		fixed=("school", "region", "academic_year", "grade", "class_number"),
		editors=SCHOOL_STAFF,
	),
	# a bureau edits the schools whose roll authority lies in its region, before and after the change
	"School": DocAccess(Placement(("name",), ("region",), ("authority_region",)), editors=BUREAUS),
	"Roll Officer": DocAccess(Placement((), ("region",)), fixed=("user",), editors=BUREAUS),
	"Export Log": DocAccess(Placement(("school",), ("region",), ())),
	"Print Log": DocAccess(Placement(("school",), ("region",), ())),
	"Roll Policy": DocAccess(Placement((), ("region",), public_read=True), editors=frozenset({PROVINCE_BUREAU, CITY_BUREAU})),
	# the school files its year-end run; the roll authority confirms or reverses it (through act)
	"Year-End Run": DocAccess(
		Placement(("school",), ("region", "authority_region"), ("authority_region",)),
		fixed=("school", "region", "authority_region", "academic_year"),
		server_owned=(
			"next_academic_year", "deadline", "reversal_until", "total_students", "promoted", "repeating", "graduated",
			"continued", "completed", "held", "confirmed_by", "applied_on", "rejection_reason", "reversed_by", "reversed_on",
			"job_status", "job_failure",
		),
		state_field="run_state",
		open_states=frozenset({"Draft", "Rejected", "Reversed"}),
		editors=SCHOOL_STAFF,
	),
	# what a run did to each student: written by the run only
	"Year-End Run Student": DocAccess(Placement(("school",), ("region", "authority_region"), ())),
	# the enrollment rollup and its nightly reconciliation: written by the system only
	"Enrollment Count": DocAccess(Placement(("school",), ("region",), ())),
	"Enrollment Reconciliation": DocAccess(Placement((), ("region",), ())),
}

#: child tables of scoped DocTypes: readable and writable only through their parent
CHILDREN: dict[str, tuple[str, ...]] = {
	"Student Guardian": ("Student",),
	"Student Roll Event": ("Student",),
	"Student Info Change Item": ("Student Info Change",),
	"Case Step": ("Roll Change", "Student Transfer"),
	"Case Evidence": ("Roll Change", "Student Transfer"),
	"Year-End Class": ("Year-End Run",),
	"Year-End Exception": ("Year-End Run",),
	"Enrollment Reconciliation Difference": ("Enrollment Reconciliation",),
}
#: every child table of the app, scoped or public: a row is read and written only as part of its parent
ROWS: dict[str, tuple[str, ...]] = {
	**CHILDREN,
	"Holiday Calendar Date": ("Holiday Calendar",),
	"Roll Policy Approver": ("Roll Policy",),
	"Roll Policy Evidence": ("Roll Policy",),
	"Roll Policy Reason": ("Roll Policy",),
	"Roll Policy Term": ("Roll Policy",),
}
#: DocTypes every officer reads (national codes, the region tree, years, grades, calendars, policy rows);
#: their writes are the platform's or the province's (role permissions and ``services.security.permissions``)
PUBLIC = frozenset({
	"Administrative Region", "Academic Year", "Grade", "Holiday Calendar", "Holiday Calendar Date",
	"Roll Policy Approver", "Roll Policy Evidence", "Roll Policy Reason", "Roll Policy Term",
	"Sex Code", "Ethnic Group", "Country Region", "ID Document Type", "Overseas Chinese Status", "Health Status",
	"Political Status", "Household Type", "Enrollment Mode", "Attendance Mode", "Student Source",
	"Left Behind Status", "Inclusive Education", "Disability Type", "Commute Mode", "Family Relationship",
})
SCOPED_DOCTYPES = tuple(sorted(d for d, a in DOCTYPES.items() if not a.placement.public_read))


def changed(before: Mapping, after: Mapping, fields: Iterable[str]) -> list[str]:
	"""The fields whose (normalized) value differs."""
	return [f for f in fields if before.get(f) != after.get(f)]


def reset_on_create(access: DocAccess, attests: Iterable[str] = ()) -> tuple[str, ...]:
	"""The fields a new record takes from the system, not from the request: what the services own and what
	a party other than the creator attests."""
	return (*access.server_owned, *(f for f, party in access.attested.items() if party not in set(attests)))


def write_violations(
	access: DocAccess,
	before: Mapping,
	after: Mapping,
	fields: Iterable[str],
	*,
	tier: str | None,
	may_edit: bool,
	attests: Iterable[str] = (),
	state: str | None = None,
) -> list[RuleViolation]:
	"""Every rule a change of a stored record breaks, one violation per field.

	``before``/``after`` hold normalized values of ``fields``; ``may_edit`` says whether this user is an
	editor of this record (the right tier at the right school or bureau, or the platform administrator);
	``attests`` are the parties the user speaks for (``AUTHORITY``); ``state`` is the stored workflow state."""
	attests = set(attests)
	frozen = access.open_states is not None and state is not None and state not in access.open_states
	out: list[RuleViolation] = []
	for name in changed(before, after, fields):
		if name in access.fixed:
			out.append(PlacementLocked(field=name))
		elif name == access.state_field:
			out.append(DirectStateChange(field=name))
		elif name in access.server_owned:
			out.append(ServerOwnedField(field=name))
		elif name in access.attested:
			if access.attested[name] not in attests:
				out.append(AttestedField(field=name, party=access.attested[name]))
		elif not may_edit:
			out.append(NotAnEditor(field=name, tier=tier or "user without a tier"))
		elif frozen:
			out.append(CaseFrozen(field=name, state=state))
	return out


#: Frappe's collaboration DocTypes that name a record by (DocType, name): each → (DocType field, name field).
#: One that names a record of the roll is created, changed and read only by that record's readers.
REFERENCES = {
	"ToDo": ("reference_type", "reference_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Tag Link": ("document_type", "document_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
}
