// Copyright (c) 2026, Xueji contributors
// What was exported, named in Chinese: the report or DocType is stored by its (English) name.
frappe.listview_settings["Export Log"] = {
	hide_name_column: true,
	formatters: {
		report_name: (value) => __(value || ""),
		reference_doctype: (value) => __(value || ""),
	},
};
