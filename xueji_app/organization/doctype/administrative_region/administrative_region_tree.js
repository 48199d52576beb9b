frappe.treeview_settings["Administrative Region"] = {
	breadcrumb: "Organization",
	title: __("Administrative Region"),
	get_tree_root: false,
	root_label: __("All Administrative Regions"),
	fields: [
		{ fieldtype: "Data", fieldname: "region_code", label: __("Region Code"), reqd: true },
		{ fieldtype: "Data", fieldname: "region_name", label: __("Region Name"), reqd: true },
		{
			fieldtype: "Select",
			fieldname: "level",
			label: __("Level"),
			options: [
				{ value: "Province", label: __("Province") },
				{ value: "City", label: __("City") },
				{ value: "County", label: __("County") },
			],
			reqd: true,
		},
		{ fieldtype: "Data", fieldname: "bureau_name", label: __("Education Bureau") },
	],
	ignore_fields: ["parent_administrative_region"],
	onload(treeview) {
		treeview.make_tree();
	},
};
