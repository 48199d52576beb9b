// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Overdue Registrations"] = {
	filters: [
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
