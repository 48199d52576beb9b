// Copyright (c) 2026, Xueji contributors
// A file the system prepares in the background: its state, and the download when it is ready.
frappe.ui.form.on("Prepared File", {
	refresh(frm) {
		frm.disable_save();
		if (["Queued", "Running"].includes(frm.doc.status)) {
			frm.dashboard.set_headline(__("The file is being prepared in the background; this page updates when it is ready."));
		} else if (frm.doc.status === "Failed" && frm.doc.failure) {
			frm.dashboard.set_headline(`<span class="text-danger">${frappe.utils.escape_html(frm.doc.failure)}</span>`);
		} else if (frm.doc.status === "Completed" && frm.doc.prepared_file) {
			frm.add_custom_button(__("Download"), () => window.open(frm.doc.prepared_file)).addClass("btn-primary");
		}
	},
});
