// 出生地 and 户口所在地 are picked by name (辽宁省营口市站前区), not typed as GB/T 2260 codes: the fields are
// Autocomplete controls whose choices come from xueji_app.services.roll.regions.search_regions as the clerk types
// (a name, 站前, or the start of a code, 2108), and whose stored code is shown by its name, in the form, in the
// table of family members and on read-only records alike.
frappe.provide("xueji.regions");

xueji.regions.FIELDS = { Student: ["birthplace_code", "household_region_code"], "Student Guardian": ["household_region_code"] };
xueji.regions.QUERY = { query: "xueji_app.services.roll.regions.search_regions" };
xueji.regions.names = {};  // code → 辽宁省营口市站前区, as the server named it

xueji.regions.is_region = (df) => !!df && (xueji.regions.FIELDS[df.parent] || []).includes(df.fieldname);

// the names of the codes a form holds, asked once, then the fields drawn again
xueji.regions.name_codes = function (frm) {
	const codes = new Set();
	for (const f of xueji.regions.FIELDS[frm.doctype] || []) frm.doc[f] && codes.add(frm.doc[f]);
	for (const row of frm.doc.guardians || []) row.household_region_code && codes.add(row.household_region_code);
	const missing = [...codes].filter((c) => !(c in xueji.regions.names));
	const show = () => {
		for (const f of xueji.regions.FIELDS[frm.doctype] || []) {
			const control = frm.fields_dict[f];
			if (control && xueji.regions.prime(control)) control.refresh();
		}
		if (frm.fields_dict.guardians) frm.refresh_field("guardians");
	};
	if (!missing.length) return Promise.resolve(show());
	return frappe.xcall("xueji_app.services.roll.regions.region_labels", { codes: missing }).then((found) => {
		missing.forEach((c) => (xueji.regions.names[c] = (found || {})[c] || c));
		show();
	});
};

// an Autocomplete control shows a value's label only when the value is among its choices; true when it was added
xueji.regions.prime = function (control) {
	if (!control || !control.set_data) return false;
	const value = (control.doc && control.doc[control.df.fieldname]) || control.value;
	if (value && xueji.regions.names[value] && !(control._data || []).some((d) => d.value === value)) {
		control.set_data(control._data || []);  // set_data adds the value's own name
		return true;
	}
	return false;
};

$(() => {
	// read-only records and the rows of the family-members table: the code's name
	const formatter = frappe.form.formatters.Autocomplete;
	frappe.form.formatters.Autocomplete = function (value, df, options, doc) {
		if (value && xueji.regions.is_region(df) && xueji.regions.names[value]) {
			return frappe.utils.escape_html(xueji.regions.names[value]);
		}
		return formatter.apply(this, arguments);
	};
	// every region control asks the server as the clerk types, and keeps the names of what it was offered
	const Autocomplete = frappe.ui.form.ControlAutocomplete;
	const set_data = Autocomplete.prototype.set_data;
	Autocomplete.prototype.set_data = function (data) {
		if (xueji.regions.is_region(this.df)) {
			data = [...(data || [])];
			data.forEach((d) => d && d.value && d.label && (xueji.regions.names[d.value] = d.label));
			// the stored code keeps its name among the choices, whatever the last search offered
			const value = (this.doc && this.doc[this.df.fieldname]) || this.value;
			if (value && xueji.regions.names[value] && !data.some((d) => d && d.value === value)) {
				data.push({ value, label: xueji.regions.names[value] });
			}
		}
		return set_data.call(this, data);
	};
	const make_input = Autocomplete.prototype.make_input;
	Autocomplete.prototype.make_input = function () {
		if (xueji.regions.is_region(this.df)) {
			this.df.get_query = xueji.regions.QUERY;
			// Frappe's query shows whichever answer comes last; typing 站前 asks three times, and the answer for the
			// empty text could replace the one for 站前. Only the answer to the latest text is shown.
			this.execute_query_if_exists = function (term) {
				const asked = (this.xueji_asked = (this.xueji_asked || 0) + 1);
				frappe.call({ method: xueji.regions.QUERY.query, args: { txt: term || "" }, no_spinner: true }).then((r) => {
					if (asked !== this.xueji_asked || !this.$input.is(":focus")) return;
					this.set_data(r.message || []);
				});
			};
		}
		const made = make_input.apply(this, arguments);
		if (xueji.regions.is_region(this.df)) xueji.regions.prime(this);
		return made;
	};
});

frappe.ui.form.on("Student", {
	refresh: (frm) => xueji.regions.name_codes(frm),
	onload: (frm) => xueji.regions.name_codes(frm),
	birthplace_code: (frm) => xueji.regions.name_codes(frm),
	household_region_code: (frm) => xueji.regions.name_codes(frm),
});
frappe.ui.form.on("Student Guardian", {
	household_region_code: (frm) => xueji.regions.name_codes(frm),
});
