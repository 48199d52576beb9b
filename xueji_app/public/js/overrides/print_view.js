// Override of Frappe's print view (checked against Frappe 15.55.1: frappe/printing/page/print/print.js,
// frappe.ui.form.PrintView: add_sidebar_item, set_default_print_format, refresh_print_format,
// print_format_selector, set_title, show, language_selector). xueji_app.overrides.contracts checks that they are still there.
frappe.provide("xueji");

// The print view's format selector: Frappe writes the format's name into the input itself (学生基本信息表 would
// show as "Student Record Card"). The class is patched as the print page defines it: the selector's Link control
// shows the translated name and keeps the real one (its title map), which the view reads back.
xueji.patch_print_view = function (View) {
	const proto = View.prototype;
	const add = proto.add_sidebar_item;
	proto.add_sidebar_item = function (df, ...rest) {
		const control = add.call(this, df, ...rest);
		if (df.fieldname === "print_format") this.xueji_format = control;
		return control;
	};
	const real = (view) => (view.xueji_format ? view.xueji_format.get_input_value() : view.print_format_selector.val());
	const show = (view) => {
		const name = real(view);
		const control = view.xueji_format;
		if (!control || !name) return;
		control.title_value_map = control.title_value_map || {};
		control.title_value_map[__(name)] = name;
		control.set_input_value(__(name));
	};
	// The page is titled by the record's title (the pupil's name), not its key (XS-000000115); the print designer
	// advertisement (「试用新版打印设计器」, a link to an app this site does not run) and the language selector
	// (every form is printed in Chinese) are not shown to officials.
	proto.set_title = function () {
		const meta = this.frm.meta || {};
		const title = (meta.title_field && this.frm.doc[meta.title_field]) || this.frm.docname;
		this.page.set_title(__(title));
	};
	const show_view = proto.show;
	proto.show = function (...args) {
		const result = show_view.apply(this, args);
		if (!xueji.is_platform_admin()) {
			this.page.inner_toolbar.find(".inner-page-message").remove();
			this.language_selector && this.language_selector.closest(".frappe-control").addClass("hide");
		}
		return result;
	};
	proto.selected_format = function () {
		return real(this) || "Standard";
	};
	for (const method of ["set_default_print_format", "refresh_print_format"]) {
		const original = proto[method];
		proto[method] = function (...args) {
			const name = real(this);
			if (name) this.print_format_selector.val(name); // Frappe compares the real name
			const result = original.apply(this, args);
			show(this);
			return result;
		};
	}
};
(function () {
	let PrintView = frappe.ui.form.PrintView;
	if (PrintView) return xueji.patch_print_view(PrintView);
	Object.defineProperty(frappe.ui.form, "PrintView", {
		configurable: true,
		enumerable: true,
		get: () => PrintView,
		set: (View) => {
			PrintView = View;
			xueji.patch_print_view(View);
		},
	});
})();
