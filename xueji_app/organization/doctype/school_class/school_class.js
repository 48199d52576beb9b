// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("School Class", {
	setup(frm) {
		frm.set_query("grade", () => ({ filters: frm.doc.stage ? { stage: frm.doc.stage } : {} }));
	},
});
