"""The regulation engine: pure Python, no Frappe.

Input is plain data, output is a decision or a :class:`~xueji_app.rules.errors.RuleViolation`.
Messages are English source strings marked with ``_`` so Frappe's extractor finds them; the
Frappe boundary (``xueji_app.services.core.errors``) translates them into the user's language.
"""
