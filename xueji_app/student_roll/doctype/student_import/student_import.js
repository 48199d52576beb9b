// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Student Import", {
	onload(frm) {
		// the check and the import run as background jobs: reload when this one is done
		frappe.realtime.on("xueji_import_done", (data) => {
			if (data && data.name === frm.doc.name) {
				frappe.hide_progress();
				frm.reload_doc();
			}
		});
	},
	refresh(frm) {
		if (["Checking", "Importing"].includes(frm.doc.status)) {
			frm.dashboard.set_headline(__("The file is being processed in the background; this page updates when it is done."));
		}
		if (frm.doc.status === "Failed" && frm.doc.failure) {
			frm.dashboard.set_headline(`<span class="text-danger">${frappe.utils.escape_html(frm.doc.failure)}</span>`);
		}
		frm.add_custom_button(__("Download Template"), () => {
			window.open("/api/method/xueji_app.services.roll.student_import.download_template");
		});
		const busy = ["Checking", "Importing"].includes(frm.doc.status);
		if (!frm.is_new() && frm.doc.import_file && !busy && !["Imported", "Nothing Imported"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Check File"), () => frm.call("check").then(() => frm.reload_doc()));
		}
		if (frm.doc.status === "Checked") {
			frm.add_custom_button(__("Create Valid Rows"), () =>
				frappe.confirm(__("Create {0} students and skip the rows with errors?", [frm.doc.valid_rows]), () =>
					frm.call("import_valid_rows").then(() => frm.reload_doc())
				)
			);
			frm.add_custom_button(__("Create Nothing"), () => frm.call("import_nothing").then(() => frm.reload_doc()));
		}
		render_report(frm);
	},
});

function render_report(frm) {
	const errors = JSON.parse(frm.doc.error_log || "[]");
	const field = frm.get_field("report_html");
	if (!frm.doc.checked_on) {
		field.$wrapper.html("");
		return;
	}
	const rows = errors
		.map(
			(e) =>
				`<tr><td>${e.row || ""}</td><td>${frappe.utils.escape_html(e.column)}</td><td>${frappe.utils.escape_html(
					e.value
				)}</td><td>${frappe.utils.escape_html(e.message)}</td></tr>`
		)
		.join("");
	field.$wrapper.html(`
		<p>${__("{0} student rows: {1} valid, {2} with errors.", [frm.doc.total_rows, frm.doc.valid_rows, frm.doc.error_rows])}</p>
		${errors.length ? `<table class="table table-bordered table-sm"><thead><tr><th>${__("Row")}</th><th>${__("Column")}</th><th>${__("Value")}</th><th>${__("Rule")}</th></tr></thead><tbody>${rows}</tbody></table>` : ""}`);
}
