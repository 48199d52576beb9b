"""The Frappe boundary of the rules engine: a RuleViolation becomes a translated, field-naming message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import frappe
from frappe import _

from xueji_app.rules.errors import RuleViolation, phrase


def message_for(violation: RuleViolation, doctype: str | None = None, label: str | None = None) -> str:
	"""The violation's message in the user's language, the field named by ``label`` or by its translated
	label in ``doctype``; string parameters (levels, tiers, change types) are translated too."""
	if label is None and violation.field:
		label = field_label(violation.field, doctype)
	params = {k: grade_named(k, v) for k, v in violation.params.items()}
	text = type(violation)(field=violation.field, **params).render(translate=_, label=label)
	if violation.side:
		text = _("{0}: {1}").format(_(SIDES[violation.side]), text)
	return text


def field_label(fieldname: str, doctype: str | None = None) -> str | None:
	"""A field as the clerk knows it (学校, 转入班级), never its name in the code: the label in ``doctype``, else
	its label in any of the app's DocTypes (a rule may name a field of the record the case is about)."""
	if doctype:
		df = frappe.get_meta(doctype).get_field(fieldname)
		if df and df.label:
			return _(df.label)
	labels = frappe.cache().get_value("xueji:field_labels", app_field_labels)
	return _(labels[fieldname]) if labels.get(fieldname) else None


def app_field_labels() -> dict[str, str]:
	"""fieldname → label over the app's DocTypes (the first DocType, by name, that has the field)."""
	modules = frappe.get_module_list("xueji_app")
	rows = frappe.db.sql(
		"""select f.fieldname, f.label from `tabDocField` f join `tabDocType` d on d.name = f.parent
		where d.module in %(modules)s and ifnull(f.label, '') != '' order by d.name, f.idx""",
		{"modules": modules}, as_dict=True)
	labels: dict[str, str] = {}
	for row in rows:
		labels.setdefault(row.fieldname, row.label)
	return labels


#: the parameters of a refusal that name a grade by its national code (33): shown by the grade's name (高三)
GRADE_PARAMETERS = frozenset({"grade", "from_grade", "to_grade", "expected"})


def grade_named(key: str, value):
	"""A refusal's parameter in the user's language; a grade code by the grade's name."""
	if key in GRADE_PARAMETERS and isinstance(value, str) and value.isdigit():
		name = frappe.get_cached_value("Grade", value, "grade_name") if frappe.db.exists("Grade", value) else None
		if name:
			return _(name)
	return translated(value)


#: how a refusal names the side whose policy it is
SIDES = {"receiving": "Under the receiving school's policy", "sending": "Under the sending school's policy"}


def translated(value):
	"""A string parameter in the user's language; a tuple of them joined with 、."""
	if isinstance(value, str):
		return _(value)
	if isinstance(value, tuple):
		return "、".join(phrase(v, _) if isinstance(v, tuple) else _(str(v)) for v in value)
	return value


def job_failure(error: Exception, title: str) -> str:
	"""Why a background job (or one record of a batch) did not go through, in the user's language: a refusal says
	its rule; anything unexpected goes to the Error Log and is named by its id."""
	if isinstance(error, RuleViolation | frappe.ValidationError | frappe.PermissionError | frappe.DoesNotExistError):
		return frappe.utils.strip_html(str(error)) or _("Not permitted")
	log = frappe.log_error(title=title)
	return _("The job stopped: {0} (Error Log {1})").format(type(error).__name__, log.name)


def raise_violation(violation: RuleViolation, doctype: str | None = None) -> NoReturn:
	frappe.throw(message_for(violation, doctype), exc=type(violation), title=_("Not allowed"))


@contextmanager
def rule_boundary(doctype: str | None = None) -> Iterator[None]:
	"""Run rule checks; a violation is re-raised as a Frappe message naming the field and the rule."""
	try:
		yield
	except RuleViolation as violation:
		raise_violation(violation, doctype)
