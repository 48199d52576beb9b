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

// A link's dropdown states the filters it applies (「适用于学校 = 2121000142, 年级 = 11的过滤器」): each value a
// Link names is shown by its record's title (学校 = 甲市一区第一小学, 年级 = 三年级); one whose title the desk does
// not know yet is asked for, and meanwhile only the field is named, never the key. Replaces Frappe 15's
// ControlLink.get_filter_description(filters), which prints the stored values.
$(() => {
	const Link = frappe.ui.form.ControlLink;
	if (!Link || Link.prototype.xueji_filter_titles) return;
	Link.prototype.xueji_filter_titles = true;
	Link.prototype.get_filter_description = function (filters) {
		const doctype = this.get_options();
		const list = Array.isArray(filters)
			? filters.map((f) => (f.length === 3 ? [doctype, ...f] : f))
			: Object.entries(filters || {}).map(([k, v]) => (Array.isArray(v) ? [doctype, k, ...v] : [doctype, k, "=", v]));
		if (!locals.DocType || !locals.DocType[doctype]) frappe.model.with_doctype(doctype);  // for the next time
		const own = this.frm && this.frm.doctype;  // the form's field of that name, while the linked meta loads
		const parts = list.map(([dt, fieldname, operator, value]) => {
			const df = frappe.meta.get_docfield(dt, fieldname) || (own && frappe.meta.get_docfield(own, fieldname));
			const label = frappe.utils.escape_html(__(df ? df.label : frappe.model.unscrub(fieldname), null, dt)).bold();
			let shown = value;
			if (df && df.fieldtype === "Link" && typeof value === "string" && value) {
				shown = frappe.utils.get_link_title(df.options, value);
				if (!shown) {
					frappe.utils.fetch_link_title(df.options, value);
					return label;
				}
			} else if (df && df.fieldtype === "Check") {
				shown = value ? __("Yes") : __("No");
			} else if (Array.isArray(value)) {
				shown = value.slice(0, 5).map((v) => __(String(v))).join("、");
			} else {
				shown = value === null || value === undefined || value === "" ? __("empty") : __(String(value));
			}
			return [label, __(operator), frappe.utils.escape_html(String(shown)).bold()].join(" ");
		});
		return __("Filters applied for {0}", [parts.join(", ")]);
	};
});

// A picker offers only what exists: no 「创建一个新的学生/班级…」 inside a link's dropdown for an official (a
// student is registered through 学籍注册, a class set up by the school year, a code is national), nor the
// 「高级搜索」 dialog. Frappe 15 reads df.only_select when it builds the dropdown (ControlLink, link.js); it is not a
// DocField property that a DocType's JSON can carry, so it is set here on every link an official opens.
$(() => {
	const Link = frappe.ui.form.ControlLink;
	if (!Link || Link.prototype.xueji_only_select) return;
	Link.prototype.xueji_only_select = true;
	const original = Link.prototype.make_input;
	Link.prototype.make_input = function () {
		if (!xueji.is_platform_admin()) this.df.only_select = 1;
		return original.apply(this, arguments);
	};
});

// The rows of a form's tables show their links by title too (家庭成员的关系 「母亲」, not 51): a grid's cells are
// formatted with the titles the desk knows, and a row entered or loaded without them showed the key. On every
// form refresh the titles not yet known are asked for, each once, and the tables drawn again.
xueji.prefetch_link_titles = function (frm) {
	if (!frm || !frm.doc || !frm.meta) return;
	const wanted = new Map();
	const known = (doctype) => (frappe.boot.link_title_doctypes || []).includes(doctype);
	for (const table of frm.meta.fields.filter((df) => df.fieldtype === "Table" || df.fieldtype === "Table MultiSelect")) {
		const links = (frappe.get_meta(table.options) || { fields: [] }).fields.filter((df) => df.fieldtype === "Link" && known(df.options));
		for (const row of frm.doc[table.fieldname] || []) {
			for (const df of links) {
				const value = row[df.fieldname];
				if (value && frappe.utils.get_link_title(df.options, value) === undefined) {
					wanted.set(`${df.options}::${value}`, [df.options, value, table.fieldname]);
				}
			}
		}
	}
	if (!wanted.size) return;
	const tables = new Set([...wanted.values()].map((w) => w[2]));
	Promise.all([...wanted.values()].map(([doctype, value]) => frappe.utils.fetch_link_title(doctype, value))).then(() => {
		tables.forEach((fieldname) => frm.refresh_field(fieldname));
	});
};
$(document).on("form-refresh", (event, frm) => xueji.prefetch_link_titles(frm));
