"""Batch work from a list: many registrations (or cases) submitted, approved or rejected in one action, each
through ``services.cases.workflow.act`` exactly as one at a time, with a result for every record.

A September intake is hundreds of registrations per school; Frappe's own bulk action applies the workflow
around the app's party checks (so the guard refuses it) and reports failures only in the Error Log. Here a
refused record is told to the user with its reason, and the others go through. Up to ``SYNC_LIMIT`` records are
done in the request; more (up to ``MAX_RECORDS``) in a job of the long queue, with progress, the results sent to
the user when it ends.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from xueji_app.services.core.api import inside_endpoint
from xueji_app.services.core.errors import job_failure

SYNC_LIMIT = 20
MAX_RECORDS = 500
JOB_TIMEOUT = 1800


@frappe.whitelist(methods=["POST"])
def act_many(doctype, names, action, comment=None) -> dict:
	"""``action`` on each of ``names``: at once for a few, as a background job for many."""
	names = json.loads(names) if isinstance(names, str) else list(names or [])
	if not isinstance(doctype, str) or not isinstance(action, str) or not all(isinstance(n, str) for n in names):
		frappe.throw(_("Choose the records and the action"), title=_("Not allowed"))
	names = list(dict.fromkeys(names))
	if len(names) > MAX_RECORDS:
		frappe.throw(_("At most {0} records at a time; {1} were chosen").format(MAX_RECORDS, len(names)), title=_("Not allowed"))
	if len(names) > SYNC_LIMIT:
		frappe.enqueue(f"{__name__}.run_job", queue="long", timeout=JOB_TIMEOUT, enqueue_after_commit=True,
					   now=bool(frappe.flags.in_test), doctype=doctype, names=names, action=action, comment=comment,
					   user=frappe.session.user)
		frappe.msgprint(_("{0} records are being processed in the background; you will see the result of each when it is done.").format(
			len(names)), alert=True)
		return {"queued": len(names)}
	results = apply(doctype, names, action, comment)
	show(doctype, action, results)
	return {"results": results}


def apply(doctype: str, names: list[str], action: str, comment: str | None = None, progress=None) -> list[dict]:
	"""Each record on its own: one refused (any reason) is rolled back alone and its reason kept. (Inside the
	batch, no record's ``act`` may run the request again after a deadlock: the others are in it too.)"""
	from xueji_app.services.cases.workflow import act

	results = []
	with inside_endpoint():
		for index, name in enumerate(names):
			if progress:
				progress(index, len(names))
			frappe.db.savepoint("xueji_batch")
			messages = len(frappe.local.message_log)
			try:
				doc = act(doctype, name, action, comment)
				state = doc.get(getattr(doc, "STATE_FIELD", None) or "workflow_state") or doc.get("registration_state") or ""
				results.append({"name": name, "title": title_of(doc), "ok": True, "message": _(state) if state else _("Done")})
			except Exception as error:
				frappe.db.rollback(save_point="xueji_batch")
				del frappe.local.message_log[messages:]  # the refusal is told once, in the results
				results.append({"name": name, "title": name, "ok": False, "message": job_failure(error, f"{doctype} {name} {action}")})
	return results


def title_of(doc) -> str:
	return doc.get("student_name") or doc.get("title") or doc.name


def run_job(doctype: str, names: list[str], action: str, comment: str | None, user: str) -> None:
	frappe.set_user(user)

	def progress(done: int, total: int) -> None:
		frappe.publish_progress(done * 100 / max(total, 1), title=_(action), description=_("{0} of {1}").format(done, total))

	results = apply(doctype, names, action, comment, progress)
	show(doctype, action, results, user=user)


def show(doctype: str, action: str, results: list[dict], user: str | None = None) -> None:
	"""The result of every record as one message (in the request, or sent to the user when a job ends)."""
	done = sum(r["ok"] for r in results)
	esc = frappe.utils.escape_html
	rows = "".join(
		f"<tr><td>{esc(r['title'])}<br><small class='text-muted'>{esc(r['name'])}</small></td>"
		f"<td class='{'text-success' if r['ok'] else 'text-danger'}'>{esc(r['message'])}</td></tr>"
		for r in results
	)
	title = _("{0}: {1} done, {2} refused").format(_(action), done, len(results) - done)
	message = f"<table class='table table-bordered table-sm xueji-batch'><thead><tr><th>{_('Record')}</th><th>{_('Result')}</th></tr></thead><tbody>{rows}</tbody></table>"
	if user:
		frappe.publish_realtime("msgprint", {"message": message, "title": title, "indicator": "green" if done == len(results) else "orange"},
								user=user, after_commit=True)
	else:
		frappe.msgprint(message, title=title, indicator="green" if done == len(results) else "orange", wide=True)
