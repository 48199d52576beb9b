// Xueji desk helpers, loaded on every desk page.
frappe.provide("xueji");

// The platform administrator sees Frappe's own machinery (uploaders' switches, pickers' 新建, the print view's
// language); a school or bureau official does not (services.security.scope.is_admin on the server).
xueji.is_platform_admin = function () {
	return frappe.session.user === "Administrator" || frappe.user.has_role(["System Manager", "Xueji Administrator"]);
};

// Every case workflow goes through xueji_app.services.cases.workflow.act, which checks the party on the
// server; Frappe's own apply_workflow is not called. Reject asks for a reason.
xueji.workflow_action = function (frm) {
	const action = frm.selected_workflow_action;
	frappe.dom.unfreeze();
	// The promise never settles: Frappe would apply the workflow itself when it resolves, and a rejection reaches
	// no handler of Frappe's (the console's page error). The action ends here, as Frappe's own would end.
	return new Promise(() => {
		const run = (comment) =>
			frappe
				.xcall("xueji_app.services.cases.workflow.act", {
					doctype: frm.doctype,
					name: frm.doc.name,
					action: action,
					comment: comment || null,
				})
				.then(() => frm.reload_doc())
				.then(() => frm.script_manager.trigger("after_workflow_action"))
				.catch(() => {})  // a refusal was shown by the request itself
				.finally(() => (frm.selected_workflow_action = null));
		const needs_reason = ["Reject"].includes(action);
		frappe.prompt(
			[{ fieldname: "comment", fieldtype: "Small Text", label: needs_reason ? __("Reason") : __("Opinion"), reqd: needs_reason ? 1 : 0 }],
			(values) => run(values.comment),
			__(action),
			__(action)
		);
	});
};

// Show every reason a case would be refused, before it is filed.
xueji.show_eligibility = function (frm) {
	if (frm.is_dirty()) {
		return frm.save().then(() => xueji.show_eligibility(frm));
	}
	return frm.call("check_eligibility").then((r) => {
		const reasons = r.message || [];
		if (!reasons.length) {
			frappe.msgprint({ title: __("Eligibility"), message: __("The case meets every rule of the policy."), indicator: "green" });
		} else {
			frappe.msgprint({
				title: __("Eligibility"),
				message: "<ul>" + reasons.map((m) => `<li>${frappe.utils.escape_html(m)}</li>`).join("") + "</ul>",
				indicator: "red",
			});
		}
	});
};

// A case's state links to Workflow State, which officers may not open: show it in their language anyway
// (the Link formatter translates only for users who can read the linked DocType).
frappe.form.link_formatters["Workflow State"] = (value) => (value ? __(value) : value);

// Prepared files (services.outputs.prepared): a register or a large export is made in the background. The progress
// shows wherever the user is; when the file is ready (or the job failed) the user is told, with the link.
xueji.request_file = function (method, args) {
	return frappe.xcall(method, args).then((r) => {
		frappe.show_alert({
			message: __("{0} is being prepared in the background; you will be told when it is ready.", [frappe.utils.escape_html(r.title)]),
			indicator: "blue",
		}, 8);
		return r;
	});
};

$(document).on("app_ready", () => {
	frappe.realtime.on("xueji_file_ready", (data) => {
		frappe.hide_progress();
		const link = `<a href="/app/prepared-file/${encodeURIComponent(data.name)}">${frappe.utils.escape_html(data.title)}</a>`;
		if (data.status === "Completed") {
			frappe.msgprint({
				title: __("File Ready"),
				indicator: "green",
				message: `${link}<br><br><a class="btn btn-primary btn-sm" href="${encodeURI(data.file_url)}" target="_blank">${__("Download")}</a>`,
			});
		} else {
			frappe.msgprint({ title: __("The file could not be prepared"), indicator: "red",
				message: `${link}<br>${frappe.utils.escape_html(data.failure || "")}` });
		}
		if (cur_frm && cur_frm.doctype === "Prepared File" && cur_frm.doc.name === data.name) cur_frm.reload_doc();
	});
});

// 证明材料: the documents the policy asks of a case, shown before filing, and an upload that works before the case
// is saved (a row's own attach button needs a saved row, and the row needs its file). The file is uploaded
// private and standalone, the row takes its URL; on save the server attaches it to the case.
xueji.evidence = {
	setup(frm) {
		const grid = frm.fields_dict.evidence && frm.fields_dict.evidence.grid;
		if (!grid || grid.xueji_upload) return;
		grid.xueji_upload = true;
		grid.add_custom_button(__("Upload Evidence"), () => xueji.evidence.dialog(frm), "top");
	},
	refresh(frm) {
		xueji.evidence.setup(frm);
		// the policy is the filing school's: wait until the form knows it (fetched from the student, or entered)
		if (!frm.fields_dict.evidence || frm.doc.docstatus || !(frm.doc.school || frm.doc.to_school)) return Promise.resolve();
		// not frm.call: with the form's copy it redraws every field when the answer comes, and what the clerk typed
		// meanwhile (not yet in the copy) was lost; the server sends no copy back either (reads_only)
		return frappe.call({ method: "run_doc_method", args: { docs: frm.doc, method: "required_documents" }, freeze: false }).then((r) => {
			const { required, missing, reasons } = r.message || { required: [], missing: [], reasons: [] };
			frm.xueji_required_documents = required;
			xueji.evidence.reasons(frm, reasons || []);
			const esc = frappe.utils.escape_html;
			const $wrapper = frm.fields_dict.evidence.$wrapper;
			let $note = $wrapper.find(".xueji-required-documents");
			if (!$note.length) $note = $(`<p class="xueji-required-documents small"></p>`).prependTo($wrapper);
			if (!required.length) {
				$note.empty();
			} else if (missing.length) {
				$note.html(`<span class="text-danger">${__("Required by the policy: {0}. Still missing: {1}.", [required.map(esc).join("、"), missing.map(esc).join("、")])}</span>`);
			} else {
				$note.html(`<span class="text-success">${__("Every document the policy requires is attached: {0}.", [required.map(esc).join("、")])}</span>`);
			}
		});
	},
	// the reasons the policy lists for this change, as codes shown by their labels (Roll Change only: a transfer's
	// reasons are the DocType's own options)
	reasons(frm, reasons) {
		if (frm.doctype !== "Roll Change" || !frm.fields_dict.reason) return;
		const current = frm.doc.reason;
		frm.set_df_property("reason", "options", [{ value: "", label: "" }, ...reasons]);
		frm.toggle_display("reason", reasons.length > 0);
		frm.toggle_reqd("reason", reasons.length > 0);
		if (current && !reasons.some((r) => r.value === current)) frm.set_value("reason", "");
	},
	dialog(frm) {
		const required = frm.xueji_required_documents || [];
		const have = (frm.doc.evidence || []).map((e) => e.evidence_type);
		const options = [...required, __("Other")];
		const first = required.find((d) => !have.includes(d)) || options[0];
		const d = new frappe.ui.Dialog({
			title: __("Upload Evidence"),
			fields: [
				{ fieldname: "evidence_type", fieldtype: "Select", label: __("Document"), options, default: first, reqd: 1 },
				{ fieldname: "other_type", fieldtype: "Data", label: __("Name of the document"),
				  depends_on: `eval:doc.evidence_type=='${__("Other")}'`, mandatory_depends_on: `eval:doc.evidence_type=='${__("Other")}'` },
				{ fieldname: "file", fieldtype: "Attach", label: __("File"), reqd: 1,
				  options: { restrictions: { allowed_file_types: ["image/*", ".pdf"] }, make_attachments_public: 0, allow_toggle_private: false } },
				{ fieldname: "note", fieldtype: "Data", label: __("Note") },
			],
			primary_action_label: __("Add to the Case"),
			primary_action(values) {
				const type = values.evidence_type === __("Other") ? values.other_type : values.evidence_type;
				frm.add_child("evidence", { evidence_type: type, file: values.file, note: values.note });
				frm.refresh_field("evidence");
				frm.dirty();
				d.hide();
				xueji.evidence.refresh(frm);
				frappe.show_alert({ message: __("Added {0}; save the case to keep it.", [frappe.utils.escape_html(type)]), indicator: "green" });
			},
		});
		d.show();
	},
};

// The lists' 状态 column: the workflows override Frappe's status, so each list names its state itself, in
// Chinese, coloured by what it asks of the reader (green done, orange waiting, red refused).
xueji.state_indicator = function (state, field) {
	if (!state) return null;
	const colour = /Approved|Confirmed|Registered|Imported|Completed|In School|Graduated/.test(state) ? "green"
		: /Rejected|Failed|Deceased|Expelled/.test(state) ? "red"
		: /Pending|Queued|Running|Checking|Importing/.test(state) ? "orange"
		: /Withdrawn|Reversed/.test(state) ? "gray" : "blue";
	return [__(state), colour, `${field},=,${state}`];
};
xueji.case_list = function (state_field, has_due = true) {
	return {
		add_fields: has_due ? [state_field, "current_due_date"] : [state_field],
		hide_name_column: true,
		get_indicator(doc) {
			const indicator = xueji.state_indicator(doc[state_field], state_field);
			if (indicator && doc.current_due_date && /Pending/.test(doc[state_field]) && frappe.datetime.get_diff(doc.current_due_date, frappe.datetime.get_today()) < 0) {
				indicator[0] = __("{0} (overdue)", [indicator[0]]);
				indicator[1] = "red";
			}
			return indicator;
		},
	};
};
