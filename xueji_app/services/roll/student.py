"""Student use cases: 查重 (duplicate check), 学籍号 issue, registration steps."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from xueji_app.rules import identity
from xueji_app.rules.identity import DuplicateGraduate, DuplicateStudent
from xueji_app.services.core.errors import raise_violation
from xueji_app.services.security.parties import student_policy

STUDENT = "Student"


def keys_for(doc) -> tuple[str | None, str]:
	"""(identity key, person key): the ID document when there is one, else 姓名 + 性别 + 出生日期."""
	number = identity.normalize_id(doc.id_number)
	identity_key = f"{doc.id_type}:{number}" if number and doc.id_type != identity.NO_DOCUMENT else None
	birth = getdate(doc.date_of_birth) if doc.date_of_birth else None
	return identity_key, identity.person_key(doc.student_name, doc.gender, birth)


def unidentified_key(identity_key: str | None, person_key: str) -> str | None:
	"""The person key of a record without an ID document, which a unique index keeps to one record (so 查重 holds
	under concurrency without an ID too); None for a record with one (its identity key is unique itself)."""
	return None if identity_key else person_key


def find_duplicate(identity_key: str | None, person_key: str, exclude: str | None = None, latest: bool = False) -> dict | None:
	"""Another record of the same person anywhere in the system (ignores the caller's scope on purpose).
	``latest``: a locking read, which sees what other transactions committed after this one began."""
	column, key = ("identity_key", identity_key) if identity_key else ("unidentified_key", person_key)
	rows = frappe.db.sql(
		f"""select name, school, student_number, status_label from `tabStudent`
		where ({column} = %(key)s or (%(column)s = 'unidentified_key' and identity_key is null and person_key = %(key)s))
			and name != %(exclude)s limit 1 {'lock in share mode' if latest else ''}""",
		{"key": key, "column": column, "exclude": exclude or ""},
		as_dict=True,
	)
	return rows[0] if rows else None


def check_duplicate(doc, latest: bool = False) -> None:
	"""Refuse a second record of one person; say where the first is without showing more of it."""
	duplicate = find_duplicate(doc.identity_key, doc.person_key, None if doc.is_new() else doc.name, latest)
	if duplicate:
		school_name = frappe.db.get_value("School", duplicate.school, "school_name") or duplicate.school
		number = identity.mask_student_number(duplicate.student_number) or frappe._("not yet issued")
		kind = DuplicateGraduate if duplicate.status_label in ("Graduated", "Completed") else DuplicateStudent
		raise_violation(kind(field="id_number" if doc.identity_key else "student_name", school=school_name, number=number), STUDENT)


def issue_student_number(doc) -> str:
	"""G + ID for a mainland resident ID; otherwise J + county + birth date + sequence + check."""
	if doc.id_type == identity.RESIDENT_ID and doc.id_number:
		return identity.g_number(doc.id_number)
	region_code = frappe.db.get_value("Administrative Region", doc.region, "region_code")
	birth = getdate(doc.date_of_birth)
	prefix = f"J{region_code}{birth:%Y%m%d}"
	# lock the prefix range so two approvals cannot take the same sequence
	last = frappe.db.sql(
		"select max(student_number) from `tabStudent` where student_number like %s for update", (prefix + "%",)
	)[0][0]
	sequence = int(last[15:18]) + 1 if last else 1
	return identity.j_number(region_code, birth, sequence)


def check_school_party(doc) -> None:
	"""The school steps belong to the student's own school."""
	from xueji_app.services.cases.case import check_school

	check_school(doc.doctype, doc.school)


def check_authority_party(doc, region_field: str = "authority_region") -> None:
	"""An authority step belongs to that bureau (a bureau above it only where the policy allows)."""
	from xueji_app.services.cases.case import check_bureau

	region = doc.get(region_field)
	bureau = frappe.db.get_value("Administrative Region", region, "bureau_name") or region
	check_bureau(doc.doctype, region, bureau, student_policy(doc), field=region_field)


def history_row(event_type: str, doc, office: str | None, detail: str | None = None, reference=None) -> dict:
	"""A line of 学籍变动情况; ``event_type`` is the untranslated key (an option of the field), shown translated."""
	school_name = frappe.db.get_value("School", doc.school, "school_name")
	return {
		"event_date": today(),
		"event_type": event_type,
		"to_school": school_name,
		"detail": detail,
		"approved_by_office": office,
		"approved_on": today(),
		"reference_doctype": reference.doctype if reference else None,
		"reference_name": reference.name if reference else None,
	}
