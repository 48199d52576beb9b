"""The national sex code table (GB/T 2261.1) gets a name of its own, ``Sex Code``; ``Gender`` is Frappe's again.

Earlier the app defined a DocType named ``Gender``, which took over Frappe's own (frappe/contacts): the table
carried both definitions' columns and ``User.gender`` linked to the national codes. Here the codes the app
stored in ``tabGender`` are copied into ``tabSex Code`` under the same names (so every Student's ``gender``,
which holds the code, stays valid), Frappe's definition of ``Gender`` is restored, and the app's rows and
columns leave Frappe's table. Rows of Frappe's own (Male, Female …, with its ``gender`` column) stay."""

from __future__ import annotations

import frappe

APP_COLUMNS = ("code", "label", "standard", "disabled")


def execute() -> None:
	if not frappe.db.table_exists("Gender"):
		return
	columns = set(frappe.db.get_table_columns("Gender"))
	if "code" in columns:
		rows = frappe.db.sql(
			f"""select name, code, label, {'standard' if 'standard' in columns else "'GB/T 2261.1'"} as standard,
				{'disabled' if 'disabled' in columns else 0} as disabled, creation, modified, owner, modified_by
			from `tabGender` where ifnull(code, '') != ''""",
			as_dict=True,
		)
		for row in rows:
			if not frappe.db.exists("Sex Code", row.code):
				frappe.db.sql(
					"""insert into `tabSex Code` (name, code, label, standard, disabled, creation, modified, owner, modified_by, docstatus, idx)
					values (%(code)s, %(code)s, %(label)s, %(standard)s, %(disabled)s, %(creation)s, %(modified)s, %(owner)s, %(modified_by)s, 0, 0)""",
					row,
				)
		linked = set()
		for doctype, field in (("User", "gender"), ("Contact", "gender")):
			if frappe.db.table_exists(doctype) and field in frappe.db.get_table_columns(doctype):
				linked.update(frappe.get_all(doctype, filters={field: ["in", [r.name for r in rows] or [""]]}, pluck=field))
		for row in rows:
			if row.name not in linked:
				frappe.db.delete("Gender", {"name": row.name})
	# Frappe's definition back in place (and its module, so the DocType is not taken for an orphan)
	frappe.reload_doc("contacts", "doctype", "gender", force=True)
	frappe.clear_cache(doctype="Gender")
	columns = set(frappe.db.get_table_columns("Gender"))
	theirs = {df.fieldname for df in frappe.get_meta("Gender").fields}
	for column in APP_COLUMNS:
		if column in columns and column not in theirs:
			frappe.db.sql_ddl(f"alter table `tabGender` drop column `{column}`")
