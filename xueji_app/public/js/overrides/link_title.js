// A read-only link shows its record's title (学校 营口市站前区实验小学, 年级 一年级), never its key (2121000142, 16),
// also before the form is saved. Frappe 15 (frappe/public/js/frappe/form/controls/base_input.js, set_disp_area)
// formats a read-only Link with the titles it already knows: a saved form brings them with the document, but a
// value filled in on the new form (fetched from the chosen student) has none, and the key is shown. Here the title
// is fetched once (frappe.utils.fetch_link_title, cached) and the field drawn again.
// xueji_app.overrides.contracts checks that set_disp_area and fetch_link_title are still there.
frappe.provide("xueji");

$(() => {
	const Link = frappe.ui.form.ControlLink;
	if (!Link || Link.prototype.xueji_titles) return;
	Link.prototype.xueji_titles = true;
	const original = Link.prototype.set_disp_area;
	Link.prototype.set_disp_area = function (value) {
		original.call(this, value);
		const doctype = this.get_options && this.get_options();
		const shown = this.value || value;
		if (!shown || !doctype || !(frappe.boot.link_title_doctypes || []).includes(doctype)) return;
		if (frappe.utils.get_link_title(doctype, shown) !== undefined) return;
		const fetched = frappe.utils.fetch_link_title(doctype, shown);
		fetched && fetched.then((title) => {
			if (title && (this.value || value) === shown) original.call(this, shown);
		});
	};
});
