// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Roll Change", {
	setup(frm) {
		frm.set_query("student", () => ({ filters: { registration_state: "Approved" } }));
	},
	refresh(frm) {
		if (frm.doc.change_state === "Draft" || frm.doc.change_state === "Rejected") {
			frm.add_custom_button(__("Check Eligibility"), () => xueji.show_eligibility(frm));
		}
	},
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
