// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Problem Records"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "problem", label: __("Problem"), fieldtype: "Select",
		  options: ["", "Invalid ID", "ID Mismatch", "Duplicate ID", "Duplicate Person", "Missing Required Fields", "Stale Fields", "Roll Separation"]
			.map((value) => ({ value, label: value ? __(value) : "" })) },
		{ fieldname: "stale_after_months", label: __("Stale After (months)"), fieldtype: "Int", default: 12 },
		{ fieldname: "include_resolved", label: __("Include Resolved"), fieldtype: "Check" },
	],
	// each row opens a resolution of the kind the rules allow
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "resolutions" && data && data.student && !data.resolution) {
			return `<a class="xj-resolve" data-student="${data.student}" data-problem="${data.problem_code}">${value}</a>`;
		}
		return value;
	},
	onload(report) {
		$(report.page.wrapper).on("click", "a.xj-resolve", function () {
			frappe.new_doc("Problem Resolution", { student: $(this).attr("data-student"), problem: $(this).attr("data-problem") });
		});
	},
};
