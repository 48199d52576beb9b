// Copyright (c) 2026, Xueji contributors
frappe.query_reports["Enrollment Statistics"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Administrative Region" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{ fieldname: "breakdown", label: __("Breakdown"), fieldtype: "Select", default: "Gender",
		  options: ["Gender", "Stage", "Grade", "Ethnic Group", "Left-behind Child", "Child of Migrant Workers", "Inclusive Education", "Status"]
			.map((value) => ({ value, label: __(value) })) },
	],
	// drill-down: a region row opens that region, a school row that school
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "node" && data && ["region", "school"].includes(data.node_kind)) {
			return `<a class="xj-drill" data-kind="${data.node_kind}" data-name="${data.node_name}">${value}</a>`;
		}
		return value;
	},
	onload(report) {
		$(report.page.wrapper).on("click", "a.xj-drill", function () {
			const kind = $(this).attr("data-kind"), name = $(this).attr("data-name");
			if (kind === "school") report.set_filter_value({ school: name });
			else report.set_filter_value({ region: name, school: "" });
		});
	},
};
