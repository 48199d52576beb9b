// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("Administrative Region", {
	refresh(frm) {
		frm.set_query("parent_administrative_region", () => ({ filters: { is_group: 1 } }));
	},
});
