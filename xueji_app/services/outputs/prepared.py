"""Prepared files: long work that ends in a file — a register of a large school, a large export — runs as a job of
the long queue, never in a web request. The user gets a Prepared File at once, sees the job's progress live
(Frappe realtime), is told when it is ready, and can come back to it later (只本人可见: only the user who
asked may read it and its file).

A job runs as the user who asked, so it sees exactly what that user may see; any failure is recorded on the
Prepared File in Chinese (the traceback goes to the Error Log) and leaves nothing half-made.
"""

from __future__ import annotations

import json

import frappe
from frappe.utils import now_datetime

from xueji_app.services.core.errors import job_failure

PREPARED = "Prepared File"
#: the longest a job may run (a register of 10,000 students renders in about two minutes)
JOB_TIMEOUT = 1800
#: what makes each kind of file, named by path as hooks are: the mechanism does not import the modules that use it
BUILDERS = {
	"Register": "xueji_app.services.outputs.registers.build_prepared",
	"Export": "xueji_app.services.outputs.exports.build_prepared",
}


# --- starting a job (``registers.request_register``, ``exports.request_export``) -------------------------------------------------------------------------------------


def start(job_type: str, title: str, request: dict, **values) -> dict:
	doc = frappe.get_doc({"doctype": PREPARED, "job_type": job_type, "title": title[:140], "status": "Queued",
						  "request": json.dumps(request, ensure_ascii=False, default=str), **values})
	doc.flags.xueji_service = True
	doc.insert(ignore_permissions=True)
	frappe.enqueue(f"{__name__}.run", queue="long", timeout=JOB_TIMEOUT, job_id=f"xueji-file-{doc.name}", deduplicate=True,
				   enqueue_after_commit=True, now=bool(frappe.flags.in_test), name=doc.name)
	return {"name": doc.name, "title": doc.title, "status": doc.status}


# --- the job -------------------------------------------------------------------------------------------------


def run(name: str) -> None:
	doc = frappe.get_doc(PREPARED, name)
	frappe.set_user(doc.owner)
	request = json.loads(doc.request or "{}")
	doc.db_set({"status": "Running", "started_on": now_datetime(), "progress": 1}, update_modified=False)

	def progress(percent: float, what: str) -> None:
		frappe.publish_progress(percent, title=doc.title, description=what)

	frappe.db.savepoint("xueji_prepared")
	try:
		content, filename, pages, rows = frappe.get_attr(BUILDERS[doc.job_type])(request, progress)
		stored = frappe.get_doc({"doctype": "File", "file_name": filename, "content": content, "is_private": 1,
								 "attached_to_doctype": PREPARED, "attached_to_name": name}).insert(ignore_permissions=True)
		doc.db_set({"status": "Completed", "prepared_file": stored.file_url, "row_count": rows, "pages": pages, "progress": 100,
					"finished_on": now_datetime(), "failure": None}, update_modified=False)
	except Exception as error:
		frappe.db.rollback(save_point="xueji_prepared")
		message = job_failure(error, f"Prepared File {name}")
		doc.db_set({"status": "Failed", "failure": message, "finished_on": now_datetime()}, update_modified=False)
	frappe.publish_realtime("xueji_file_ready", summary(doc), user=doc.owner, after_commit=True)


def summary(doc) -> dict:
	return {"name": doc.name, "title": doc.title, "status": doc.status, "file_url": doc.prepared_file, "failure": doc.failure,
			"rows": doc.row_count, "pages": doc.pages}
