"""Files of the app's records: private, and never copied by URL into another record.

Frappe serves a private file to anyone who may read *any* document one of its File rows is attached to,
and an Attach field saved with the URL of an existing file creates such a row. So a File row that points
at an existing private file is allowed only for a user who may already read that file.
"""

from __future__ import annotations

import frappe


def attach_row_files(doc, method: str | None = None) -> None:
	"""doc_event ``on_update`` of the scoped DocTypes: the files of child rows (a case's 证明材料) are
	attached to the record, as Frappe does for the record's own Attach fields only.

	Frappe serves a private file to its owner or to whoever may read the record it is attached to. An
	evidence file left unattached is served to the clerk who uploaded it and to nobody else: the school
	head and the bureau deciding the case could not open it. Attached, it is served exactly to the case's
	parties (whoever may read the case) and still to no other school or county."""
	for table in doc.meta.get_table_fields():
		child = frappe.get_meta(table.options)
		for df in child.get("fields", {"fieldtype": ["in", ("Attach", "Attach Image")]}):
			for row in doc.get(table.fieldname) or []:
				attach(doc, table.fieldname, row.get(df.fieldname))


def attach(doc, fieldname: str, url: str | None) -> None:
	if not (url or "").startswith(("/files/", "/private/files/")):
		return
	here = {"file_url": url, "attached_to_doctype": doc.doctype, "attached_to_name": doc.name}
	if frappe.db.exists("File", here):
		return
	loose = frappe.db.exists("File", {"file_url": url, "attached_to_doctype": ("is", "not set"), "attached_to_name": ("is", "not set")})
	if loose:
		frappe.db.set_value("File", loose, {"attached_to_doctype": doc.doctype, "attached_to_name": doc.name,
											"attached_to_field": fieldname}, update_modified=False)
		return
	# already attached to another record the writer may read (the guard checked): one more row, same file
	row = frappe.get_doc({"doctype": "File", "file_url": url, "attached_to_field": fieldname, "folder": "Home/Attachments",
						  **here})
	row.flags.xueji_service = True
	row.insert(ignore_permissions=True)
