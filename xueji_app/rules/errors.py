"""The base of every rule's refusal; each rule module defines its own exception classes beside the rule.

Each class carries a message template (English source, translated at the Frappe boundary) that names
the field and states the rule. ``{field}`` is replaced by the field's label in the user's language.
"""

from __future__ import annotations


def _(text: str) -> str:
	"""Mark a string for translation extraction; translation happens at the Frappe boundary."""
	return text


def phrase(part: object, translate=lambda s: s) -> str:
	"""A parameter's part: a text, or a (template, numbers…) phrase."""
	if isinstance(part, tuple):
		return translate(part[0]).format(*part[1:])
	return str(part)


class RuleViolation(Exception):
	"""A business rule refused the input. ``field`` is the DocType fieldname the rule is about."""
	#: Frappe turns this into HTTP 417 (like ``frappe.ValidationError``) instead of a 500.
	http_status_code = 417
	#: whose policy the rule is, where a case has two (a transfer's "receiving" or "sending" side)
	side: str | None = None
	template = _("{field}: the value is not allowed")

	def __init__(self, *args: object, field: str | None = None, **params: object) -> None:
		self.field = field
		self.params = params
		super().__init__(*(args or (self.render(),)))

	def render(self, translate=lambda s: s, label: str | None = None) -> str:
		"""The message in the language ``translate`` gives, the field shown as ``label``."""
		params = {k: ("" if v is None else " / ".join(map(phrase, v)) if isinstance(v, tuple) else v) for k, v in self.params.items()}
		return translate(self.template).format(field=label or self.field or "", **params)
