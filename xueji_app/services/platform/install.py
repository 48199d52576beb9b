"""Install and migrate hooks: roles, site defaults for a Chinese roll administration, workflows."""

from __future__ import annotations

import json

import frappe

from xueji_app.rules.tiers import PLATFORM_ADMIN_ROLE, TIER_ROLES
from xueji_app.services.cases.workflow import sync_workflows
from xueji_app.services.roll import rollup
from xueji_app.services.security.access import EXPORTER_ROLE


def after_install() -> None:
	ensure_installed_state()


def after_migrate() -> None:
	ensure_installed_state()


def ensure_installed_state() -> None:
	"""Bring the site to the installed state: one function for a site made by ``new-site`` and a migrated one,
	so the two are the same (roles, security defaults, workflows, standard policies, officers' access, list
	settings, the tier workspaces only, the app's name, print format names, indexes)."""
	from xueji_app.services.core.policy import ensure_standard_policies
	from xueji_app.services.security.access import resync_all_officers

	ensure_roles()
	set_site_defaults_once()
	set_security_defaults()
	hide_user_activity()
	translate_workflow_states()
	sync_workflows()
	ensure_standard_policies()
	resync_all_officers()
	ensure_list_settings()
	restrict_frappe_workspaces()
	set_app_name()
	translate_print_format_names()
	ensure_indexes()


#: the lists officials open most, newest first inside a county or a school: with these the page's 20 rows are
#: read in index order (benchmarks/oversight.py prints the plan)
COMPOSITE_INDEXES = {
	"Student": [("region", "modified"), ("school", "modified")],
}


def ensure_indexes() -> None:
	"""Indexes a DocType's JSON cannot declare (several columns); added once, kept by every migration."""
	for doctype, indexes in COMPOSITE_INDEXES.items():
		for columns in indexes:
			frappe.db.add_index(doctype, list(columns), "_".join(columns))
	rollup.ensure_indexes()


def translate_print_format_names() -> None:
	"""Print formats are named in English (their folders are); the print view's selector shows them translated
	(学生基本信息表), as Frappe does for the Link values of a "translated" DocType."""
	if not frappe.db.exists("Property Setter", {"doc_type": "Print Format", "property": "translated_doctype"}):
		frappe.make_property_setter({"doctype": "Print Format", "doctype_or_field": "DocType", "property": "translated_doctype",
									 "value": "1", "property_type": "Check"}, validate_fields_for_doctype=False)


#: who still sees Frappe's own workspaces (用户, 网站, 工具, 集成, Build): the five tiers land on theirs instead
WORKSPACE_ADMINS = ("System Manager", PLATFORM_ADMIN_ROLE)


def restrict_frappe_workspaces() -> None:
	"""Frappe's workspaces are for administrators; a workspace an administrator has given roles is left alone.
	Run after every migration, which re-syncs Frappe's standard workspaces from their files."""
	from xueji_app.services.core.values import MODULES

	for name in frappe.get_all("Workspace", filters={"module": ["not in", MODULES], "public": 1}, pluck="name"):
		doc = frappe.get_doc("Workspace", name)
		if doc.roles:
			continue
		for role in WORKSPACE_ADMINS:
			doc.append("roles", {"role": role})
		doc.flags.ignore_links = True
		doc.save(ignore_permissions=True)


#: the columns a clerk reads first in each list (status, 学籍号, school, due date); set once, an administrator may
#: change them afterwards (List View Settings)
LIST_COLUMNS = {
	"Student": ["status_field", "student_number", "school", "grade"],
	"Roll Change": ["status_field", "change_type", "school", "current_due_date"],
	"Student Transfer": ["status_field", "from_school", "to_school", "current_due_date"],
	"Student Info Change": ["status_field", "school"],
}


def ensure_list_settings() -> None:
	for doctype, fields in LIST_COLUMNS.items():
		if frappe.db.exists("List View Settings", doctype):
			continue
		meta = frappe.get_meta(doctype)
		columns = [{"fieldname": f, "label": "Status" if f == "status_field" else meta.get_label(f)} for f in fields]
		frappe.get_doc({"doctype": "List View Settings", "name": doctype, "fields": json.dumps(columns),
						"total_fields": str(len(fields) + 2)}).insert(ignore_permissions=True)


def ensure_roles() -> None:
	for role in (*TIER_ROLES, PLATFORM_ADMIN_ROLE, EXPORTER_ROLE):
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(ignore_permissions=True)


def set_site_defaults_once() -> None:
	"""The site's defaults are set once (a new site, or one installed before this was recorded); an administrator's
	later choice of language or time zone is not undone by a migrate."""
	if frappe.db.get_default("xueji_site_defaults"):
		return
	set_site_defaults()
	frappe.db.set_default("xueji_site_defaults", "1")


def set_site_defaults() -> None:
	"""A site of this app serves Chinese education offices: Chinese, Beijing time, ISO dates. These are what
	Frappe's setup wizard would ask, so the site is marked set up: no officer ever lands on the wizard."""
	settings = frappe.get_single("System Settings")
	settings.setup_complete = 1
	settings.language = "zh"
	settings.time_zone = "Asia/Shanghai"
	settings.country = "China"
	settings.date_format = "yyyy-mm-dd"
	settings.first_day_of_the_week = "Monday"
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	frappe.db.set_default("lang", "zh")
	set_app_name()


def set_app_name() -> None:
	"""The product's name where Frappe shows its own ("Login to Frappe"); a name the site has chosen is kept."""
	for doctype in ("System Settings", "Website Settings"):
		if (frappe.db.get_single_value(doctype, "app_name") or "Frappe") == "Frappe":
			frappe.db.set_single_value(doctype, "app_name", APP_NAME)


#: the product's name where Frappe shows one (the login page: 登录学籍管理系统)
APP_NAME = "学籍管理系统"


def guest_language() -> None:
	"""before_request: a visitor not yet logged in (the login page) reads the site's language, not the browser's
	(an English browser on a county office PC still meets a Chinese site), unless they chose one (``_lang``)."""
	if frappe.session.user == "Guest" and not frappe.form_dict.get("_lang"):
		frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang


def set_security_defaults() -> None:
	"""Children's records are reached through scope only: no tracebacks in responses (they go to the Error
	Log), and no sharing of single documents, which Frappe grants past every permission hook."""
	settings = frappe.get_single("System Settings")
	if settings.allow_error_traceback or not settings.disable_document_sharing:
		settings.allow_error_traceback = 0
		settings.disable_document_sharing = 1
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)


#: what a user's record tells about their sessions: for the platform administrator, not for every desk user
USER_ACTIVITY_FIELDS = ("last_login", "last_ip", "last_active", "last_known_versions", "login_after", "login_before",
						"restrict_ip")


def hide_user_activity() -> None:
	"""Every desk user may list users (to appoint officers, to see who did what), and Frappe shows them each
	user's last login time and address. Those fields get permission level 1, which no official's role reads."""
	meta_fields = {df.fieldname for df in frappe.get_meta("User").fields}
	for fieldname in USER_ACTIVITY_FIELDS:
		if fieldname not in meta_fields:
			continue
		if frappe.db.get_value("Property Setter", {"doc_type": "User", "field_name": fieldname, "property": "permlevel"},
							   "value") != "1":
			frappe.make_property_setter({"doctype": "User", "fieldname": fieldname, "property": "permlevel", "value": "1",
										 "property_type": "Int"}, validate_fields_for_doctype=False)


def translate_workflow_states() -> None:
	"""A case's state is a link to Workflow State, which the desk shows as stored (``Pending Authority
	Approval``); marked as a translated DocType, forms and lists show it in the user's language (待主管部门核办)."""
	if not frappe.db.get_value("Property Setter", {"doc_type": "Workflow State", "property": "translated_doctype"}, "value") == "1":
		frappe.make_property_setter(
			{"doctype": "Workflow State", "doctype_or_field": "DocType", "property": "translated_doctype", "value": "1",
			 "property_type": "Check"},
			validate_fields_for_doctype=False,
		)


def installed_state() -> dict:
	"""What ``ensure_installed_state`` brings a site to, as data to compare (a new site with a migrated one):
	the workspaces' roles, list settings, the app's property setters, roles, workflows, standard policies,
	officers' User Permissions, the Student indexes, the app's name, the security settings."""
	from xueji_app.services.core.values import MODULES

	def rows(doctype, fields, **filters):
		return sorted(tuple(str(r.get(f)) for f in fields) for r in frappe.get_all(doctype, filters=filters, fields=fields))

	workspaces = {}
	for name in frappe.get_all("Workspace", filters={"public": 1}, pluck="name"):
		workspaces[name] = sorted(frappe.get_all("Has Role", filters={"parenttype": "Workspace", "parent": name}, pluck="role"))
	settings = frappe.get_single("System Settings")
	indexes = sorted({r[2] for r in frappe.db.sql("show index from `tabStudent`")})
	return {
		"workspaces": workspaces,
		"list_settings": rows("List View Settings", ["name", "fields", "total_fields"]),
		"property_setters": rows("Property Setter", ["doc_type", "field_name", "property", "value"]),
		"roles": rows("Role", ["name", "desk_access"]),
		"workflows": rows("Workflow", ["name", "document_type", "workflow_state_field", "is_active"]),
		"workflow_transitions": rows("Workflow Transition", ["parent", "state", "action", "next_state", "allowed"]),
		"policies": rows("Roll Policy", ["name"]),
		"user_permissions": rows("User Permission", ["user", "allow", "for_value", "applicable_for"]),
		"student_indexes": indexes,
		"app_name": str(frappe.db.get_single_value("System Settings", "app_name")),
		"website_name": str(frappe.db.get_single_value("Website Settings", "app_name")),
		"security": [settings.allow_error_traceback, settings.disable_document_sharing, settings.language],
		"modules": sorted(MODULES),
	}
