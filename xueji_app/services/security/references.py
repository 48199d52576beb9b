"""One reference guard for Frappe's collaboration records that point at a record of the roll.

A ToDo, a Comment, a Tag Link or a Document Follow names a record by (DocType, name); Frappe lets any desk user
create one, and creating it writes onto the record it names (a ToDo sets the record's ``_assign`` and puts an
"Assigned" comment on its timeline, which the rightful school reads). So a collaboration record that points at a
scoped record — a student, a case — may be created or changed only by a user who may read that record, and is
listed only to them (``query_conditions``). A like (``frappe.desk.like.toggle_like`` writes ``_liked_by``
directly) is checked by ``overrides.collaboration``. Shares are refused outright (``guard.refuse_share``)."""

from __future__ import annotations

import frappe
from frappe import _

from xueji_app.rules import access as rules
from xueji_app.rules.access import REFERENCES
from xueji_app.services.security.guard import is_trusted
from xueji_app.services.security.scope import get_scope



def is_guarded(doctype: str | None) -> bool:
	"""A record of the roll that only its scope may read (code tables and other public records are not)."""
	access = rules.DOCTYPES.get(doctype or "")
	return access is not None and not access.placement.public_read


def may_read(doctype: str, name: str | None, user: str | None = None) -> bool:
	if not name:
		return False
	return bool(frappe.has_permission(doctype, "read", doc=name, user=user or frappe.session.user))


def check_reference(doc, method: str | None = None) -> None:
	"""doc_event ``validate`` (on insert and on save) of each collaboration DocType: the user may read what it names
	(as it is now, and as it was stored, so a row cannot be pointed away from a record or onto one)."""
	fields = REFERENCES.get(doc.doctype)
	if not fields or is_trusted(doc) or get_scope().is_admin:
		return
	pairs = [(doc.get(fields[0]), doc.get(fields[1]))]
	if not doc.is_new():
		stored = frappe.db.get_value(doc.doctype, doc.name, list(fields))
		if stored:
			pairs.append(tuple(stored))
	for doctype, name in pairs:
		# a record that does not exist (any more: Frappe's "Deleted" feed names the record it deleted) has
		# nothing to write onto
		if is_guarded(doctype) and name and frappe.db.exists(doctype, name) and not may_read(doctype, name):
			frappe.throw(_("{0} {1} is not yours to read, so nothing may be attached to it").format(_(doctype), name or ""),
						 frappe.PermissionError, title=_("Not allowed"))


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""List and count conditions: a collaboration record naming a guarded record is listed only to a user who
	may read that record (the guarded DocTypes' own conditions, applied to the referenced name)."""
	from xueji_app.services.security import guard

	fields = REFERENCES.get(doctype or "")
	if not fields:
		return ""
	user = user or frappe.session.user
	if get_scope(user).is_admin:
		return ""
	table = f"`tab{doctype}`"
	parts = [f"ifnull({table}.`{fields[0]}`, '') not in ({', '.join(frappe.db.escape(d) for d in guarded_doctypes())})"]
	for target in guarded_doctypes():
		condition = guard.query_conditions(user, target) or "1=1"
		parts.append(
			f"({table}.`{fields[0]}` = {frappe.db.escape(target)} and {table}.`{fields[1]}` in "
			f"(select `tab{target}`.name from `tab{target}` where {condition}))"
		)
	return "(" + " or ".join(parts) + ")"


def guarded_doctypes() -> list[str]:
	return sorted(d for d in rules.DOCTYPES if is_guarded(d))


def has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	"""``has_permission`` of each collaboration DocType: a record naming a guarded record only for its readers
	(None — no opinion — for any other, so Frappe's own rules decide)."""
	fields = REFERENCES.get(doc.doctype)
	if not fields:
		return None
	doctype, name = doc.get(fields[0]), doc.get(fields[1])
	if not is_guarded(doctype) or get_scope(user).is_admin:
		return None
	return None if may_read(doctype, name, user) else False
