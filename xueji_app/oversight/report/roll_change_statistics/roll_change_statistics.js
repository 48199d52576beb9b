// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Roll Change Statistics"] = {
	filters: [
		{ fieldname: "view", label: __("View"), fieldtype: "Select", default: "By Type and Month",
		  options: ["By Type and Month", "Transfer Flows"].map((value) => ({ value, label: __(value) })) },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.year_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
