"""Shared test helpers: a test case that reads messages in Chinese, and a REST client per user."""

from __future__ import annotations

import threading

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from xueji_app.tests import factory


class XuejiTestCase(FrappeTestCase):
	"""Builds the committed test province once and reads messages in Chinese, as the officials do."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		factory.build_test_province()

	def setUp(self):
		frappe.local.lang = "zh"

	def tearDown(self):
		frappe.set_user("Administrator")


class PolicyTestCase(XuejiTestCase):
	"""The shipped standard policies installed and the 2026-2027 school year present; every test's changes are
	rolled back after it (nothing in such a test commits), so each starts from the committed test province."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies
		frappe.set_user("Administrator")
		ensure_year()
		ensure_standard_policies()

	def tearDown(self):
		frappe.db.rollback()
		super().tearDown()


class RestClient:
	"""A logged-in user of the REST API. Each request runs the real WSGI app in its own thread (its own
	Frappe context and database connection, as in production), so it sees committed data only."""

	def __init__(self, user: str, password: str = factory.PASSWORD):
		self.site = frappe.local.site
		self.client = get_test_client()
		response = self.request("post", "/api/method/login", json={"usr": user, "pwd": password})
		if response.status_code != 200:
			raise AssertionError(f"login of {user} failed: {response.status_code} {response.text[:200]}")

	@classmethod
	def anonymous(cls) -> RestClient:
		"""A client that has not logged in (a visitor, or a caller with an API key in its headers)."""
		self = cls.__new__(cls)
		self.site, self.client = frappe.local.site, get_test_client()
		return self

	def request(self, method: str, path: str, **kwargs):
		result = {}
		headers = {"X-Frappe-Site-Name": self.site, "Accept-Language": "zh", **kwargs.pop("headers", {})}

		def run():
			result["response"] = getattr(self.client, method)(path, headers=headers, **kwargs)

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		return result["response"]

	def get(self, path, **kwargs):
		return self.request("get", path, **kwargs)

	def post(self, path, json=None, **kwargs):
		return self.request("post", path, json=json, **kwargs)

	def put(self, path, json=None, **kwargs):
		return self.request("put", path, json=json, **kwargs)

	def delete(self, path, **kwargs):
		return self.request("delete", path, **kwargs)


def at_once(count: int, user: str, work, classify) -> list[str]:
	"""Run ``work(i)`` for i in range(count) in as many threads at the same moment, each with its own Frappe
	context and database connection as ``user``, like simultaneous requests. Each returns "ok" (and commits)
	or what ``classify(exception)`` calls its refusal (and rolls back)."""
	site, results, barrier = frappe.local.site, [], threading.Barrier(count)

	def run(i: int) -> None:
		frappe.init(site=site)
		frappe.connect()
		frappe.local.lang = "zh"
		frappe.set_user(user)
		try:
			barrier.wait()
			work(i)
			frappe.db.commit()
			results.append("ok")
		except Exception as error:
			frappe.db.rollback()
			results.append(classify(error))
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return results


def run_worker(queue: str = "long") -> None:
	"""Run the jobs queued so far on ``queue`` with a real RQ worker (another process, as in production), then stop."""
	import subprocess
	import sys

	sites = frappe.utils.get_bench_path() + "/sites"
	subprocess.run([sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", queue, "--burst"],
				   cwd=sites, check=True, capture_output=True, timeout=300)


def server_message(response) -> str:
	"""The messages a refused request carries for the user (``_server_messages``), as one text."""
	import json

	raw = (response.json or {}).get("_server_messages")
	if not raw:
		return ""
	return "\n".join(json.loads(m).get("message", "") for m in json.loads(raw))


def ensure_year() -> str:
	"""The 2026-2027 school year every test province uses."""
	if not frappe.db.exists("Academic Year", "2026-2027"):
		frappe.get_doc(
			{"doctype": "Academic Year", "year_start_date": "2026-09-01", "year_end_date": "2027-08-31",
			 "term_1_start": "2026-09-01", "term_1_end": "2027-01-22", "term_2_start": "2027-03-01", "term_2_end": "2027-07-10"}
		).insert()
	return "2026-2027"


#: a moment of the 2026-2027 year's end when its runs may be confirmed (the policies' year_end_opens_on, 06-01)
YEAR_END_OPEN = "2027-06-15 10:00"


def at(moment: str):
	"""Frappe's clock at ``moment`` (site time) and running on, as ``FrappeTestCase.freeze_time`` sets it, for a
	helper outside a test method (a year-end run confirmed at the year's end)."""
	return FrappeTestCase.freeze_time(None, moment, tick=True)
