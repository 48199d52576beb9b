// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Year-End Status"] = {
	filters: [
		{ fieldname: "academic_year", label: __("School Year Ending"), fieldtype: "Link", options: "Academic Year", reqd: 1,
		  default: frappe.defaults.get_user_default("academic_year") },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "unfinished_only", label: __("Not Confirmed Only"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "run_state_label" && data && data.run_state !== "Confirmed") {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
