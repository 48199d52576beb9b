"""学籍变动情况 lines were written with their type translated into the writer's language (休学, 升级 …); they now
store the type's key (Suspension, Promotion …), an option of the field, and show it in the reader's language."""

import frappe
from frappe.translate import get_translation_dict_from_file


def execute() -> None:
	options = (frappe.get_meta("Student Roll Event").get_field("event_type").options or "").split("\n")
	path = frappe.get_app_path("xueji_app", "translations", "zh.csv")
	translated = get_translation_dict_from_file(path, "zh", "xueji_app")
	for key in filter(None, options):
		chinese = translated.get(key)
		if chinese and chinese != key:
			frappe.db.sql("update `tabStudent Roll Event` set event_type = %s where event_type = %s", (key, chinese))
