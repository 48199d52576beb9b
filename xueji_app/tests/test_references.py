"""The reference guard (``services.security.references``): Frappe's collaboration records that name a record of
the roll — assignments (ToDo), comments, tags, follows, likes — are created, changed and listed only by users who
may read that record. Over REST, as a county officer of 990101 against a pupil of county 990201, and as the
pupil's own school, which keeps every one of these tools."""

from __future__ import annotations

import json

import frappe

from xueji_app.tests.factory import email
from xueji_app.tests.test_security_regressions import RESTCase, stored


def comments(name: str) -> int:
	frappe.db.rollback()
	return frappe.db.count("Comment", {"reference_doctype": "Student", "reference_name": name})


class TestReferenceGuard(RESTCase):
	def test_a_todo_on_another_countys_pupil_is_refused(self):
		pupil = self.other("Student")
		before, notes = stored("Student", pupil), comments(pupil)
		response = self.client("county_1").post("/api/method/frappe.client.insert", json={"doc": {
			"doctype": "ToDo", "description": "看一下", "allocated_to": email("county_1"),
			"reference_type": "Student", "reference_name": pupil}})
		self.assertRefused(response, unchanged=("Student", pupil, before))
		self.assertEqual(comments(pupil), notes)
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": pupil, "allocated_to": email("county_1")}))

	def test_a_todo_cannot_be_pointed_at_another_countys_pupil(self):
		"""A ToDo of one's own, changed to name another county's pupil, is refused as a new one would be."""
		client = self.client("county_1")
		made = client.post("/api/method/frappe.client.insert", json={"doc": {
			"doctype": "ToDo", "description": "自己的", "allocated_to": email("county_1")}})
		self.assertEqual(made.status_code, 200, made.text[:300])
		name = made.json["message"]["name"]
		try:
			moved = client.put(f"/api/resource/ToDo/{name}", json={"reference_type": "Student", "reference_name": self.other("Student")})
			self.assertRefused(moved)
			frappe.db.rollback()
			self.assertIsNone(frappe.db.get_value("ToDo", name, "reference_name"))
		finally:
			frappe.delete_doc("ToDo", name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_a_like_on_another_countys_pupil_is_refused(self):
		pupil = self.other("Student")
		before, notes = stored("Student", pupil), comments(pupil)
		response = self.client("county_1").post("/api/method/frappe.desk.like.toggle_like",
												 json={"doctype": "Student", "name": pupil, "add": "Yes"})
		self.assertRefused(response, unchanged=("Student", pupil, before))
		self.assertEqual(comments(pupil), notes)

	def test_a_comment_tag_or_follow_on_another_countys_pupil_is_refused(self):
		pupil = self.other("Student")
		before, notes = stored("Student", pupil), comments(pupil)
		client = self.client("reg_a1")
		attempts = [
			client.post("/api/method/frappe.client.insert", json={"doc": {
				"doctype": "Comment", "comment_type": "Comment", "reference_doctype": "Student", "reference_name": pupil,
				"content": "x"}}),
			client.post("/api/method/frappe.desk.form.utils.add_comment", json={
				"reference_doctype": "Student", "reference_name": pupil, "content": "x", "comment_email": email("reg_a1"),
				"comment_by": "x"}),
			client.post("/api/method/frappe.client.insert", json={"doc": {
				"doctype": "Document Follow", "ref_doctype": "Student", "ref_docname": pupil, "user": email("reg_a1")}}),
		]
		for response in attempts:
			self.assertIn(response.status_code, (403, 417), response.text[:300])
		for tag in (client.post("/api/method/frappe.desk.doctype.tag.tag.add_tag", json={"tag": "x", "dt": "Student", "dn": pupil}),
					client.post("/api/method/frappe.desk.doctype.tag.tag.add_tags", json={
						"tags": json.dumps(["x"]), "dt": "Student", "docs": json.dumps([pupil])}),
					client.post("/api/method/frappe.desk.doctype.tag.tag.remove_tag", json={"tag": "x", "dt": "Student", "dn": pupil})):
			self.assertRefused(tag)
		self.assertEqual(stored("Student", pupil), before)
		self.assertEqual(comments(pupil), notes)
		self.assertFalse(frappe.db.exists("Tag Link", {"document_type": "Student", "document_name": pupil}))

	def test_the_pupils_own_school_keeps_its_tools(self):
		pupil = self.own("Student")
		client = self.client("reg_a1")
		like = client.post("/api/method/frappe.desk.like.toggle_like", json={"doctype": "Student", "name": pupil, "add": "Yes"})
		self.assertEqual(like.status_code, 200, like.text[:300])
		note = client.post("/api/method/frappe.desk.form.utils.add_comment", json={
			"reference_doctype": "Student", "reference_name": pupil, "content": "家长已来电",
			"comment_email": email("reg_a1"), "comment_by": "registrar"})
		self.assertEqual(note.status_code, 200, note.text[:300])
		frappe.db.rollback()
		self.assertIn(email("reg_a1"), json.loads(frappe.db.get_value("Student", pupil, "_liked_by") or "[]"))
		# and undo, so the record is as the fixture made it
		client.post("/api/method/frappe.desk.like.toggle_like", json={"doctype": "Student", "name": pupil, "add": "No"})
		frappe.delete_doc("Comment", note.json["message"]["name"], force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_collaboration_lists_hide_what_names_another_countys_pupil(self):
		"""A ToDo or comment an administrator left on a pupil is not listed to an officer of another county."""
		pupil = self.other("Student")
		frappe.set_user("Administrator")
		todo = frappe.get_doc({"doctype": "ToDo", "description": "别人的", "allocated_to": email("county_1"),
							   "reference_type": "Student", "reference_name": pupil}).insert(ignore_permissions=True)
		frappe.db.commit()
		try:
			listed = self.client("county_1").get("/api/resource/ToDo", query_string={
				"fields": json.dumps(["name", "reference_name"]), "limit_page_length": 0})
			self.assertEqual(listed.status_code, 200)
			self.assertNotIn(todo.name, {r["name"] for r in listed.json["data"]})
			self.assertRefused(self.client("county_1").get(f"/api/resource/ToDo/{todo.name}"))
		finally:
			frappe.delete_doc("ToDo", todo.name, force=True, ignore_permissions=True)
			frappe.db.commit()


class TestNoMetadataOfOthers(RESTCase):
	def test_run_doc_method_on_another_countys_case_tells_nothing(self):
		"""A client's copy of another county's case sent to ``run_doc_method``: 403, and not its stored time stamp."""
		name = self.other("Roll Change")
		frappe.db.rollback()
		modified = str(frappe.db.get_value("Roll Change", name, "modified"))
		copy = {"doctype": "Roll Change", "name": name, "modified": "2000-01-01 00:00:00", "docstatus": 0}
		response = self.client("county_1").post("/api/method/run_doc_method", json={
			"docs": json.dumps(copy), "method": "check_eligibility", "args": "{}"})
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertNotIn(modified[:19], response.text)
		self.assertNotIn(modified[:16], response.text)
		# the form's own case still works for its school
		own = self.own("Roll Change")
		mine = dict(json.loads(frappe.as_json(frappe.get_doc("Roll Change", own).as_dict())))
		answer = self.client("reg_a1").post("/api/method/run_doc_method", json={"docs": json.dumps(mine), "method": "check_eligibility"})
		self.assertNotEqual(answer.status_code, 403, answer.text[:300])  # its school may read it: not refused as unreadable
		self.assertLess(answer.status_code, 500, answer.text[:300])
