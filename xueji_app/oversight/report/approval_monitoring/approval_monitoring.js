// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Approval Monitoring"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.overdue_days > 0 && ["due_date", "overdue_days"].includes(column.fieldname)) {
			return `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
