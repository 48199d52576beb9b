// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Student", {
	setup(frm) {
		frm.set_query("school_class", () => ({
			filters: { school: frm.doc.school || "", grade: frm.doc.grade || "" },
		}));
	},
	// A new Student opens with one 家庭成员 row ready (the table is required), whose 是否监护人 is ticked by
	// default: Frappe's save keeps such a row as filled, and a clerk who added her own row below it was stopped by
	// 「在表家庭成员或监护人需要强制字段，行1」. A row with nothing typed into it is dropped before the save.
	validate(frm) {
		const typed = (row) => ["guardian_name", "relationship", "phone", "id_number", "current_address", "employer"]
			.some((f) => row[f]);
		const blank = (frm.doc.guardians || []).filter((row) => !typed(row));
		if (blank.length && blank.length < (frm.doc.guardians || []).length) {
			blank.forEach((row) => frappe.model.clear_doc(row.doctype, row.name));
			(frm.doc.guardians || []).forEach((row, i) => (row.idx = i + 1));
			frm.refresh_field("guardians");
		}
	},
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
