"""Deny by default: the whitelisted methods a school or bureau user (or a visitor) may call, each with why.

Frappe opens about 470 whitelisted methods to every desk user; officials need the desk's own (forms, lists,
reports, search, the print view, notifications, files), the phone page's and the app's. Every other
``/api/method/…`` answers 403 for them (``services.security.endpoints``). The platform administrator is not
limited. ``xueji_app/tests/test_endpoints.py`` collects every whitelisted method of Frappe and of the app from
the code and calls each one that is not listed here as a registrar, expecting 403; a Frappe upgrade that adds an
endpoint is refused until someone adds it here with a reason.

The app's own endpoints (``xueji_app.*``) are allowed as a whole: each checks its arguments' types
(``services.core.api.whitelist``) and the user's scope itself."""

from __future__ import annotations

#: method → why an official's desk (or the phone page) calls it
ALLOWED: dict[str, str] = {
	# --- session, boot and realtime -----------------------------------------------------------------------
	"ping": "the desk's and the load balancer's liveness check",
	"frappe.ping": "liveness check",
	"logout": "the user menu's 退出",
	"frappe.handler.logout": "the user menu's 退出",
	"web_logout": "退出 from a web page",
	"frappe.handler.web_logout": "退出 from a web page",
	"frappe.realtime.get_user_info": "the socket.io server authenticates the user's cookie",
	"frappe.realtime.can_subscribe_doc": "the socket.io server asks before sending a form's live updates",
	"frappe.realtime.can_subscribe_doctype": "the socket.io server asks before sending a list's live updates",
	"frappe.sessions.clear": "the user menu's 重新加载",
	"frappe.sessions.get_boot_assets_json": "the desk checks whether its assets changed",
	"frappe.utils.change_log.show_update_popup": "the desk's boot",
	"frappe.utils.change_log.update_last_known_versions": "the desk's boot",
	"frappe.utils.change_log.get_versions": "the user menu's 关于",
	"frappe.core.doctype.user.user.switch_theme": "the user menu's theme switcher",
	"frappe.core.doctype.user.user.test_password_strength": "the password field of 我的设置 and the update-password page",
	"frappe.core.doctype.user.user.update_password": "the update-password page (a reset link or the old password)",
	"frappe.core.doctype.user.user.verify_password": "the desk asks the password again before a sensitive action",
	"frappe.core.doctype.user.user.reset_password": "忘记密码 on the login page (overridden: one answer for every account)",
	"frappe.www.login.send_login_link": "the login page's emailed link, where the site enables it",
	"frappe.www.login.login_via_key": "the login page's emailed link, where the site enables it",
	"frappe.core.doctype.user.user.get_timezones": "我的设置",
	"frappe.core.doctype.session_default_settings.session_default_settings.get_session_default_values": "the toolbar's session defaults",
	"frappe.core.doctype.session_default_settings.session_default_settings.set_session_default_values": "the toolbar's session defaults",
	"frappe.core.doctype.user_permission.user_permission.get_user_permissions": "the desk reads the user's own scope (frappe.defaults)",
	"frappe.core.doctype.access_log.access_log.make_access_log": "a report's print and export are recorded in the Access Log",
	"frappe.core.doctype.submission_queue.submission_queue.get_latest_submissions": "the form's toolbar",
	"frappe.geo.country_info.get_country_timezone_info": "date and time fields",
	"frappe.translate.get_all_languages": "我的设置's language",
	"frappe.apps.get_apps": "the apps page after login",
	"frappe.apps.set_app_as_default": "the apps page after login",
	# --- workspaces, pages and the sidebar ----------------------------------------------------------------
	"frappe.desk.desktop.get_workspace_sidebar_items": "the sidebar of the tier's workspace",
	"frappe.desk.desktop.get_desktop_page": "the tier's workspace",
	"frappe.desk.desk_page.getpage": "desk pages (the print view)",
	"frappe.desk.doctype.number_card.number_card.get_result": "the workspace's number cards (the app's own, scoped)",
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": "the workspace's number cards",
	"frappe.desk.doctype.route_history.route_history.deferred_insert": "the desk records the pages a user opens",
	"frappe.desk.doctype.form_tour.form_tour.update_user_status": "the desk's onboarding tours",
	"frappe.desk.link_preview.get_preview_data": "hovering over a link shows the record (the record's permission decides)",
	# --- forms ----------------------------------------------------------------------------------------------
	"frappe.desk.form.load.getdoc": "opening a form (the record's permission decides)",
	"frappe.desk.form.load.getdoctype": "a form's and a list's definition",
	"frappe.desk.form.load.get_docinfo": "a form's sidebar",
	"frappe.desk.form.load.get_communications": "a form's timeline",
	"frappe.desk.form.load.get_user_info_for_viewers": "who else has the form open",
	"frappe.desk.form.save.savedocs": "保存 and 提交 in a form (the guard judges the change)",
	"frappe.desk.form.save.cancel": "取消 in a form",
	"frappe.desk.form.utils.add_comment": "a comment on a record (the reference guard decides)",
	"frappe.desk.form.utils.update_comment": "editing one's own comment",
	"frappe.desk.form.utils.remove_attach": "removing an attachment from a record the user may change",
	"frappe.desk.form.utils.get_next": "the form's previous and next buttons",
	"frappe.desk.form.linked_with.get": "a form's 关联 section",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "cancelling a record names the records linked to it (overridden: read permission first)",
	"frappe.desk.form.linked_with.cancel_all_linked_docs": "cancelling a record with its linked ones",
	"frappe.desk.form.assign_to.add": "assigning a record (the app refuses it for the roll's records)",
	"frappe.desk.form.assign_to.remove": "removing an assignment",
	"frappe.desk.form.assign_to.close": "closing an assignment",
	"frappe.desk.form.document_follow.follow_document": "following a record (the reference guard decides)",
	"frappe.desk.form.document_follow.unfollow_document": "unfollowing a record",
	"frappe.desk.form.document_follow.get_follow_users": "a form's followers",
	"frappe.desk.form.document_follow.update_follow": "a form's follow toggle",
	"frappe.desk.like.toggle_like": "the like button (overridden: only on records the user may read)",
	"frappe.desk.doctype.tag.tag.add_tag": "tagging a record (overridden: write permission first)",
	"frappe.desk.doctype.tag.tag.add_tags": "tagging records in a list (overridden: write permission first)",
	"frappe.desk.doctype.tag.tag.remove_tag": "removing a tag (overridden: write permission first)",
	"frappe.desk.doctype.tag.tag.get_tags": "the tag editor's suggestions",
	"frappe.model.workflow.apply_workflow": "a workflow button (the app routes it through act)",
	"frappe.model.workflow.get_transitions": "a form's workflow buttons",
	"frappe.model.workflow.can_cancel_document": "a form's toolbar",
	"frappe.model.workflow.bulk_workflow_approval": "a list's bulk workflow actions (overridden: through act)",
	"frappe.model.workflow.get_common_transition_actions": "a list's bulk workflow actions",
	"frappe.model.rename_doc.update_document_title": "renaming a record's title, where its DocType allows",
	"frappe.model.utils.user_settings.get": "a user's list and form settings",
	"frappe.model.utils.user_settings.save": "a user's list and form settings",
	"run_doc_method": "a form's buttons that call its controller (the record's permission decides)",
	"frappe.handler.run_doc_method": "a form's buttons that call its controller",
	"runserverobj": "a form's buttons that call its controller (older name)",
	"frappe.handler.runserverobj": "a form's buttons that call its controller (older name)",
	"upload_file": "attaching a file (evidence): private whatever the uploader says",
	"frappe.core.api.file.get_max_file_size": "the file uploader checks a file's size before sending it",
	"frappe.integrations.doctype.google_settings.google_settings.get_file_picker_settings":
		"the file uploader asks whether Google Drive is offered (it is not)",
	"frappe.handler.upload_file": "attaching a file (evidence)",
	"frappe.client.validate_link": "a Link field checks its value",
	"frappe.client.get_value": "forms read a linked record's value (scoped by the guard)",
	"frappe.client.get_list": "forms and scripts list records (scoped by the guard)",
	"frappe.client.get": "forms and scripts read a record (its permission decides)",
	"frappe.client.get_count": "counts (overridden: through the user's list)",
	"frappe.client.get_single_value": "settings a form reads",
	"frappe.client.set_value": "a quick edit (the guard judges it)",
	"frappe.client.save": "a save from a script (the guard judges it)",
	"frappe.client.insert": "a quick entry (the guard judges it)",
	"frappe.client.delete": "a delete (its permission decides)",
	"frappe.client.submit": "a submit from a script",
	"frappe.client.has_permission": "forms ask what the user may do",
	"frappe.client.get_doc_permissions": "forms ask what the user may do",
	"frappe.client.is_document_amended": "a form's toolbar",
	"frappe.utils.diff.get_version_diff": "a record's version comparison",
	"frappe.utils.diff.version_query": "a record's version comparison",
	# --- lists, reports, search, trees ----------------------------------------------------------------------
	"frappe.desk.reportview.get": "every list and Report Builder view (scoped by the guard)",
	"frappe.desk.reportview.get_list": "lists read by scripts (scoped)",
	"frappe.desk.reportview.get_count": "a list's count (scoped)",
	"frappe.desk.reportview.get_sidebar_stats": "a list's sidebar (scoped)",
	"frappe.desk.reportview.get_stats": "a list's sidebar (scoped)",
	"frappe.desk.reportview.delete_items": "deleting records from a list (each record's permission decides)",
	"frappe.desk.reportview.export_query": "a list's export (overridden: 可导出数据, logged)",
	"frappe.desk.reportview.save_report": "saving a Report Builder view",
	"frappe.desk.reportview.delete_report": "deleting one's saved Report Builder view",
	"frappe.desk.listview.get_list_settings": "a list's settings",
	"frappe.desk.listview.set_list_settings": "a list's settings",
	"frappe.desk.listview.get_group_by_count": "a list's group-by sidebar (overridden: scoped)",
	"frappe.desk.doctype.list_view_settings.list_view_settings.get_default_listview_fields": "a list's column settings",
	"frappe.desk.doctype.list_view_settings.list_view_settings.save_listview_settings": "a list's column settings",
	"frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs": "a list's bulk submit or edit (each record's permission and the guard decide)",
	"frappe.desk.query_report.run": "the app's script reports (scoped in their SQL)",
	"frappe.desk.query_report.get_script": "a script report's filters",
	"frappe.desk.query_report.export_query": "a report's download (overridden: 可导出数据, logged)",
	"frappe.desk.query_report.get_data_for_custom_field": "a report's added column",
	"frappe.desk.search.search_link": "a Link field's dropdown (overridden: scoped)",
	"frappe.desk.search.search_widget": "the link selector (overridden: scoped)",
	"frappe.desk.search.get_link_title": "a link shows its record's title (overridden: only a readable record's)",
	"frappe.desk.search.get_names_for_mentions": "@mentions in a comment",
	"frappe.utils.global_search.search": "the search bar (overridden: only readable records)",
	"frappe.desk.doctype.tag.tag.get_tags_list_for_awesomebar": "the search bar's tags",
	"frappe.desk.doctype.tag.tag.get_documents_for_tag": "the search bar's tags",
	"frappe.desk.treeview.get_children": "the region tree (public codes)",
	"frappe.desk.treeview.get_all_nodes": "the region tree (public codes)",
	"frappe.core.doctype.prepared_report.prepared_report.get_reports_in_queued_state": "a report page asks whether one is being prepared",
	# --- notifications ------------------------------------------------------------------------------------
	"frappe.desk.notifications.get_notification_info": "the notification bell",
	"frappe.desk.notifications.get_open_count": "a form's dashboard counts",
	"frappe.desk.doctype.notification_log.notification_log.get_notification_logs": "the notification bell (overdue steps)",
	"frappe.desk.doctype.notification_log.notification_log.mark_all_as_read": "the notification bell",
	"frappe.desk.doctype.notification_log.notification_log.mark_as_read": "the notification bell",
	"frappe.desk.doctype.notification_log.notification_log.trigger_indicator_hide": "the notification bell",
	"frappe.desk.doctype.notification_settings.notification_settings.set_seen_value": "the notification bell",
	"frappe.desk.doctype.event.event.get_events": "the desk's calendar of one's own events",
	"frappe.desk.calendar.get_events": "the desk's calendar of one's own events",
	# --- print ---------------------------------------------------------------------------------------------
	"frappe.www.printview.get_html_and_style": "the print view (the record's permission decides)",
	"frappe.www.printview.get_rendered_raw_commands": "the print view",
	"frappe.printing.page.print.print.get_print_settings_to_show": "the print view's settings",
	"frappe.printing.doctype.network_printer_settings.network_printer_settings.get_network_printer_settings": "the print view",
	"frappe.utils.pdf.is_wkhtmltopdf_valid": "the print view asks which PDF engine exists",
	"frappe.utils.print_format.download_pdf": "the PDF button (overridden: WeasyPrint, logged)",
	"frappe.utils.print_format.download_multi_pdf": "printing records chosen in a list (each record's permission decides)",
}

#: what a visitor who is not logged in may call (the login and password pages, liveness)
GUEST: frozenset[str] = frozenset({
	"ping", "frappe.ping", "logout", "frappe.handler.logout", "web_logout", "frappe.handler.web_logout",
	"frappe.realtime.get_user_info", "frappe.core.doctype.user.user.test_password_strength",
	"frappe.core.doctype.user.user.update_password", "frappe.core.doctype.user.user.reset_password",
	"frappe.www.login.send_login_link", "frappe.www.login.login_via_key",
})

#: the app's own endpoints: allowed as a whole (each checks types and scope itself)
APP_PREFIX = "xueji_app."


def allowed(method: str, *, guest: bool) -> bool:
	"""Whether ``method`` (as the request names it) may be called by a school or bureau user (``guest``: by a
	visitor who is not logged in). The login itself is not a whitelisted method and is never refused here."""
	method = (method or "").strip().strip("/")
	if method == "login":
		return True
	if guest:  # the app's own: Frappe still refuses a visitor any that is not ``allow_guest``
		return method in GUEST or method.startswith(APP_PREFIX)
	return method in ALLOWED or method.startswith(APP_PREFIX)
