"""Who speaks for a bureau on a record: its own officers, a bureau above it only where the record's policy
allows (``superior_may_act``), the platform administrator. The guard (which parties a user attests for on a
student's record) and the case steps (which bureau decides a step) ask the same question here."""

from __future__ import annotations

import frappe

from xueji_app.rules.policy import Policy
from xueji_app.services.core.policy import policy_for
from xueji_app.services.security.scope import get_scope


def is_bureau_party(region: str | None, policy: Policy, scope=None) -> bool:
	"""Whether the user speaks for the bureau of ``region``: its own officers, a bureau above it only where
	the policy allows, the platform administrator."""
	scope = scope or get_scope()
	if scope.is_admin or (scope.is_bureau and bool(region) and scope.region == region):
		return True
	return bool(policy.superior_may_act and region and scope.covers_region(region))


def student_policy(doc):
	"""The Roll Policy of the student's (or case's) school and stage."""
	stage = frappe.get_cached_value("Grade", doc.grade, "stage") if doc.get("grade") else "Primary"
	return policy_for(doc.school, stage)


def is_authority_party(doc, scope=None) -> bool:
	"""Whether the user speaks for the record's roll authority (what ``check_authority_party`` enforces)."""
	return is_bureau_party(doc.get("authority_region"), student_policy(doc), scope)
