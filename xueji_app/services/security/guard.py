"""The one guard of every scoped DocType, on every path Frappe opens.

Reads: ``has_permission`` (a document) and ``query_conditions`` (lists, counts, group-by, get_value,
report view, link search) take the user's scope from ``services.security.scope`` and the placement of each DocType
from ``rules.access``; child tables are scoped through their parent, whatever ``parent`` a request names.

Writes: ``has_permission`` judges a write on the record as the request sends it *and* as it is stored, so
a body naming the writer's own school does not open another school's record. ``before_validate`` then
judges the change field by field (``rules.access.write_violations``): placement fixed, the system's
fields the system's, attested fields their party's, the substance its editors' while the case is open,
every attachment a file the user could already read. ``before_save`` checks that the record is still in
the writer's scope after every derivation.

The services' own writes (a workflow action through ``services.cases.workflow.act``, a case applied to the
student, an import) are trusted: ``doc.flags.xueji_service`` or the running transition of that document.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, cstr, flt, get_datetime, getdate

from xueji_app.rules import access as rules
from xueji_app.rules.access import AttachmentNotReadable, DirectRowEdit, OutOfScope
from xueji_app.rules.errors import RuleViolation
from xueji_app.services.core.errors import message_for
from xueji_app.services.security.scope import Scope, get_scope

WRITE_PTYPES = {"write", "create", "delete", "submit", "cancel", "amend", "share"}
ATTACH_TYPES = ("Attach", "Attach Image")
META_FIELDS = {"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "parent", "parentfield",
			   "parenttype", "doctype", "amended_from"}


# --- trust ------------------------------------------------------------------------------------------------


def is_trusted(doc) -> bool:
	"""A write by the services themselves (or the framework installing the app), not by a request."""
	if doc.flags.get("xueji_service"):
		return True
	transition = frappe.flags.get("xueji_transition")
	if transition and tuple(transition[:2]) == (doc.doctype, doc.name):
		return True
	return bool(frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch or frappe.flags.in_fixtures)


# --- scope of one record --------------------------------------------------------------------------------


def region_bounds(region: str | None) -> tuple[int, int] | None:
	if not region:
		return None
	return frappe.db.get_value("Administrative Region", region, ["lft", "rgt"])


def covers(scope: Scope, region: str | None) -> bool:
	bounds = region_bounds(region)
	return bool(bounds) and scope.lft <= bounds[0] and bounds[1] <= scope.rgt


def in_scope(access: rules.DocAccess, record, scope: Scope, *, write: bool) -> bool:
	"""Whether ``record`` (a document or a dict of its placement fields) is in ``scope``."""
	if scope.is_admin:
		return True
	placement = access.placement
	if placement.public_read and not write:
		return bool(scope.tier)
	if scope.is_school:
		return any(record.get(f) == scope.school for f in placement.school_fields)
	if scope.is_bureau:
		fields = placement.writers_regions if write else placement.region_fields
		if write and fields and not any(record.get(f) for f in fields):
			fields = placement.region_fields  # not derived yet (a new school's authority is its county)
		return any(covers(scope, record.get(f)) for f in fields)
	return False


def placement_fields(access: rules.DocAccess) -> list[str]:
	p = access.placement
	return list(dict.fromkeys([*p.school_fields, *p.region_fields, *p.writers_regions]))


def stored_placement(doc) -> dict | None:
	"""The placement of the record as the database holds it (None for a record not yet stored)."""
	if not doc.name or doc.get("__islocal"):
		return None
	access = rules.DOCTYPES[doc.doctype]
	fields = [f for f in placement_fields(access) if f != "name"]
	row = frappe.db.get_value(doc.doctype, doc.name, fields or ["name"], as_dict=True)
	if row is not None:
		row["name"] = doc.name
	return row


def placed(access: rules.DocAccess, doc, scope: Scope) -> bool:
	"""Whether a new record already names its place (else its controller derives it from the user)."""
	if scope.is_school and access.editor_school_field:
		return bool(editor_school(access, doc))
	return any(doc.get(f) for f in placement_fields(access) if f != "name")


def has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""``has_permission`` hook of every scoped DocType (it may only deny)."""
	access = rules.DOCTYPES.get(doc.doctype)
	if access is None:
		return True
	scope = get_scope(user)
	if scope.is_admin:
		return True
	if ptype in WRITE_PTYPES:
		if ptype == "create" and doc.is_new() and not placed(access, doc, scope):
			return True  # placed by the controller from the user's own school; ``before_save`` decides
		if not in_scope(access, doc, scope, write=True):
			return False
		stored = stored_placement(doc)
		return stored is None or in_scope(access, stored, scope, write=True)
	if not in_scope(access, doc, scope, write=False):
		return False
	# a request may carry its own copy of a stored record (``run_doc_method`` with ``docs``): judge the stored one
	if doc.get("__islocal") or not doc.name:
		return True
	stored = stored_placement(doc)
	return stored is None or in_scope(access, stored, scope, write=False)


# --- scope of a query -----------------------------------------------------------------------------------


def read_condition(doctype: str, scope: Scope, table: str | None = None) -> str:
	"""SQL restricting ``table`` (default ```tab<doctype>```) to the records ``scope`` may read ('' = all)."""
	access = rules.DOCTYPES[doctype]
	if scope.is_admin or (access.placement.public_read and scope.tier):
		return ""
	table = table or f"`tab{doctype}`"
	parts: list[str] = []
	if scope.is_school:
		school = frappe.db.escape(scope.school)
		parts = [f"{table}.`{f}` = {school}" for f in access.placement.school_fields]
	elif scope.is_bureau:
		regions = scope.region_subquery()
		parts = [f"{table}.`{f}` in ({regions})" for f in access.placement.region_fields]
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def child_condition(child: str, scope: Scope) -> str:
	if scope.is_admin:
		return ""
	parts = []
	for parent in rules.CHILDREN[child]:
		condition = read_condition(parent, scope, table="p") or "1=1"
		parts.append(
			f"(`tab{child}`.`parenttype` = {frappe.db.escape(parent)} and `tab{child}`.`parent` in "
			f"(select p.`name` from `tab{parent}` p where {condition}))"
		)
	return "(" + " or ".join(parts) + ")"


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` hook of every scoped DocType and of their child tables."""
	scope = get_scope(user)
	if doctype in rules.CHILDREN:
		return child_condition(doctype, scope)
	return read_condition(doctype, scope)


def referenced_condition(table: str, doctype_field: str, name_field: str, scope: Scope) -> str:
	"""For rows that point at a document (Workflow Action, File): rows about a scoped DocType only where
	the user may read that document."""
	if scope.is_admin:
		return ""
	scoped = ", ".join(frappe.db.escape(d) for d in rules.SCOPED_DOCTYPES)
	parts = [f"ifnull({table}.`{doctype_field}`, '') not in ({scoped})"]
	for doctype in rules.SCOPED_DOCTYPES:
		condition = read_condition(doctype, scope, table="x") or "1=1"
		parts.append(
			f"({table}.`{doctype_field}` = {frappe.db.escape(doctype)} and {table}.`{name_field}` in "
			f"(select x.`name` from `tab{doctype}` x where {condition}))"
		)
	return "(" + " or ".join(parts) + ")"


def workflow_action_conditions(user: str | None = None) -> str:
	"""Frappe's pending-action list is filtered by role only: every county would see every county's."""
	return referenced_condition("`tabWorkflow Action`", "reference_doctype", "reference_name", get_scope(user))


def workflow_action_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	"""No to an action about a record the user may not read; otherwise no answer (None), so that Frappe's
	own role check still decides (the first hook that answers yes or no would replace it)."""
	if doc.reference_doctype in rules.DOCTYPES and not frappe.has_permission(
		doc.reference_doctype, "read", doc=doc.reference_name, user=user
	):
		return False
	return None


def file_conditions(user: str | None = None) -> str:
	"""The File list: files of the app's records only where the user may read the record."""
	return referenced_condition("`tabFile`", "attached_to_doctype", "attached_to_name", get_scope(user))


# --- writes ---------------------------------------------------------------------------------------------


def normalized(value, fieldtype: str):
	if value in (None, ""):
		return None
	if fieldtype in ("Check", "Int"):
		return cint(value)
	if fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	if fieldtype == "Date":
		return getdate(value).isoformat()
	if fieldtype == "Datetime":
		return str(get_datetime(value))
	return cstr(value)


def data_fields(meta) -> list:
	return [df for df in meta.fields if df.fieldtype not in frappe.model.no_value_fields or df.fieldtype in frappe.model.table_fields]


def snapshot(doc, meta) -> dict:
	"""Every data field of ``doc``, normalized (a table as a tuple of its rows' data)."""
	out = {}
	for df in data_fields(meta):
		if df.fieldtype in frappe.model.table_fields:
			child = frappe.get_meta(df.options)
			cols = [c for c in data_fields(child) if c.fieldname not in META_FIELDS]
			out[df.fieldname] = tuple(
				tuple(normalized(row.get(c.fieldname), c.fieldtype) for c in cols) for row in (doc.get(df.fieldname) or [])
			)
		else:
			value = doc.get(df.fieldname)
			# Frappe fills an empty field with its default before validation: the same value, not a change
			out[df.fieldname] = normalized(df.default if value in (None, "") else value, df.fieldtype)
	return out


def editor_school(access: rules.DocAccess, doc) -> str | None:
	if access.editor_school_field == "filing_school" and hasattr(doc, "filing_school"):
		return doc.filing_school()
	fields = (access.editor_school_field,) if access.editor_school_field else access.placement.school_fields
	return doc.get(fields[0]) if fields else None


def may_edit(access: rules.DocAccess, doc, scope: Scope) -> bool:
	"""Whether the user edits this record's substance: the right tier at the record's school or bureau."""
	if scope.is_admin:
		return True
	if scope.tier not in access.editors:
		return False
	if scope.is_school:
		return editor_school(access, doc) == scope.school
	return in_scope(access, doc, scope, write=True)


def attested_parties(doc, scope: Scope) -> set[str]:
	"""The parties the user speaks for on this record: its roll authority (or the platform)."""
	if scope.is_admin:
		return {rules.AUTHORITY}
	if scope.is_bureau and doc.get("authority_region") and doc.get("school"):
		from xueji_app.services.security.parties import is_authority_party

		if is_authority_party(doc, scope):
			return {rules.AUTHORITY}
	return set()


def refuse(violations: list[RuleViolation], doctype: str) -> None:
	if violations:
		message = "；".join(message_for(v, doctype) for v in violations)
		frappe.throw(message, exc=type(violations[0]), title=_("Not allowed"))


def before_validate(doc, method: str | None = None) -> None:
	"""doc_event ``before_validate`` / ``before_cancel``: judge what the request changed."""
	access = rules.DOCTYPES.get(doc.doctype)
	if access is None or is_trusted(doc):
		return
	scope = get_scope()
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is None:
		for name in rules.reset_on_create(access, attested_parties(doc, scope)):
			df = doc.meta.get_field(name)
			if df:
				doc.set(name, [] if df.fieldtype in frappe.model.table_fields else df.default if df.default else None)
		check_attachments(doc, None)
		return
	meta = doc.meta
	violations = rules.write_violations(
		access, snapshot(before, meta), snapshot(doc, meta), [df.fieldname for df in data_fields(meta)],
		tier=scope.tier, may_edit=may_edit(access, before, scope), attests=attested_parties(before, scope),
		state=before.get(access.state_field) if access.state_field else None,
	)
	refuse(violations, doc.doctype)
	check_attachments(doc, before)


def before_save(doc, method: str | None = None) -> None:
	"""doc_event ``before_save`` / ``before_submit``: after every derivation the record is still the
	writer's to write (a new case lands at the writer's school, a school stays under the writer's region)."""
	access = rules.DOCTYPES.get(doc.doctype)
	if access is None or is_trusted(doc) or doc.flags.ignore_permissions:
		return
	scope = get_scope()
	if scope.is_admin or in_scope(access, doc, scope, write=True):
		return
	fields = placement_fields(access) or ["name"]
	field = next((f for f in fields if doc.get(f)), fields[0])
	refuse([OutOfScope(field=field, value=doc.get(field) or "")], doc.doctype)


def child_before_validate(doc, method: str | None = None) -> None:
	"""A row of a scoped record saved on its own (``frappe.client.save`` of a child): refused."""
	if is_trusted(doc) or get_scope().is_admin:
		return
	refuse([DirectRowEdit(field=doc.parentfield or "name")], doc.get("parenttype") or doc.doctype)


def child_on_trash(doc, method: str | None = None) -> None:
	child_before_validate(doc, method)


def refuse_share(doc, method: str | None = None) -> None:
	"""doc_event of DocShare: Frappe lets a shared document be read past every permission hook, so the
	app's scoped records are never shared (``disable_document_sharing`` is also set on install)."""
	if doc.share_doctype in rules.DOCTYPES and not rules.DOCTYPES[doc.share_doctype].placement.public_read:
		frappe.throw(_("{0} records are reached through the user's scope; they cannot be shared").format(_(doc.share_doctype)),
					 frappe.PermissionError)


# --- attachments ----------------------------------------------------------------------------------------


def attachment_values(doc) -> list[tuple[str, str, str]]:
	"""(field, child row name or '', url) of every Attach field of the document and its rows."""
	out = [(df.fieldname, "", doc.get(df.fieldname)) for df in doc.meta.get("fields", {"fieldtype": ["in", ATTACH_TYPES]})]
	for table in doc.meta.get_table_fields():
		child = frappe.get_meta(table.options)
		for df in child.get("fields", {"fieldtype": ["in", ATTACH_TYPES]}):
			out += [(df.fieldname, row.name or "", row.get(df.fieldname)) for row in doc.get(table.fieldname) or []]
	return [(f, row, url) for f, row, url in out if url]


def check_attachments(doc, before) -> None:
	"""Every attachment the request brings is a file the user may already read (their own upload, or a file
	of a record they may read); a file URL of another school's record is refused, not copied."""
	old = {url for _f, _r, url in attachment_values(before)} if before else set()
	violations = []
	for field, _row, url in attachment_values(doc):
		if url not in old and not file_readable(url):
			violations.append(AttachmentNotReadable(field=field, value=url))
	refuse(violations, doc.doctype)


def file_readable(url: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	if not url.startswith(("/files/", "/private/files/")):
		return False  # only this site's files: no outside links in a student's record
	rows = frappe.get_all("File", filters={"file_url": url}, pluck="name")
	if not rows:
		return False
	if url.startswith("/files/"):
		return True  # public file
	return any(frappe.get_doc("File", name).is_downloadable() for name in rows)
