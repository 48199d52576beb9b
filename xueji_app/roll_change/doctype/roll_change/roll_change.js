// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Roll Change", {
	setup(frm) {
		frm.set_query("student", () => ({ filters: { registration_state: "Approved" } }));
	},
	refresh(frm) {
		// print preview and PDF open on the official form of this kind of change (YK 附件2, 附件3, 出国申请表)
		frm.meta.default_print_format = xueji.roll_change_form(frm.doc.change_type);
		if (frm.doc.change_state === "Draft" || frm.doc.change_state === "Rejected") {
			frm.add_custom_button(__("Check Eligibility"), () => xueji.show_eligibility(frm));
		}
		xueji.evidence.refresh(frm);
		// a death reported after the policy's working days: said on the case to whoever opens it
		const late = frm.doc.__onload && frm.doc.__onload.late_report;
		if (late) frm.set_intro(frappe.utils.escape_html(late), "orange");
	},
	student: (frm) => xueji.evidence.refresh(frm),
	change_type(frm) {
		frm.meta.default_print_format = xueji.roll_change_form(frm.doc.change_type);
		xueji.evidence.refresh(frm);
	},
	reason: (frm) => xueji.evidence.refresh(frm),
	evidence_remove: (frm) => xueji.evidence.refresh(frm),
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});

xueji.roll_change_form = function (change_type) {
	if (["Withdrawal", "Dropout", "Expulsion"].includes(change_type)) return "Withdrawal Application Form";
	if (["Going Abroad", "Return from Abroad"].includes(change_type)) return "Going Abroad Application Form";
	return "Suspension Resumption Form";
};
