// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Unclaimed Graduates"] = {
	filters: [
		{ fieldname: "stage", label: __("Stage Finished"), fieldtype: "Select", options: ["Primary", "Junior"], default: "Primary" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "include_recent", label: __("Include Graduates Before the Policy Date"), fieldtype: "Check" },
	],
};
