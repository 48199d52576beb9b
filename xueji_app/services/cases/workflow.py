"""One way through every case workflow: ``act``. Declarative definitions live in ``xueji_app/workflow/``.

Frappe's role-based transitions do not know parties (the sending county is not the receiving county), and
a state written directly passes Frappe's own check when the role could make that transition. So the
app's DocTypes refuse any state change that does not come through ``act``, which asks the controller
(``before_workflow_action``: party, reason, evidence) before Frappe applies the transition, and lets it
act on the result (``after_workflow_action``) in the same transaction. A refusal leaves the case as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow

from xueji_app.rules.access import DirectStateChange
from xueji_app.services.core.api import whitelist
from xueji_app.services.core.errors import job_failure, raise_violation

DEFINITIONS = Path(__file__).resolve().parents[2] / "workflow"  # xueji_app/workflow/
STATE_STYLES = {"Warning", "Success", "Danger", "Primary", "Info", "Inverse"}


@whitelist(retry_deadlocks=True)
def act(doctype: str, name: str, action: str, comment: str | None = None):
	"""Apply ``action`` to the case as the session user; the controller checks the party first.

	Simultaneous actions on one student (three registrars filing at once) can make InnoDB roll one back as a
	deadlock victim: that action is tried once more on a fresh transaction, where it meets the case the other
	opened and gets the clear refusal instead of a 500."""
	if not frappe.flags.xueji_in_job and runs_in_background(doctype, name, action):
		return queue_action(doctype, name, action, comment)
	try:
		return act_once(doctype, name, action, comment)
	except frappe.QueryDeadlockError:
		frappe.db.rollback()
		return act_once(doctype, name, action, comment)


# --- actions that move a whole school run in the background ---------------------------------------------------

#: the longest such an action may run (a province's largest school confirms in seconds; this is the bound)
JOB_TIMEOUT = 1800


def runs_in_background(doctype: str, name: str, action: str) -> bool:
	"""Whether the controller says ``action`` runs as a job (``BACKGROUND_ACTIONS``: a year-end run's Confirm
	and Reverse move every student of a school)."""
	from frappe.model.base_document import get_controller

	return action in getattr(get_controller(doctype), "BACKGROUND_ACTIONS", ())


def queue_action(doctype: str, name: str, action: str, comment: str | None):
	"""Check in the request everything the action checks before it runs (the transition, the party, the
	dates), so a refusal is immediate and nothing changes; then run it as a job of the long queue, as this
	user. The record shows the job (``job_status``) and the desk is told when it is done."""
	from frappe.model.workflow import get_transitions

	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if doc.get("job_status") in ("Queued", "Running"):
		frappe.throw(_("{0} {1} is being processed in the background; wait for it to finish").format(_(doctype), name),
					 title=_("Not allowed"))
	if action not in {t.action for t in get_transitions(doc)}:
		frappe.throw(_("Not a valid workflow action"), frappe.model.workflow.WorkflowTransitionError)
	frappe.db.savepoint("xueji_dry_run")
	try:
		doc.before_workflow_action(action, comment)
	finally:
		frappe.db.rollback(save_point="xueji_dry_run")
	frappe.db.set_value(doctype, name, {"job_status": "Queued", "job_failure": None}, update_modified=False)
	frappe.enqueue(f"{__name__}.run_action_job", queue="long", timeout=JOB_TIMEOUT, job_id=f"xueji-act-{doctype}-{name}",
				   deduplicate=True, enqueue_after_commit=True, now=bool(frappe.flags.in_test),
				   doctype=doctype, name=name, action=action, comment=comment, user=frappe.session.user)
	return frappe.get_doc(doctype, name)


def run_action_job(doctype: str, name: str, action: str, comment: str | None, user: str) -> None:
	"""The job: the action as the user who asked, through ``act`` (every check again: things may have changed
	since). A failure leaves the record as it was, with the reason in ``job_failure``."""
	frappe.set_user(user)
	frappe.db.set_value(doctype, name, "job_status", "Running", update_modified=False)
	frappe.flags.xueji_in_job = True
	frappe.db.savepoint("xueji_job")
	try:
		act(doctype, name, action, comment)
		frappe.db.set_value(doctype, name, {"job_status": None, "job_failure": None}, update_modified=False)
		status = "Done"
	except Exception as error:
		frappe.db.rollback(save_point="xueji_job")
		message = job_failure(error, f"{doctype} {name} {action}")
		frappe.db.set_value(doctype, name, {"job_status": "Failed", "job_failure": message}, update_modified=False)
		status = "Failed"
	finally:
		frappe.flags.xueji_in_job = False
	frappe.publish_realtime("xueji_action_done", {"doctype": doctype, "name": name, "action": action, "status": status},
							user=user, after_commit=True)


def act_once(doctype: str, name: str, action: str, comment: str | None = None):
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	frappe.db.savepoint("xueji_act")
	frappe.flags.xueji_transition = (doctype, name, action)
	try:
		if hasattr(doc, "before_workflow_action"):
			doc.before_workflow_action(action, comment)
		doc = apply_workflow(doc, action)
		if hasattr(doc, "after_workflow_action"):
			doc.after_workflow_action(action, comment)
		if comment:
			doc.add_comment("Comment", _("{0}: {1}").format(_(action), comment))
	except frappe.QueryDeadlockError:
		raise  # InnoDB has rolled the whole transaction back already: there is no savepoint left
	except Exception:
		frappe.db.rollback(save_point="xueji_act")
		raise
	finally:
		frappe.flags.xueji_transition = None
	return doc


def guard_state_change(doc, state_field: str) -> None:
	"""Refuse a change of the workflow state that did not come through ``act``."""
	before = doc.get_doc_before_save()
	if doc.is_new() or not before or before.get(state_field) == doc.get(state_field):
		return
	if frappe.flags.xueji_transition and frappe.flags.xueji_transition[:2] == (doc.doctype, doc.name):
		return
	raise_violation(DirectStateChange(field=state_field), doc.doctype)


# --- install: create absent workflows, upgrade unmodified ones, leave a site's own version alone ---------


def canonical(definition: dict) -> str:
	"""The parts of a workflow a site may change, in a stable form (for a JSON file or a Workflow doc)."""
	import hashlib

	states = [(s["state"], str(s.get("doc_status") or "0"), s.get("allow_edit") or "") for s in definition["states"]]
	transitions = sorted(
		(t["state"], t["action"], t["next_state"], t["allowed"], int(t.get("allow_self_approval") or 0), t.get("condition") or "")
		for t in definition["transitions"]
	)
	head = (definition["document_type"], definition["workflow_state_field"], int(definition.get("is_active") or 0),
			int(definition.get("send_email_alert") or 0))
	return hashlib.sha1(json.dumps([head, states, transitions], ensure_ascii=False).encode()).hexdigest()


def sync_workflows() -> None:
	"""Create each shipped workflow when absent. When the app ships a new version, a site still running the
	previous shipped version gets it; a site that changed its workflow keeps its own (migrate never
	overwrites a customisation)."""
	for path in sorted(DEFINITIONS.glob("*.json")):
		definition = json.loads(path.read_text(encoding="utf-8"))
		ensure_masters(definition)
		name, shipped = definition["name"], canonical(definition)
		key = f"xueji_workflow_shipped:{name}"
		if not frappe.db.exists("Workflow", name):
			frappe.get_doc(definition).insert(ignore_permissions=True)
		else:
			doc = frappe.get_doc("Workflow", name)
			site = canonical(doc.as_dict())
			if site != shipped:
				if site != frappe.db.get_default(key):
					continue  # customised on this site: keep it
				doc.set("states", definition["states"])
				doc.set("transitions", definition["transitions"])
				doc.save(ignore_permissions=True)
		frappe.db.set_default(key, shipped)


def ensure_masters(definition: dict) -> None:
	for state in definition["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			style = state.get("style") if state.get("style") in STATE_STYLES else ""
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state["state"], "style": style}).insert(
				ignore_permissions=True
			)
	for transition in definition["transitions"]:
		if not frappe.db.exists("Workflow Action Master", transition["action"]):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": transition["action"]}).insert(
				ignore_permissions=True
			)
