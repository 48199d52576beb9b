// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Student", {
	setup(frm) {
		frm.set_query("school_class", () => ({
			filters: { school: frm.doc.school || "", grade: frm.doc.grade || "" },
		}));
	},
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
