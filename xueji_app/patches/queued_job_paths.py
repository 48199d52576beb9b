"""Jobs queued before the services were grouped into packages name their function by its old path
(``xueji_app.services.student_import.run_job``); a worker after the upgrade could not import it. Each such job
still waiting in this site's queues is given the new path (``xueji_app.services.roll.student_import.run_job``)."""

from __future__ import annotations

import frappe

#: module → package, as the move placed them
MOVED = {
	**dict.fromkeys(("api", "errors", "values", "calendar", "bulk", "xlsx", "fonts", "policy"), "core"),
	**dict.fromkeys(("scope", "guard", "access", "permissions", "search", "files"), "security"),
	**dict.fromkeys(("workflow", "case", "cases", "facts", "approvals", "batch", "overdue", "reminders"), "cases"),
	**dict.fromkeys(("student", "student_import", "year_end", "rollup"), "roll"),
	**dict.fromkeys(("oversight", "registers", "pdf", "print_helpers", "exports", "prepared", "reports", "dashboard"), "outputs"),
	**dict.fromkeys(("install", "backup"), "platform"),
}


def new_path(method) -> str | None:
	"""The path after the move of an old ``xueji_app.services.<module>.<function>``; None for any other."""
	if not isinstance(method, str):
		return None
	parts = method.split(".")
	if len(parts) == 4 and parts[:2] == ["xueji_app", "services"] and parts[2] in MOVED:
		return ".".join(["xueji_app", "services", MOVED[parts[2]], *parts[2:]])
	return None


def execute() -> None:
	from frappe.utils.background_jobs import get_queues

	try:
		queues = get_queues()
	except Exception:  # no Redis while migrating (a restore on another machine): no queued job to move
		return
	for queue in queues:
		for job in queue.get_jobs():
			kwargs = job.kwargs or {}
			moved = new_path(kwargs.get("method"))
			if kwargs.get("site") == frappe.local.site and moved:
				kwargs["method"] = moved
				if kwargs.get("job_name") and new_path(kwargs["job_name"]):
					kwargs["job_name"] = moved
				job.kwargs = kwargs
				job.save()
