app_name = "xueji_app"
app_title = "Xueji"
app_publisher = "Xueji contributors"
app_description = "学籍 — K-12 student-roll administration for schools and education bureaus"
app_email = "dev@xueji.invalid"
app_license = "MIT"
required_apps = ["frappe/frappe"]

app_include_js = ["/assets/xueji_app/js/xueji.js"]

# Lifecycle -------------------------------------------------------------------------------------------
after_install = "xueji_app.services.install.after_install"
after_migrate = "xueji_app.services.install.after_migrate"

# Permissions: rules User Permissions cannot express (they may only deny) ---------------------------------
has_permission = {
	"Administrative Region": "xueji_app.services.permissions.region_has_permission",
	"School": "xueji_app.services.permissions.school_has_permission",
	"Roll Officer": "xueji_app.services.permissions.roll_officer_has_permission",
	"Roll Policy": "xueji_app.services.permissions.roll_policy_has_permission",
	"Student Transfer": "xueji_app.services.permissions.transfer_has_permission",
}
permission_query_conditions = {
	"Student Transfer": "xueji_app.services.permissions.transfer_query_conditions",
}

# Nobody hand-edits the User Permissions that Roll Officer maintains.
doc_events = {
	"User Permission": {
		"validate": "xueji_app.services.access.guard_managed_user_permission",
		"on_trash": "xueji_app.services.access.guard_managed_user_permission",
	},
}

# The daily overdue check (监控提醒)
scheduler_events = {
	"daily": ["xueji_app.services.overdue.flag_overdue"],
}

# PDFs: WeasyPrint for the app's DocTypes (the desk's PDF button included); Frappe's own for the rest
override_whitelisted_methods = {
	"frappe.utils.print_format.download_pdf": "xueji_app.services.pdf.download_pdf",
	# every export and report download: export permission checked by Frappe, then logged (Export Log)
	"frappe.desk.reportview.export_query": "xueji_app.services.exports.export_report_view",
	"frappe.desk.query_report.export_query": "xueji_app.services.exports.export_script_report",
}
jinja = {
	"methods": [
		"xueji_app.services.print_helpers.code_label",
		"xueji_app.services.print_helpers.school_name",
		"xueji_app.services.print_helpers.grade_name",
		"xueji_app.services.print_helpers.class_name",
		"xueji_app.services.print_helpers.cn_date",
		"xueji_app.services.print_helpers.yes_no",
		"xueji_app.services.print_helpers.step_for",
		"xueji_app.services.print_helpers.full_name",
	],
}
