// Copyright (c) 2026, Xueji contributors
frappe.listview_settings["Prepared File"] = {
	get_indicator(doc) {
		const colors = { Queued: "gray", Running: "blue", Completed: "green", Failed: "red" };
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
