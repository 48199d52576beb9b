app_name = "xueji_app"
app_title = "Xueji"
app_publisher = "Xueji contributors"
app_description = "学籍 — K-12 student-roll administration for schools and education bureaus"
app_email = "dev@xueji.invalid"
app_license = "MIT"
required_apps = ["frappe/frappe"]
# the desk's and the login page's mark: 籍, not Frappe's F
app_logo_url = "/assets/xueji_app/images/logo.svg"
website_context = {"favicon": "/assets/xueji_app/images/logo.svg", "splash_image": "/assets/xueji_app/images/logo.svg"}

app_include_js = [
	"/assets/xueji_app/js/xueji.js",
	"/assets/xueji_app/js/regions.js",
	# patches of Frappe's desk classes (xueji_app.overrides.contracts checks what they assume)
	"/assets/xueji_app/js/overrides/timeline.js",
	"/assets/xueji_app/js/overrides/print_view.js",
	"/assets/xueji_app/js/overrides/file_uploader.js",
	"/assets/xueji_app/js/overrides/link.js",
	"/assets/xueji_app/js/overrides/accessible_names.js",
	"/assets/xueji_app/js/overrides/breadcrumbs.js",
]

# Lifecycle -------------------------------------------------------------------------------------------
# Frappe must still have what the overrides assume (xueji_app.overrides.contracts): checked before anything is written
before_install = "xueji_app.overrides.contracts.check"
before_migrate = "xueji_app.overrides.contracts.check"
after_install = "xueji_app.services.platform.install.after_install"
after_migrate = "xueji_app.services.platform.install.after_migrate"
before_request = [
	"xueji_app.services.platform.install.guest_language",
	# a malformed request answers 4xx without SQL, a locked-out login 429 (overrides.http)
	"xueji_app.overrides.http.install",
]
# deny by default: the whitelisted methods an official or a visitor may call (rules.endpoints), checked once the
# request's user is known (session, API key or token) and before the method runs
auth_hooks = ["xueji_app.services.security.endpoints.check_request"]

# Permissions: one guard for every scoped DocType (services.security.guard, rules.access), on every path ------------
from xueji_app.rules.access import CHILDREN as _SCOPED_CHILDREN  # noqa: E402
from xueji_app.rules.access import DOCTYPES as _SCOPED  # noqa: E402
from xueji_app.rules.access import ROWS as _ROWS  # noqa: E402

_GUARD = "xueji_app.services.security.guard"
has_permission = {
	**{doctype: f"{_GUARD}.has_permission" for doctype in _SCOPED},
	"Workflow Action": f"{_GUARD}.workflow_action_has_permission",
}
# Frappe asks a DocType's hooks last-registered first and the first yes-or-no answer decides, so a
# DocType has one hook here, and hooks on Frappe's own DocTypes answer only "no" or nothing (None).
has_permission["Administrative Region"] = "xueji_app.services.security.permissions.region_has_permission"
has_permission["Roll Officer"] = "xueji_app.services.security.permissions.roll_officer_has_permission"
# Frappe's collaboration records (ToDo, Comment, Tag Link, Document Follow) that name a record of the roll: only
# for users who may read that record (services.security.references)
from xueji_app.rules.access import REFERENCES as _REFERENCES  # noqa: E402

_REFS = "xueji_app.services.security.references"
has_permission.update({doctype: f"{_REFS}.has_permission" for doctype in _REFERENCES})
permission_query_conditions = {
	**{doctype: f"{_GUARD}.query_conditions" for doctype in (*_SCOPED, *_SCOPED_CHILDREN)},
	"Workflow Action": f"{_GUARD}.workflow_action_conditions",
	"File": f"{_GUARD}.file_conditions",
	**{doctype: f"{_REFS}.query_conditions" for doctype in _REFERENCES},
}

doc_events = {
	**{
		doctype: {
			"before_validate": f"{_GUARD}.before_validate",
			"before_cancel": f"{_GUARD}.before_validate",
			"before_save": f"{_GUARD}.before_save",
			"before_submit": f"{_GUARD}.before_save",
			"on_update": "xueji_app.services.security.files.attach_row_files",
		}
		for doctype in _SCOPED
	},
	**{
		child: {"before_validate": f"{_GUARD}.child_before_validate", "on_trash": f"{_GUARD}.child_on_trash"}
		for child in _ROWS
	},
	# NaN, 1e308 or a list in a text field: a message naming the field, before anything reads the value
	"*": {"before_validate": "xueji_app.services.core.values.check_document", "before_insert": "xueji_app.services.core.values.check_document"},
	# a student's record or a case is reached through scope, never shared one by one
	"DocShare": {"validate": f"{_GUARD}.refuse_share"},
	# an assignment, comment, tag or follow of a record of the roll: only by its readers
	**{doctype: {"validate": f"{_REFS}.check_reference"} for doctype in _REFERENCES},  # validate runs on insert too
	# the names the 出生地/户口所在地 picker knows: the site's regions over the national table (services.roll.regions)
	"Administrative Region": {"on_update": "xueji_app.services.roll.regions.clear_site_names",
							  "on_trash": "xueji_app.services.roll.regions.clear_site_names"},
	# Nobody hand-edits the User Permissions that Roll Officer maintains.
	"User Permission": {
		"validate": "xueji_app.services.security.access.guard_managed_user_permission",
		"on_trash": "xueji_app.services.security.access.guard_managed_user_permission",
	},
}
# A new File row that points at an existing private file is checked before Frappe copies it
override_doctype_class = {"File": "xueji_app.overrides.file.XuejiFile"}

# Daily: the overdue check (监控提醒); suspensions ending and year-end runs not confirmed by the deadline
scheduler_events = {
	"daily": ["xueji_app.services.cases.overdue.flag_overdue", "xueji_app.services.cases.reminders.daily"],
	# on the long queue: a province's reconciliation counts every student once
	"daily_long": ["xueji_app.services.roll.rollup.nightly"],
}

# PDFs: WeasyPrint for the app's DocTypes (the desk's PDF button included); Frappe's own for the rest
override_whitelisted_methods = {
	"frappe.utils.print_format.download_pdf": "xueji_app.overrides.print.download_pdf",
	# link search and global search: never around the scope for the app's records
	"frappe.desk.search.search_link": "xueji_app.overrides.search.search_link",
	"frappe.desk.search.search_widget": "xueji_app.overrides.search.search_widget",
	"frappe.desk.search.get_link_title": "xueji_app.overrides.search.get_link_title",
	"frappe.utils.global_search.search": "xueji_app.overrides.search.global_search",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "xueji_app.overrides.search.get_submitted_linked_docs",
	"frappe.desk.listview.get_group_by_count": "xueji_app.overrides.search.get_group_by_count",
	"frappe.client.get_count": "xueji_app.overrides.search.get_count",
	# every export and report download: export permission checked by Frappe, then logged (Export Log)
	"frappe.desk.reportview.export_query": "xueji_app.overrides.exports.export_report_view",
	"frappe.desk.query_report.export_query": "xueji_app.overrides.exports.export_script_report",
	# the list's bulk workflow actions: through ``act`` for the app's records, with a result for each record
	"frappe.model.workflow.bulk_workflow_approval": "xueji_app.overrides.workflow.bulk_workflow_approval",
	# the like button: only on records the user may read
	"frappe.desk.like.toggle_like": "xueji_app.overrides.collaboration.toggle_like",
	# a form's controller buttons: the stored record's permission before Frappe compares time stamps
	"run_doc_method": "xueji_app.overrides.handler.run_doc_method",
	"runserverobj": "xueji_app.overrides.handler.run_doc_method",
	"frappe.handler.run_doc_method": "xueji_app.overrides.handler.run_doc_method",
	# 忘记密码: one answer whether or not the account exists
	"frappe.core.doctype.user.user.reset_password": "xueji_app.overrides.auth.reset_password",
	# an app report's refusal before Frappe's run, which logs every exception as an error
	"frappe.desk.query_report.run": "xueji_app.overrides.reports.run",
	"frappe.desk.doctype.tag.tag.add_tag": "xueji_app.overrides.collaboration.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "xueji_app.overrides.collaboration.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": "xueji_app.overrides.collaboration.remove_tag",
}
jinja = {
	"methods": [
		"xueji_app.services.outputs.print_helpers.code_label",
		"xueji_app.services.outputs.print_helpers.school_name",
		"xueji_app.services.outputs.print_helpers.grade_name",
		"xueji_app.services.outputs.print_helpers.class_name",
		"xueji_app.services.outputs.print_helpers.cn_date",
		"xueji_app.services.outputs.print_helpers.yes_no",
		"xueji_app.services.outputs.print_helpers.step_for",
		"xueji_app.services.outputs.print_helpers.full_name",
		"xueji_app.services.outputs.print_helpers.region_label",
	],
}
