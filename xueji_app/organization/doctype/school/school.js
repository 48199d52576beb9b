// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("School", {
	setup(frm) {
		frm.set_query("region", () => ({ filters: { level: "County" } }));
		frm.set_query("merged_into", () => ({ filters: { name: ["!=", frm.doc.name], status: "Active" } }));
	},
	region(frm) {
		if (frm.doc.region && !frm.doc.authority_region) {
			frm.set_value("authority_region", frm.doc.region);
		}
	},
});
