"""Roll Policy records ↔ the pure policy engine: layers from records, the policy that applies to a school."""

from __future__ import annotations

import frappe
from frappe.utils.nestedset import get_ancestors_of

from xueji_app.rules import policy as rules
from xueji_app.rules.standard_policies import COMPULSORY_STAGES, STANDARD

POLICY = "Roll Policy"
REGION = "Administrative Region"
TERM_NUMBER = {"First Term": 1, "Second Term": 2}
TERM_NAME = {"1": "First Term", "2": "Second Term"}


def layer_from_doc(doc) -> dict:
	"""The parameters a Roll Policy record sets (empty fields and tables inherit)."""
	layer: dict = {}
	for name in rules.NUMBER_PARAMETERS:
		layer[name] = rules.parse_number(name, doc.get(name))
	for name in rules.BOOLEAN_PARAMETERS:
		layer[name] = rules.parse_yes_no(doc.get(name))
	for name in rules.MONTH_DAY_PARAMETERS:
		layer[name] = rules.parse_month_day(name, doc.get(name))
	for name in (*rules.TEXT_PARAMETERS, *rules.TIER_PARAMETERS):
		layer[name] = (doc.get(name) or "").strip() or None
	conditions = [line.strip() for line in (doc.get("graduation_conditions") or "").splitlines() if line.strip()]
	if conditions:
		layer["graduation_conditions"] = conditions
	if doc.get("transfer_reasons"):
		layer["transfer_reasons"] = [r.reason for r in doc.transfer_reasons]
	if doc.get("forbidden_terms"):
		layer["forbidden_terms"] = [f"{r.grade}:{TERM_NUMBER[r.term]}" for r in doc.forbidden_terms]
	if doc.get("approver"):
		layer["approver"] = {r.change_type: r.approver for r in doc.approver}
	documents = [line.strip() for line in (doc.get("cross_province_transfer_documents") or "").splitlines() if line.strip()]
	if documents:
		layer["cross_province_transfer_documents"] = documents
	if doc.get("change_reasons"):
		layer["change_reasons"] = rules.reason_table([(r.change_type, (r.code or "").strip(), (r.label or "").strip())
													 for r in doc.change_reasons])
	if doc.get("required_evidence"):
		evidence: dict[str, list[str]] = {}
		for r in doc.required_evidence:
			evidence.setdefault(f"{r.change_type}:{r.reason}" if r.reason else r.change_type, []).append(r.document)
		layer["required_evidence"] = evidence
	return layer


def doc_from_layer(key: str, title: str, region: str | None, stage: str | None, params: dict) -> dict:
	"""A Roll Policy record (as a dict for ``frappe.get_doc``) from a standard policy's parameters."""
	doc = {"doctype": POLICY, "policy_key": key, "title": title, "region": region, "stage": stage or "", "source": title}
	for name, value in params.items():
		if name in rules.NUMBER_PARAMETERS:
			doc[name] = "" if value is None else str(value)
		elif name in rules.BOOLEAN_PARAMETERS:
			doc[name] = "Yes" if value else "No"
		elif name in (*rules.MONTH_DAY_PARAMETERS, *rules.TEXT_PARAMETERS, *rules.TIER_PARAMETERS):
			doc[name] = value or ""
	doc["graduation_conditions"] = "\n".join(params.get("graduation_conditions", []))
	doc["cross_province_transfer_documents"] = "\n".join(params.get("cross_province_transfer_documents", []))
	doc["change_reasons"] = [
		{"change_type": change, "code": code, "label": label}
		for change, reasons in params.get("change_reasons", {}).items() for code, label in reasons
	]
	doc["transfer_reasons"] = [{"reason": r} for r in params.get("transfer_reasons", [])]
	doc["forbidden_terms"] = [
		{"grade": t.split(":")[0], "term": TERM_NAME[t.split(":")[1]]} for t in params.get("forbidden_terms", [])
	]
	doc["approver"] = [{"change_type": k, "approver": v} for k, v in params.get("approver", {}).items()]
	doc["required_evidence"] = [
		{"change_type": k.split(":")[0], "reason": k.split(":")[1] if ":" in k else None, "document": d}
		for k, docs in params.get("required_evidence", {}).items()
		for d in docs
	]
	return doc


def ensure_standard_policies() -> None:
	"""Install the shipped policies whose region exists on this site (once; afterwards they are the
	bureaus' data). A parameter a new release of a standard policy adds is filled in on migrate, once, where
	the site's record leaves it empty: the values a bureau set or cleared after that are never touched."""
	import json

	for key, title, region, stage, params in STANDARD:
		if region and not frappe.db.exists(REGION, region):
			continue
		seen_key = f"xueji_policy_shipped:{key}"
		shipped = sorted(params)
		if not frappe.db.exists(POLICY, key):
			frappe.get_doc(doc_from_layer(key, title, region, stage, params)).insert(ignore_permissions=True)
		else:
			seen = frappe.db.get_default(seen_key)
			new = [p for p in shipped if p not in (json.loads(seen) if seen else [])]
			if new:
				add_parameters(key, doc_from_layer(key, title, region, stage, {p: params[p] for p in new}))
		frappe.db.set_default(seen_key, json.dumps(shipped))


def add_parameters(key: str, shipped: dict) -> None:
	"""Fill the fields of a standard policy that a new release sets and the site's record leaves empty."""
	doc = frappe.get_doc(POLICY, key)
	changed = False
	for fieldname, value in shipped.items():
		df = doc.meta.get_field(fieldname)
		if not df or value in (None, "", []) or doc.get(fieldname):
			continue
		doc.set(fieldname, value)
		changed = True
	if changed:
		doc.flags.xueji_service = True
		doc.save(ignore_permissions=True)


def policy_for(school: str, stage: str) -> rules.Policy:
	"""The policy that applies to a school at a stage: national, then province, city, county, each
	overriding what it sets; at one region a stage-specific policy overrides a 'Compulsory' or all-stage one."""
	county = frappe.get_cached_value("School", school, "region")
	chain = [*reversed(get_ancestors_of(REGION, county)), county]  # province first
	depth = {region: i + 1 for i, region in enumerate(chain)}
	stages = ["", stage] + (["Compulsory"] if stage in COMPULSORY_STAGES else [])
	records = frappe.get_all(POLICY, filters={"enabled": 1, "stage": ["in", stages]}, fields=["name", "region"])
	docs = [frappe.get_cached_doc(POLICY, r.name) for r in records if not r.region or r.region in depth]
	specificity = {"": 0, "Compulsory": 1, stage: 2}
	docs.sort(key=lambda d: (depth.get(d.region, 0), specificity.get(d.stage or "", 0)))
	return rules.resolve(layer_from_doc(d) for d in docs)
