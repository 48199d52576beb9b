// Copyright (c) 2026, Xueji contributors
// 学籍号 instead of the internal record name; the state is the registration until it is approved, then the roll status.
frappe.listview_settings["Student"] = {
	add_fields: ["registration_state", "status_label", "student_number"],
	hide_name_column: true,
	get_indicator(doc) {
		if (doc.registration_state && doc.registration_state !== "Approved") {
			return xueji.state_indicator(doc.registration_state, "registration_state");
		}
		return xueji.state_indicator(doc.status_label, "status_label");
	},
};
