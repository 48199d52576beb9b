"""Deny by default (``rules.endpoints``, ``services.security.endpoints``), walked over Frappe's and the app's whole
whitelist as collected from the code: every method not on the list answers 403 to a registrar and to a
visitor, with nothing run; the list names only real methods; the platform administrator is not limited; an API
key is held to the same list."""

from __future__ import annotations

import ast
import pathlib

import frappe

from xueji_app.rules import endpoints
from xueji_app.tests.factory import email
from xueji_app.tests.utils import RestClient, XuejiTestCase

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
