// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Data Check Status"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "term", label: __("Term"), fieldtype: "Data" },
		{ fieldname: "unconfirmed_only", label: __("Unconfirmed Only"), fieldtype: "Check" },
	],
};
