"""Deny by default (``rules.endpoints``, ``services.security.endpoints``), walked over Frappe's and the app's whole
whitelist as collected from the code: every method not on the list answers 403 to a registrar and to a
visitor, with nothing run; the list names only real methods; the platform administrator is not limited; an API
key is held to the same list."""

from __future__ import annotations

import ast
import json
import pathlib

import frappe

from xueji_app.rules import endpoints
from xueji_app.tests.factory import email
from xueji_app.tests.utils import RestClient, XuejiTestCase, server_message

SHORT = {"ping", "logout", "web_logout", "run_doc_method", "runserverobj", "upload_file",
		 "frappe.handler.run_doc_method", "frappe.handler.runserverobj"}


def whitelist_of(package: str) -> dict[str, bool]:
	"""Every module-level function decorated ``@frappe.whitelist`` (or the app's ``whitelist``) in ``package``,
	by dotted path → whether a visitor may call it (``allow_guest``). Tests are left out."""
	root = pathlib.Path(frappe.get_app_path(package))
	found = {}
	for path in root.rglob("*.py"):
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		try:
			tree = ast.parse(path.read_text(encoding="utf-8"))
		except (SyntaxError, UnicodeDecodeError):
			continue
		module = ".".join((package, *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
		for node in tree.body:
			if not isinstance(node, ast.FunctionDef):
				continue
			for deco in node.decorator_list:
				func = deco.func if isinstance(deco, ast.Call) else deco
				if ast.unparse(func) in ("frappe.whitelist", "whitelist"):
					guest = isinstance(deco, ast.Call) and any(
						k.arg == "allow_guest" and ast.unparse(k.value) == "True" for k in deco.keywords)
					found[f"{module}.{node.name}"] = guest
	return found


WHITELIST = {**whitelist_of("frappe"), **whitelist_of("xueji_app")}


class TestDenyByDefault(XuejiTestCase):
	def test_the_walk_reads_the_whole_whitelist(self):
		self.assertGreater(len(WHITELIST), 400)
		self.assertIn("frappe.desk.reportview.get", WHITELIST)
		self.assertIn("xueji_app.services.cases.approvals.decide", WHITELIST)

	def test_the_list_names_only_real_methods(self):
		unknown = sorted(m for m in endpoints.ALLOWED if m not in WHITELIST and m not in SHORT)
		self.assertEqual(unknown, [], "listed but not a whitelisted method of Frappe or the app")
		self.assertTrue(all(why.strip() for why in endpoints.ALLOWED.values()), "every entry says why")

	def test_every_unlisted_method_is_refused_to_a_registrar(self):
		client = RestClient(email("reg_a1"))
		denied = [m for m in sorted(WHITELIST) if not endpoints.allowed(m, guest=False)]
		self.assertGreater(len(denied), 100)
		wrong = []
		for method in denied:
			response = client.post(f"/api/method/{method}", json={})
			if response.status_code != 403 or "Traceback" in response.text or '"exc"' in response.text:
				wrong.append(f"{method}: {response.status_code}")
		self.assertEqual(wrong, [], "unlisted methods that were not refused with 403")

	def test_every_unlisted_guest_method_is_refused_to_a_visitor(self):
		denied = [m for m, guest in sorted(WHITELIST.items()) if guest and not endpoints.allowed(m, guest=True)]
		self.assertGreater(len(denied), 20)
		client = RestClient.anonymous()
		wrong = []
		for method in denied:
			response = client.post(f"/api/method/{method}", json={})
			if response.status_code != 403:
				wrong.append(f"{method}: {response.status_code}")
		self.assertEqual(wrong, [], "unlisted guest methods a visitor could call")
		self.assertEqual(client.get("/api/method/ping").status_code, 200)

	def test_a_refusal_runs_nothing(self):
		"""``frappe.client.insert_many`` is not on the list: the ToDo it would insert does not appear."""
		client = RestClient(email("reg_a1"))
		response = client.post("/api/method/frappe.client.insert_many", json={"docs": frappe.as_json([
			{"doctype": "ToDo", "description": "deny-by-default probe", "allocated_to": email("reg_a1")}])})
		self.assertEqual(response.status_code, 403)
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("ToDo", {"description": "deny-by-default probe"}))

	def test_odd_spellings_of_a_path_are_refused_alike(self):
		client = RestClient(email("reg_a1"))
		for path in ("/api//method/frappe.client.insert_many", "/api/method//frappe.client.insert_many",
					 "/api/v1/method/frappe.client.insert_many", "/api/v2/method/frappe.client.insert_many",
					 "/api/method/frappe.client.insert_many/"):
			response = client.post(path, json={"docs": "[]"})
			self.assertIn(response.status_code, (403, 404), f"{path}: {response.status_code}")

	def test_the_desk_paths_stay_open(self):
		client = RestClient(email("reg_a1"))
		for method, args in (("frappe.desk.reportview.get", {"doctype": "Student", "fields": '["name"]'}),
							 ("frappe.client.get_count", {"doctype": "Student"}),
							 ("xueji_app.services.cases.approvals.my_steps", {})):
			response = client.post(f"/api/method/{method}", json=args)
			self.assertEqual(response.status_code, 200, f"{method}: {response.text[:200]}")

	def test_the_platform_administrator_is_not_limited(self):
		admin = RestClient("Administrator", frappe.conf.get("admin_password") or "admin")
		response = admin.get("/api/method/frappe.core.doctype.user.user.get_all_roles")
		self.assertEqual(response.status_code, 200, response.text[:200])

	def test_an_api_key_is_held_to_the_same_list(self):
		user = frappe.get_doc("User", email("reg_a1"))
		key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
		user.api_key, user.api_secret = key, secret
		user.flags.ignore_permissions = True
		user.save()
		frappe.db.commit()
		try:
			client = RestClient.anonymous()
			headers = {"Authorization": f"token {key}:{secret}"}
			self.assertEqual(client.get("/api/method/frappe.auth.get_logged_user", headers=headers).status_code, 403)
			ok = client.post("/api/method/frappe.client.get_count", json={"doctype": "Student"}, headers=headers)
			self.assertEqual(ok.status_code, 200, ok.text[:200])
		finally:
			frappe.db.set_value("User", user.name, "api_key", None)
			frappe.db.commit()


#: malformed arguments every listed endpoint is sent (a registrar's session): missing, wrong types, bad JSON,
#: NaN and Infinity, a filter with one value, negative and huge limits, deep nesting, long and odd names
DEEP = "[" * 3000 + "]" * 3000
CORPUS = [
	{},
	{"doctype": "Student", "name": "x", "filters": "not json", "fields": "not json", "docname": "x"},
	{"doctype": "Student", "filters": '{"name": NaN}', "fields": '["name"]'},
	{"doctype": "Student", "filters": '[["Student", "name", "between", ["a"]]]', "fields": '["name"]'},
	{"doctype": "Student", "filters": '[["Student", "date_of_birth", ">", Infinity]]'},
	{"doctype": "Student", "fields": '["name"]', "limit_page_length": -5, "limit_start": -1, "start": -1, "page_length": 10**12},
	{"doctype": "Student", "fields": DEEP, "filters": DEEP, "args": DEEP, "docs": DEEP},
	{"doctype": 123, "name": ["x"], "txt": {"a": 1}, "filters": 5, "fields": {"x": 1}},
	{"doctype": "Student", "name": "x" * 2000, "txt": "x" * 2000, "field": "no such field", "current_filters": "[[",
	 "docnames": "not json", "names": "{", "items": "[", "action": 1},
	{"doctype": "Student", "value": "1e308", "fieldname": "NaN", "key": "x" * 200, "value_json": "{" * 50},
]
#: endpoints the corpus leaves out: they end the session under test
NOT_PROBED = {"logout", "frappe.handler.logout", "web_logout", "frappe.handler.web_logout"}


class TestBadInput(XuejiTestCase):
	def test_no_listed_endpoint_answers_5xx_or_leaks_internals(self):
		client = RestClient(email("reg_a1"))
		methods = sorted(set(endpoints.ALLOWED) - NOT_PROBED) + sorted(
			m for m in WHITELIST if m.startswith("xueji_app.") and "tests" not in m)
		before = self.rows()
		wrong = []
		for method in methods:
			for body in CORPUS:
				response = client.post(f"/api/method/{method}", json=body)
				text = response.get_data().decode("utf-8", "replace")
				if response.status_code >= 500:
					wrong.append(f"{method} {list(body)[:3]}: {response.status_code} {text[:120]}")
				elif any(leak in text for leak in ("Traceback", "_debug_messages", '"exc":', "`tab")):
					wrong.append(f"{method} {list(body)[:3]}: leaks {text[:160]}")
		self.assertEqual(wrong, [], f"{len(wrong)} answers out of {len(methods) * len(CORPUS)}")
		self.assertEqual(self.rows(), before, "a malformed request wrote a record of the roll or one naming it")

	@staticmethod
	def rows() -> dict[str, int]:
		"""How many records of the roll, and of Frappe's records that name one, are stored (committed)."""
		frappe.db.rollback()
		tables = ("Student", "Student Guardian", "Roll Change", "Student Transfer", "Student Info Change", "Case Step",
				  "Case Evidence", "ToDo", "Comment", "Tag Link", "Document Follow", "File", "Export Log")
		return {t: frappe.db.count(t) for t in tables}

	def test_what_is_logged_is_rate_limited(self):
		"""A Python error a non-administrator's request raises is logged once per method and type per period."""
		from unittest.mock import patch

		from xueji_app.overrides import http

		frappe.cache.delete_keys("xueji-error:")
		frappe.local.form_dict = frappe._dict(cmd="xueji.test.method")
		with patch.object(frappe, "log_error") as logged:
			for _ in range(5):
				http.log_once(IndexError("x"))
			http.log_once(TypeError("y"))
		self.assertEqual(logged.call_count, 2)

	def test_a_refused_report_run_is_not_an_error(self):
		"""A report asked for outside the user's scope is refused (403) and writes no Error Log row."""
		client = RestClient(email("county_1"))
		before = frappe.db.count("Error Log", {"method": "Report Error"})
		response = client.post("/api/method/frappe.desk.query_report.run", json={
			"report_name": "Enrollment Statistics", "filters": json.dumps({"region": "990201"})})
		self.assertEqual(response.status_code, 403, response.text[:200])
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Error Log", {"method": "Report Error"}), before)


class TestNoAccountOracle(XuejiTestCase):
	def test_forgotten_password_answers_alike(self):
		"""忘记密码 for an account that exists and for one that does not: the same status and the same words."""
		frappe.cache.delete_keys("rl:")  # Frappe's limit of resets per address and hour, from earlier runs
		answers = []
		for user in (email("reg_a1"), "nobody-at-all@test.xueji.invalid"):
			response = RestClient.anonymous().post("/api/method/frappe.core.doctype.user.user.reset_password", json={"user": user})
			answers.append((response.status_code, response.json.get("message"), server_message(response)))
		self.assertEqual(answers[0], answers[1])
		self.assertEqual(answers[0][0], 200)

	def test_officers_do_not_see_each_others_logins(self):
		"""A desk user may list users (to appoint officers), but not when and from where each logged in."""
		frappe.db.set_value("User", email("county_1"), {"last_ip": "10.1.2.3", "last_login": "2026-12-01 08:00:00"})
		frappe.db.commit()
		client = RestClient(email("reg_a1"))
		listed = client.get("/api/resource/User", query_string={
			"fields": json.dumps(["name", "last_login", "last_ip"]), "filters": json.dumps([["name", "=", email("county_1")]])})
		self.assertIn(listed.status_code, (200, 403, 417), listed.text[:200])
		self.assertNotIn("10.1.2.3", listed.text)
		one = client.get(f"/api/resource/User/{email('county_1')}")
		self.assertNotIn("10.1.2.3", one.text)
		report = client.post("/api/method/frappe.desk.reportview.get", json={
			"doctype": "User", "fields": json.dumps(["`tabUser`.`name`", "`tabUser`.`last_ip`"])})
		self.assertNotIn("10.1.2.3", report.text)

	def test_a_missing_file_is_not_found_for_a_visitor(self):
		for path in ("/files/no-such-file.png", "/files/x/../../etc/passwd"):
			response = RestClient.anonymous().get(path)
			self.assertEqual(response.status_code, 404, path)
		self.assertIn(RestClient.anonymous().get("/private/files/no-such.pdf").status_code, (403, 404))
