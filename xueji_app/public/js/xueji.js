// Xueji desk helpers, loaded on every desk page.
frappe.provide("xueji");

// Every case workflow goes through xueji_app.services.workflow.act, which checks the party on the
// server; Frappe's own apply_workflow is not called. Reject asks for a reason.
xueji.workflow_action = function (frm) {
	const action = frm.selected_workflow_action;
	frappe.dom.unfreeze();
	return new Promise((resolve, reject) => {
		const run = (comment) =>
			frappe
				.xcall("xueji_app.services.workflow.act", {
					doctype: frm.doctype,
					name: frm.doc.name,
					action: action,
					comment: comment || null,
				})
				.then(() => frm.reload_doc())
				.finally(() => reject());
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

// Prepared files (services.prepared): a register or a large export is made in the background. The progress
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
