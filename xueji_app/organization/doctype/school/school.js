// Copyright (c) 2026, Xueji contributors
frappe.ui.form.on("School", {
	setup(frm) {
		frm.set_query("region", () => ({ filters: { level: "County" } }));
		frm.set_query("merged_into", () => ({ filters: { name: ["!=", frm.doc.name], status: "Active" } }));
	},
	region(frm) {
		if (frm.doc.region && !frm.doc.authority_region) {
			frm.set_value("authority_region", frm.doc.region);
		}
	},
});

frappe.ui.form.on("School", {
	refresh(frm) {
		if (frm.is_new()) return;
		const registers = [
			["Enrollment Roster", __("Enrollment Roster")],
			["Change Register", __("Change Register")],
			["Graduate Roster", __("Graduate Roster")],
		];
		// as .xlsx a register is an export: offered to officers granted 可导出数据 only (the server checks it too)
		const formats = frappe.model.can_export("Student") ? ["pdf", "xlsx"] : ["pdf"];
		for (const [kind, label] of registers) {
			for (const fmt of formats) {
				frm.add_custom_button(`${label} (${fmt.toUpperCase()})`, () => {
					frappe.prompt(
						[{ fieldname: "academic_year", fieldtype: "Link", options: "Academic Year", label: __("Academic Year"), reqd: 1 }],
						(v) => xueji.request_file("xueji_app.services.outputs.registers.request_register", {
							kind, school: frm.doc.name, academic_year: v.academic_year, file_format: fmt,
						}),
						label
					);
				}, __("Registers"));
			}
		}
	},
});
