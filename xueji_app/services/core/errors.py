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
	if label is None and doctype and violation.field:
		df = frappe.get_meta(doctype).get_field(violation.field)
		label = _(df.label) if df else None
	params = {k: translated(v) for k, v in violation.params.items()}
	text = type(violation)(field=violation.field, **params).render(translate=_, label=label)
	if violation.side:
		text = _("{0}: {1}").format(_(SIDES[violation.side]), text)
	return text


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
