"""The phone approval page (/approvals) in headless Chromium at a 375 px viewport: only the steps of the
logged-in person, overdue highlighted, a rejection without a reason refused, an approval recorded.

The page talks to a real WSGI server (this site's app, in a thread) and sees committed data only, so this
class commits its case."""

from __future__ import annotations

import shutil
import socket
import threading

import frappe
from werkzeug.serving import make_server

from xueji_app.services.workflow import act
from xueji_app.tests.factory import PASSWORD, email
from xueji_app.tests.test_roll_change import filed, registered
from xueji_app.tests.utils import XuejiTestCase

PHONE = {"width": 375, "height": 812}


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class SiteServer:
	"""The site's WSGI application on 127.0.0.1:<port>, in a thread."""

	def __init__(self, site: str):
		from frappe.app import application

		def app(environ, start_response):
			environ["HTTP_X_FRAPPE_SITE_NAME"] = site
			return application(environ, start_response)

		self.port = free_port()
		self.server = make_server("127.0.0.1", self.port, app, threaded=True)
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	def __enter__(self):
		self.thread.start()
		return f"http://127.0.0.1:{self.port}"

	def __exit__(self, *exc):
		self.server.shutdown()


class TestPhoneApprovalPage(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.policy import ensure_standard_policies

		ensure_standard_policies()
		student = registered(student_name="手机审批测试")
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.db.set_value("Case Step", {"parent": case.name, "step_no": 1}, "due_date", "2020-01-06")  # overdue
		frappe.set_user("Administrator")
		frappe.db.commit()
		cls.case = case.name

	def browse(self, base: str, user: str):
		from playwright.sync_api import sync_playwright

		playwright = sync_playwright().start()
		browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
		page = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
		response = page.request.post(f"{base}/api/method/login", data={"usr": email(user), "pwd": PASSWORD})
		self.assertEqual(response.status, 200)
		page.goto(f"{base}/approvals")
		page.wait_for_selector(".card, .empty:not(:has-text('加载中'))")
		return playwright, browser, page

	def test_phone_list_and_decisions(self):
		with SiteServer(frappe.local.site) as base:
			# another county: the step never appears, and acting on it is refused
			playwright, browser, page = self.browse(base, "county_3")
			try:
				self.assertNotIn("手机审批测试", page.inner_text("main"))
				result = page.evaluate(
					"""async (name) => (await fetch('/api/method/xueji_app.services.approvals.decide', {method: 'POST',
						headers: {'Content-Type': 'application/json', 'X-Frappe-CSRF-Token': CSRF},
						body: JSON.stringify({doctype: 'Roll Change', name, decision: 'Approve'})})).status""",
					self.case,
				)
				self.assertEqual(result, 403)
			finally:
				browser.close()
				playwright.stop()

			playwright, browser, page = self.browse(base, "head_a1")
			try:
				card = page.locator(f".card[data-name='{self.case}']")
				self.assertEqual(card.count(), 1)
				self.assertIn("overdue", card.get_attribute("class"))
				self.assertIn("已逾期", card.inner_text())
				self.assertIn("出国", card.inner_text())
				self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
				box = card.bounding_box()
				self.assertGreaterEqual(box["height"], 44)  # a touch target
				card.click()
				page.wait_for_selector("#approve")
				self.assertEqual(page.locator(".detail .thumbs [title='护照或签证']").count(), 1)  # evidence thumbnail
				self.assertIn("学校 · 甲市一区第一小学", page.inner_text(".steps"))
				page.click("#reject")
				self.assertEqual(page.inner_text("#msg"), "退回须填写理由")
				page.fill("#comment", "同意出国")
				page.click("#approve")
				page.wait_for_selector(".msg.ok")
				page.wait_for_selector(f".card[data-name='{self.case}']", state="detached")
			finally:
				browser.close()
				playwright.stop()
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Roll Change", self.case, "change_state"), "Pending Authority Approval")
		step = frappe.db.get_value("Case Step", {"parent": self.case, "step_no": 1}, ["decision", "decided_by", "comment"])
		self.assertEqual(step, ("Approved", email("head_a1"), "同意出国"))
