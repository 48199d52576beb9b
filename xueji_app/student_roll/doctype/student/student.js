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
	refresh(frm) {
		xueji.deferral(frm);
	},
});

// 延缓入学 (LN 第四条): the school records the guardians' written application on a record not yet on the roll, the
// school head agrees or refuses (services.roll.deferral); an approved deferral is said at the top of the record.
xueji.deferral = function (frm) {
	const doc = frm.doc;
	const method = (name) => `xueji_app.services.roll.deferral.${name}`;
	if (doc.deferral_state === "Approved") {
		frm.set_intro(__("Enrollment deferred until {0} (LN 第四条); the registration falls due on {1}",
			[frappe.datetime.str_to_user(doc.deferred_until), frappe.datetime.str_to_user(doc.registration_due_date)]), "blue");
	}
	if (doc.__islocal || doc.status_label !== "Pending Registration") return;
	const open = !["Applied", "Approved"].includes(doc.deferral_state);
	if (open && ["Draft", "Rejected", "", null, undefined].includes(doc.registration_state) && frappe.user.has_role("School Registrar")) {
		frm.add_custom_button(__("Defer Enrollment"), () => {
			const d = new frappe.ui.Dialog({
				title: __("Defer Enrollment"),
				fields: [
					{ fieldname: "deferred_until", fieldtype: "Date", label: __("Deferred Until"), reqd: 1 },
					{ fieldname: "deferral_reason", fieldtype: "Small Text", label: __("Reason for the Deferral"), reqd: 1 },
					{ fieldname: "deferral_application", fieldtype: "Attach", label: __("Guardians' Written Application"), reqd: 1,
					  options: { restrictions: { allowed_file_types: ["image/*", ".pdf"] } } },
				],
				primary_action_label: __("Submit"),
				primary_action(values) {
					frappe.xcall(method("apply_deferral"), { student: doc.name, ...values }).then(() => {
						d.hide();
						frm.reload_doc();
					});
				},
			});
			d.show();
		});
	}
	if (doc.deferral_state === "Applied" && frappe.user.has_role("School Head")) {
		const decide = (decision) => frappe.prompt(
			[{ fieldname: "comment", fieldtype: "Small Text", label: __("Opinion"), reqd: decision === "Reject" ? 1 : 0 }],
			(v) => frappe.xcall(method("decide_deferral"), { student: doc.name, decision, comment: v.comment }).then(() => frm.reload_doc()),
			__(decision === "Approve" ? "Agree to the Deferral" : "Refuse the Deferral"));
		frm.add_custom_button(__("Agree to the Deferral"), () => decide("Approve"), __("Enrollment Deferral"));
		frm.add_custom_button(__("Refuse the Deferral"), () => decide("Reject"), __("Enrollment Deferral"));
	}
};
