// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Roll Change", {
	setup(frm) {
		frm.set_query("student", () => ({ filters: { registration_state: "Approved" } }));
	},
	refresh(frm) {
		if (frm.doc.change_state === "Draft" || frm.doc.change_state === "Rejected") {
			frm.add_custom_button(__("Check Eligibility"), () => xueji.show_eligibility(frm));
		}
		xueji.evidence.refresh(frm);
	},
	student: (frm) => xueji.evidence.refresh(frm),
	change_type: (frm) => xueji.evidence.refresh(frm),
	reason: (frm) => xueji.evidence.refresh(frm),
	evidence_remove: (frm) => xueji.evidence.refresh(frm),
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
