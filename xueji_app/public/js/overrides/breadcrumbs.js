// A form's breadcrumb names the record by its title (学生 › 张小明), not its key (学生 › XS-000000115): Frappe 15
// (frappe/public/js/frappe/views/breadcrumbs.js, set_form_breadcrumb) writes the key, which means nothing to a
// clerk. xueji_app.overrides.contracts checks that set_form_breadcrumb and its last crumb are still there.
frappe.provide("xueji");

$(() => {
	const crumbs = frappe.breadcrumbs;
	if (!crumbs || crumbs.xueji_titles || !crumbs.set_form_breadcrumb) return;
	crumbs.xueji_titles = true;
	const original = crumbs.set_form_breadcrumb;
	crumbs.set_form_breadcrumb = function (breadcrumbs, view) {
		const result = original.call(this, breadcrumbs, view);
		const doctype = breadcrumbs.doctype;
		const docname = frappe.get_route().slice(2).join("/");
		const meta = doctype && frappe.get_meta(doctype);
		const doc = docname && locals[doctype] && locals[doctype][docname];
		const title = meta && meta.title_field && doc && doc[meta.title_field];
		if (title) this.$breadcrumbs.find("li").last().find("a").addBack("a").text(title);
		return result;
	};
});
