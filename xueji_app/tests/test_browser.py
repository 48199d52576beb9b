"""The phone approval page (/approvals) in headless Chromium at a 375 px viewport: only the steps of the
logged-in person, overdue highlighted, a rejection without a reason refused, an approval recorded.

The page talks to a real WSGI server (this site's app, in a thread) and sees committed data only, so this
class commits its case."""

from __future__ import annotations

import os
import shutil
import socket
import threading

import frappe
from werkzeug.serving import make_server

from xueji_app.services.cases.workflow import act
from xueji_app.tests import factory
from xueji_app.tests.factory import PASSWORD, email
from xueji_app.tests.test_roll_change import filed, registered
from xueji_app.tests.utils import XuejiTestCase, run_worker

PHONE = {"width": 375, "height": 812}


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class SiteServer:
	"""The site's WSGI application on 127.0.0.1:<port>, in a thread."""

	def __init__(self, site: str):
		import os

		from frappe.app import application
		from werkzeug.middleware.shared_data import SharedDataMiddleware

		assets = SharedDataMiddleware(application, {"/assets": os.path.join(frappe.utils.get_bench_path(), "sites", "assets")})

		def app(environ, start_response):
			environ["HTTP_X_FRAPPE_SITE_NAME"] = site
			return assets(environ, start_response)

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
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()
		student = registered(student_name="手机审批测试")
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.db.set_value("Case Step", {"parent": case.name, "step_no": 1}, "due_date", "2020-01-06")  # overdue
		# a registration waiting for the county, which the phone list shows beside the case steps
		frappe.set_user(email("reg_a1"))
		pending = frappe.get_doc(factory.student_data("A1", student_name="手机注册测试")).insert()
		act("Student", pending.name, "Submit for Approval")
		frappe.set_user("Administrator")
		frappe.db.commit()
		cls.case = case.name
		cls.registration = pending.name

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
					"""async (name) => (await fetch('/api/method/xueji_app.services.cases.approvals.decide', {method: 'POST',
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
				# the evidence opens full screen, and a tap closes it
				page.click(".detail .thumbs img.evidence")
				page.wait_for_selector(".lightbox img")
				self.assertGreater(page.locator(".lightbox img").bounding_box()["width"], 0)
				page.click(".lightbox")
				page.wait_for_selector(".lightbox", state="detached")
				self.assertIn("学校 · 甲市一区第一小学", page.inner_text(".steps"))
				page.click("#reject")
				self.assertEqual(page.inner_text("#msg"), "驳回须填写理由")
				page.fill("#comment", "同意出国")
				page.click("#approve")
				page.wait_for_selector(".msg.ok")
				page.wait_for_selector(f".card[data-name='{self.case}']", state="detached")
			finally:
				browser.close()
				playwright.stop()
			# the county decides the registration on the phone too
			playwright, browser, page = self.browse(base, "county_1")
			try:
				card = page.locator(f".card[data-name='{self.registration}']")
				self.assertEqual(card.count(), 1)
				self.assertIn("学籍注册审核", card.inner_text())
				card.click()
				page.wait_for_selector("#approve")
				self.assertIn("身份证件号", page.inner_text(".detail"))
				os.makedirs(ARTEFACTS, exist_ok=True)
				page.screenshot(path=os.path.join(ARTEFACTS, "phone-registration-county.png"), full_page=True)
				page.click("#approve")
				page.wait_for_selector(".msg.ok")
			finally:
				browser.close()
				playwright.stop()
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Student", self.registration, "registration_state"), "Approved")
		self.assertTrue(frappe.db.get_value("Student", self.registration, "student_number"))
		self.assertEqual(frappe.db.get_value("Roll Change", self.case, "change_state"), "Pending Authority Approval")
		step = frappe.db.get_value("Case Step", {"parent": self.case, "step_no": 1}, ["decision", "decided_by", "comment"])
		self.assertEqual(step, ("Approved", email("head_a1"), "同意出国"))


BROWSER_SCHOOL = ("2199000013", "甲市一区浏览器测试小学")
ARTEFACTS = os.environ.get("XUEJI_ARTEFACTS", "/tmp/xueji-artefacts")


class TestYearEndInTheDesk(XuejiTestCase):
	"""学年末处理 in the desk at 1366 px: the registrar files the run after reading its preview, the county
	confirms it; screenshots of both are kept in ``$XUEJI_ARTEFACTS``. Commits (the browser sees committed data
	only) on a school of its own."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.tests import factory
		from xueji_app.tests.utils import ensure_year

		frappe.set_user("Administrator")
		ensure_year()
		code, name = BROWSER_SCHOOL
		for key in ("reg_br", "head_br"):
			factory.ensure_user(email(key), key)
		remove_school(code)
		factory.ensure_school(code, name, "Primary School", "990101", "990101")
		for key, tier in (("reg_br", "School Registrar"), ("head_br", "School Head")):
			frappe.get_doc({"doctype": "Roll Officer", "user": email(key), "tier": tier, "school": code}).insert(ignore_permissions=True)
		for grade in ("11", "11", "16"):
			registered_at(code, grade)
		# the county lets its runs be confirmed from the year's start (the real worker that applies the run checks
		# the date again, and runs at today's date)
		frappe.set_user("Administrator")
		frappe.get_doc({"doctype": "Roll Policy", "policy_key": "T-BROWSER-OPENS", "title": "测试：学年末处理随时可确认",
						"region": "990101", "stage": "Primary", "year_end_opens_on": "09-01"}).insert()
		frappe.set_user(email("reg_br"))
		cls.run_name = frappe.get_doc({"doctype": "Year-End Run", "school": code, "academic_year": "2026-2027"}).insert().name
		frappe.set_user("Administrator")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		"""Leave nothing behind: other classes count the county's schools, students and history."""
		frappe.db.rollback()
		frappe.set_user("Administrator")
		remove_school(BROWSER_SCHOOL[0])
		frappe.delete_doc("Roll Policy", "T-BROWSER-OPENS", force=True, ignore_permissions=True, ignore_missing=True)
		frappe.db.commit()
		super().tearDownClass()

	def desk(self, base: str, user: str):
		from playwright.sync_api import sync_playwright

		playwright = sync_playwright().start()
		browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
		page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
		self.assertEqual(page.request.post(f"{base}/api/method/login", data={"usr": email(user), "pwd": PASSWORD}).status, 200)
		page.goto(f"{base}/app/year-end-run/{self.run_name}")
		page.wait_for_selector(".xueji-preview table", timeout=30000)
		return playwright, browser, page

	def act_in_desk(self, page, action: str, comment: str) -> None:
		page.locator(".page-actions button:has-text('操作')").first.click()
		page.locator(f".dropdown-menu:visible a:has-text('{action}')").first.click()
		page.wait_for_selector(".modal.show textarea")
		page.fill(".modal.show textarea", comment)
		page.locator(".modal.show .btn-primary").click()

	def test_file_and_confirm_from_the_desk(self):
		os.makedirs(ARTEFACTS, exist_ok=True)
		with SiteServer(frappe.local.site) as base:
			playwright, browser, page = self.desk(base, "reg_br")
			try:
				preview = page.inner_text(".xueji-preview")
				self.assertIn("共3名学生", preview)
				self.assertIn("一年级", preview)
				totals = page.locator(".xueji-by-class tbody tr").last.inner_text()
				self.assertIn("2", totals)  # two promoted
				page.screenshot(path=os.path.join(ARTEFACTS, "year-end-preview-registrar.png"), full_page=True)
				self.act_in_desk(page, "提交主管部门确认", "请审核")
				page.wait_for_function("() => document.body.innerText.includes('待主管部门确认')", timeout=30000)
			finally:
				browser.close()
				playwright.stop()
			playwright, browser, page = self.desk(base, "county_1")
			try:
				self.act_in_desk(page, "确认", "同意")
				# checked in the request, applied by a job of the long queue: the form says so until the job is done
				page.wait_for_function("() => document.body.innerText.includes('正在后台处理全校学生')", timeout=30000)
				page.screenshot(path=os.path.join(ARTEFACTS, "year-end-queued-county.png"), full_page=True)
				run_worker()
				page.reload()
				page.wait_for_function("() => document.body.innerText.includes('已确认')", timeout=30000)
				page.screenshot(path=os.path.join(ARTEFACTS, "year-end-confirmed-county.png"), full_page=True)
			finally:
				browser.close()
				playwright.stop()
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Year-End Run", self.run_name, "run_state"), "Confirmed")
		graduated = frappe.db.count("Student", {"school": BROWSER_SCHOOL[0], "status_label": "Graduated"})
		self.assertEqual(graduated, 1)
		self.assertEqual(frappe.db.count("Student", {"school": BROWSER_SCHOOL[0], "grade": "12"}), 2)


def remove_school(code: str) -> None:
	"""The browser test's school and all it made: runs (reversed first), students, classes, officers."""
	from xueji_app.services.roll import year_end

	for run in frappe.get_all("Year-End Run", filters={"school": code}, fields=["name", "applied_on"]):
		if run.applied_on:
			year_end.reverse(frappe.get_doc("Year-End Run", run.name))
		frappe.delete_doc("Year-End Run", run.name, force=True, ignore_permissions=True)
	for doctype in ("Student", "School Class"):
		for name in frappe.get_all(doctype, filters={"school": code}, pluck="name"):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for officer in frappe.get_all("Roll Officer", filters={"school": code}, pluck="name"):
		frappe.delete_doc("Roll Officer", officer, force=True, ignore_permissions=True)
	if frappe.db.exists("School", code):
		frappe.delete_doc("School", code, force=True, ignore_permissions=True)


def registered_at(school_code: str, grade: str):
	"""A registered student of ``school_code``, approved by its county (committed by the caller)."""
	from xueji_app.tests.factory import student_data

	frappe.set_user(email("reg_br"))
	doc = frappe.get_doc({**student_data("A1", grade=grade), "school": school_code, "enrollment_date": "2024-09-01"}).insert()
	act("Student", doc.name, "Submit for Approval")
	frappe.set_user(email("county_1"))
	if doc.is_supplementary:
		frappe.db.set_value("Student", doc.name, "duplicate_check_confirmed", 1)
	act("Student", doc.name, "Approve")
	return doc
