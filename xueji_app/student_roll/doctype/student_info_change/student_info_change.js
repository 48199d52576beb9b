// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Student Info Change", {
	setup(frm) {
		frm.set_query("student", () => ({ filters: { registration_state: "Approved", has_open_case: 0 } }));
	},
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
