// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Student Transfer", {
	refresh(frm) {
		if (frm.is_new()) {
			frm.add_custom_button(__("Find Student"), () => {
				frappe.prompt(
					[
						{ fieldname: "student_number", fieldtype: "Data", label: __("Student Number") },
						{ fieldname: "id_number", fieldtype: "Data", label: __("ID Number") },
					],
					(v) =>
						frappe
							.xcall("xueji_app.roll_change.doctype.student_transfer.student_transfer.find_student", v)
							.then((r) => {
								if (!r) return frappe.msgprint(__("No student found"));
								// set directly: the student is not the school's own, so the form may not read the record
								Object.assign(frm.doc, {
									student: r.name,
									student_lookup: r.lookup,
									student_name: r.student_name,
									student_number: r.student_number,
									grade: r.grade,
								});
								frappe.utils.add_link_title("Grade", r.grade, r.grade_name);  // shown by its name
								frm.dirty();
								frm.refresh_fields();
								frappe.show_alert(`${r.student_name} · ${r.school_name} · ${r.grade_name} · ${r.student_number}`);
							}),
					__("Find Student")
				);
			});
		}
		if (["Draft", "Rejected"].includes(frm.doc.transfer_state) && !frm.is_new()) {
			frm.add_custom_button(__("Check Eligibility"), () => xueji.show_eligibility(frm));
		}
		// LN 第十五条: the receiving school may admit the pupil when the sending side has not decided in time
		const waiting = ["Pending Sending School Review", "Pending Sending Authority Approval"].includes(frm.doc.transfer_state);
		if (waiting && !frm.doc.provisionally_admitted_on && frappe.user.has_role("School Registrar")) {
			frm.add_custom_button(__("Admit Ahead of the Sending Side"), () =>
				frappe.confirm(__("Admit the pupil now? The roll moves only when the sending side approves."), () =>
					frm.call("admit_provisionally").then(() => frm.reload_doc())
				)
			);
		}
		// YK 第十三条(三) 第五步: the bureau the policy names records that it holds the approved application
		const is_bureau = ["County Bureau Officer", "City Bureau Officer", "Province Bureau Officer"].some((r) => frappe.user.has_role(r));
		if (frm.doc.transfer_state === "Approved" && frm.doc.archive_region && !frm.doc.archived_on && is_bureau) {
			frm.add_custom_button(__("Record Archive"), () => frm.call("record_archive").then(() => frm.reload_doc()));
		}
		xueji.evidence.refresh(frm);
	},
	to_school: (frm) => xueji.evidence.refresh(frm),
	evidence_remove: (frm) => xueji.evidence.refresh(frm),
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});
