"""A site's fingerprint, to prove a backup restored whole: for every record type that carries the roll (students,
their guardians and history, cases and their steps and evidence, the logs), how many rows and a checksum of
their key fields; for every file, that its bytes on disk are the bytes recorded.

    bench --site SITE execute xueji_app.services.platform.backup.fingerprint

prints the same JSON on the original and on the restored site when nothing was lost (README: Backup and restore).
"""

from __future__ import annotations

import hashlib
import json

import frappe

#: what a restore must bring back, with the fields whose values must match
KEY_FIELDS: dict[str, tuple[str, ...]] = {
	"Student": ("student_number", "student_name", "id_number", "school", "grade", "status_label", "registration_state", "modified"),
	"Student Guardian": ("parent", "guardian_name", "relationship", "id_number", "phone"),
	"Student Roll Event": ("parent", "event_type", "event_date", "from_school", "to_school"),
	"Student Info Change": ("student", "change_state", "modified"),
	"Roll Change": ("student", "change_type", "change_state", "applied_on", "modified"),
	"Student Transfer": ("student", "from_school", "to_school", "transfer_state", "modified"),
	"Case Step": ("parent", "step_no", "party_role", "decision", "decided_by", "due_date"),
	"Case Evidence": ("parent", "evidence_type", "file"),
	"Year-End Run": ("school", "academic_year", "run_state", "applied_on"),
	"Year-End Run Student": ("run", "student", "outcome", "applied"),
	"Roll Officer": ("user", "tier", "school", "region"),
	"School": ("school_name", "region", "status"),
	"Roll Policy": ("region", "stage", "modified"),
	"Export Log": ("user", "export_type", "row_count"),
	"Print Log": ("user", "reference_name", "pages"),
	"Version": ("ref_doctype", "docname", "data"),  # of the roll's records (see WHERE)
	"File": ("file_url", "attached_to_doctype", "attached_to_name", "content_hash", "file_size"),
}


#: rows a migration may add by itself on the restored site (Frappe versions its own settings) are left out
WHERE = {"Version": "ref_doctype in ('Student', 'Student Info Change', 'Roll Change', 'Student Transfer', 'Year-End Run', 'School')"}


def table_fingerprint(doctype: str, fields: tuple[str, ...]) -> dict:
	"""Row count and the SHA-256 of the key fields of every row, in name order (one query)."""
	present = [f for f in fields if frappe.db.has_column(doctype, f)]
	digest = hashlib.sha256()
	where = f"where {WHERE[doctype]}" if doctype in WHERE else ""
	rows = frappe.db.sql(f"select name, {', '.join(f'`{f}`' for f in present)} from `tab{doctype}` {where} order by name", as_list=True)
	for row in rows:
		digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
		digest.update(b"\n")
	return {"rows": len(rows), "sha256": digest.hexdigest()}


def files_on_disk() -> dict:
	"""Every stored file (not folders, not links elsewhere) read back from disk: how many, how many are missing or
	differ from their recorded size, and one checksum of all their bytes."""
	digest, missing, checked = hashlib.sha256(), [], 0
	for f in frappe.get_all("File", filters={"is_folder": 0, "file_url": ["like", "%/files/%"]}, fields=["name", "file_url", "file_size"],
							order_by="name"):
		try:
			content = frappe.get_doc("File", f.name).get_content()
		except (OSError, frappe.DoesNotExistError):
			missing.append(f.file_url)
			continue
		content = content.encode() if isinstance(content, str) else content
		if f.file_size and len(content) != f.file_size:
			missing.append(f.file_url)
		digest.update(f.file_url.encode() + b"\0" + hashlib.sha256(content).digest())
		checked += 1
	return {"files": checked, "missing_or_changed": missing, "sha256": digest.hexdigest()}


def fingerprint() -> dict:
	result = {"tables": {d: table_fingerprint(d, f) for d, f in KEY_FIELDS.items()}, "files": files_on_disk()}
	print(json.dumps(result, ensure_ascii=False, sort_keys=True))
	return result
