"""The desk as each tier meets it (#16), in headless Chromium against the real site:

- a walk of each tier's main pages, at desktop width and at a phone's 375 px, that fails on visible
  Latin-script words outside an allowlist (codes, record prefixes, names): the desk reads as native Chinese;
- each tier lands on its own workspace, whose number cards show numbers;
- a registrar files a suspension for illness from the desk, the hospital certificate uploaded in the evidence
  dialog before the case was ever saved.

Screenshots of every page are kept in ``$XUEJI_ARTEFACTS``. Commits what it makes (the browser sees committed data).
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.error
import urllib.request

import frappe

from xueji_app.tests import factory
from xueji_app.tests.factory import PASSWORD, email
from xueji_app.tests.test_browser import ARTEFACTS, SiteServer
from xueji_app.tests.test_roll_change import registered
from xueji_app.tests.utils import XuejiTestCase

#: each tier's login and the workspace it lands on
TIERS = {
	"reg_a1": "学校学籍管理", "head_a1": "学校学籍管理", "county_1": "县级教育局", "city_1": "市级教育局", "province": "省级教育厅",
}
PAGES = ("/app", "/app/student", "/app/student/{student}", "/app/print/Student/{student}", "/app/roll-change",
		 "/app/roll-change/new", "/app/student-transfer",
		 "/app/student-info-change", "/app/prepared-file", "/app/query-report/Approval Monitoring")
#: what a tier opens on a phone: every page of the desk walk, and the approval page
PHONE_PAGES = (*PAGES, "/approvals")
BUREAU_PAGES = ("/app/query-report/Enrollment Statistics", "/app/query-report/Problem Records", "/app/export-log")
#: Latin words a Chinese page may show: file formats and the prefixes of record numbers
ALLOWED = {"PDF", "XLSX", "CSV", "Excel", "XS", "XJYD", "XJZX", "XJBG", "YE", "ID", "CHN", "Ctrl", "G"}
#: a token is a Latin word when it has letters only (codes, numbers, e-mail addresses and the test users' keys are not)
TOKEN = re.compile(r"[A-Za-z0-9_@.\-]+")
#: the random suffixes of the test records' names (测试学生aaca)
HASH = re.compile(r"[0-9a-f]{4,10}")
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest("script,style,noscript,[aria-hidden=true],.sr-only,.visually-hidden,.hidden,template")) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    if (![...range.getClientRects()].some((r) => r.width > 2 && r.height > 2)) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "hidden" && style.opacity !== "0") out.push(text);
  }
  return out.join("\\n");
}"""


#: what a screen reader says and a pointer shows: accessible names, titles, placeholders, hidden status lines
ACCESSIBLE_TEXT = """() => {
  const out = [];
  for (const el of document.querySelectorAll("[aria-label],[title],[placeholder],img[alt]")) {
    if (el.closest("[aria-hidden=true],template,script,style")) continue;
    for (const a of ["aria-label", "title", "placeholder", "alt"]) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  for (const el of document.querySelectorAll(".sr-only,.visually-hidden,[role=status]")) out.push(el.textContent.trim());
  return out.join("\\n");
}"""
#: what a form shows in its inputs (a Link's input holds the title it shows)
INPUT_VALUES = """() => [...document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]),textarea')]
  .filter((el) => el.offsetParent !== null).map((el) => el.value).join("\\n")"""


def latin_words(text: str) -> set[str]:
	words = set()
	for token in TOKEN.findall(text):
		if (token.isalpha() and token.isascii() and len(token) > 1 and token not in ALLOWED and not HASH.fullmatch(token)
				and token not in TIERS):  # the test officers' names are their keys (the phone page greets "province")
			words.add(token)
	return words


class TestDeskAsEachTier(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.security.access import sync_user_access
		from xueji_app.tests.test_background_jobs import committed_year

		# the workspaces' roles and list settings are what the site was installed with (test.sh makes it with
		# new-site): nothing here brings them about, so the walk sees what a new site shows each tier
		committed_year()
		for key in TIERS:  # the landing workspace is set when the officer's access is synced
			sync_user_access(email(key))
		frappe.local.lang = "zh"  # as every officer works: the history line is written in their language
		cls.student = registered(student_name="桌面测试").name
		frappe.set_user("Administrator")
		frappe.db.commit()
		os.makedirs(ARTEFACTS, exist_ok=True)

	def open(self, base: str, user: str, width: int = 1366):
		from playwright.sync_api import sync_playwright

		playwright = sync_playwright().start()
		browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
		page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
		response = page.request.post(f"{base}/api/method/login", data={"usr": email(user), "pwd": PASSWORD})
		self.assertEqual(response.status, 200)
		return playwright, browser, page

	def visit(self, page, base: str, path: str) -> str:
		"""The page's visible text, its inputs' values and its accessible names."""
		page.goto(base + path)
		if "/print/" in path:  # the preview keeps a request open; its frame is what the page is waiting for
			page.wait_for_selector(".print-preview-wrapper iframe.print-format-container", state="attached", timeout=30000)
			page.wait_for_timeout(2500)
		else:
			page.wait_for_load_state("networkidle")
			page.wait_for_timeout(800)
		return "\n".join(page.evaluate(script) for script in (VISIBLE_TEXT, INPUT_VALUES, ACCESSIBLE_TEXT))

	def walk(self, page, base: str, user: str, paths, kind: str, english: dict, seen: dict | None = None) -> None:
		"""Open each of ``paths`` (a screenshot each, kept as ``<kind>-<user>-<page>.png``) and note the Latin words
		it shows; ``seen`` holds a page's text already read."""
		for path in paths:
			path = path.format(student=self.student)
			text = (seen or {}).get(path) or self.visit(page, base, path)
			slug = re.sub(r"\W+", "-", path.strip("/")) or "app"
			page.screenshot(path=os.path.join(ARTEFACTS, f"{kind}-{user}-{slug}.png"), full_page=True)
			for word in latin_words(text):
				english.setdefault(word, set()).add(f"{user} {path}")

	def test_every_tier_lands_on_its_workspace_and_reads_chinese(self):
		english: dict[str, set[str]] = {}
		with SiteServer(frappe.local.site) as base:
			for user, workspace in TIERS.items():
				playwright, browser, page = self.open(base, user)
				try:
					text = self.visit(page, base, "/app")
					self.assertIn(workspace, page.inner_text(".page-title"), user)
					page.wait_for_selector(".number-widget-box .widget-content .number", timeout=15000)
					numbers = page.locator(".number-widget-box .widget-content .number").all_inner_texts()
					self.assertTrue(numbers and all(re.fullmatch(r"[\d,]+", n.strip()) for n in numbers), (user, numbers))
					sidebar = page.inner_text(".desk-sidebar")
					for frappe_workspace in ("Build", "集成", "网站", "工具", "用户"):
						self.assertNotIn(frappe_workspace, sidebar, user)
					pages = PAGES + (BUREAU_PAGES if user in ("county_1", "city_1", "province") else ())
					self.walk(page, base, user, pages, "desk", english, seen={"/app": text})
				finally:
					browser.close()
					playwright.stop()
		self.assertFalse(english, "\n".join(f"{word}: {sorted(pages)[:2]}" for word, pages in sorted(english.items())))

	def test_names_not_codes_where_a_field_has_a_label(self):
		"""The student's form and its printed card, as the school and its county see them: the school, the county
		and the birthplace by name; no standalone code of theirs anywhere, nor the record's key as a title (a new
		case's school and grade: test_a_new_case_keeps_what_is_typed_and_names_its_school_and_grade)."""
		student = frappe.db.get_value("Student", self.student, ["school", "region", "birthplace_code"], as_dict=True)
		codes = {student.school, student.region, student.birthplace_code, self.student}
		shown: dict[str, set[str]] = {}
		with SiteServer(frappe.local.site) as base:
			for user in ("reg_a1", "county_1"):
				playwright, browser, page = self.open(base, user)
				try:
					for path in (f"/app/student/{self.student}", f"/app/print/Student/{self.student}"):
						text = self.visit(page, base, path)
						if "/print/" in path:
							frame = page.frame_locator("iframe.print-format-container").first
							text += "\n" + frame.locator("body").inner_text() + "\n" + page.inner_text(".page-title")
							self.assertIn("学生基本信息表", text)
						# the printed card names its school and gives the 学校标识码 under its own label
						for code in (codes - {student.school} if "/print/" in path else codes):
							if code and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
								shown.setdefault(code, set()).add(f"{user} {path}")
				finally:
					browser.close()
					playwright.stop()
		self.assertEqual(shown, {}, "codes or keys shown where a name belongs")

	def test_every_tier_reads_chinese_on_a_phone(self):
		english: dict[str, set[str]] = {}
		with SiteServer(frappe.local.site) as base:
			for user in TIERS:
				playwright, browser, page = self.open(base, user, width=375)
				try:
					pages = PHONE_PAGES + (BUREAU_PAGES if user in ("county_1", "city_1", "province") else ())
					self.walk(page, base, user, pages, "phone", english)
				finally:
					browser.close()
					playwright.stop()
		self.assertFalse(english, "\n".join(f"{word}: {sorted(pages)[:2]}" for word, pages in sorted(english.items())))

	def test_statistics_open_with_numbers_for_city_and_province(self):
		with SiteServer(frappe.local.site) as base:
			for user in ("city_1", "province"):
				playwright, browser, page = self.open(base, user)
				try:
					page.goto(f"{base}/app/query-report/Enrollment Statistics")
					page.wait_for_selector(".dt-scrollable .dt-row", timeout=30000)
					cells = page.locator(".dt-scrollable .dt-row .dt-cell__content").all_inner_texts()
					self.assertTrue(any(re.fullmatch(r"\d+", c.strip()) and int(c) > 0 for c in cells), (user, cells[:20]))
					self.assertNotIn("生成新报告", page.inner_text("body"))  # never fell into prepared mode
					page.screenshot(path=os.path.join(ARTEFACTS, f"statistics-{user}.png"), full_page=True)
				finally:
					browser.close()
					playwright.stop()

	def test_a_new_case_keeps_what_is_typed_and_names_its_school_and_grade(self):
		"""The reasons and documents arrive from the server after the student is chosen; the clerk is already typing
		the reason. Nothing typed is lost, and the fields filled from the student show names, not keys."""
		typed = "患肺炎需住院治疗三个月"
		with SiteServer(frappe.local.site) as base:
			playwright, browser, page = self.open(base, "reg_a1")
			try:
				page.goto(f"{base}/app/roll-change/new")
				page.wait_for_selector(".frappe-control[data-fieldname='reason_detail'] textarea")
				page.evaluate("""(student) => { cur_frm.set_value('student', student); cur_frm.set_value('change_type', 'Suspension'); }""",
							  self.student)
				page.click(".frappe-control[data-fieldname='reason_detail'] textarea")
				page.keyboard.type(typed, delay=60)  # the answers about reasons and documents arrive meanwhile
				page.wait_for_function("() => (cur_frm.fields_dict.reason.df.options || []).length > 1")  # reasons arrived
				page.wait_for_timeout(1500)
				self.assertEqual(page.evaluate("() => cur_frm.doc.reason_detail"), typed)
				self.assertEqual(page.input_value(".frappe-control[data-fieldname='reason_detail'] textarea"), typed)
				school, grade = frappe.db.get_value("Student", self.student, ["school", "grade"])
				school_name = frappe.db.get_value("School", school, "school_name")
				grade_name = frappe.db.get_value("Grade", grade, "grade_name")
				page.wait_for_selector(f".frappe-control[data-fieldname='school'] .control-value:has-text('{school_name}')", timeout=10000)
				shown = {f: page.inner_text(f".frappe-control[data-fieldname='{f}'] .control-value") for f in ("school", "grade")}
				self.assertEqual(shown, {"school": school_name, "grade": grade_name})
				page.screenshot(path=os.path.join(ARTEFACTS, "desk-new-case-typed.png"), full_page=True)
			finally:
				browser.close()
				playwright.stop()

	def test_a_registrar_enters_a_new_student_with_a_guardian_row_of_her_own(self):
		"""The new form opens with one empty 家庭成员 row; the clerk adds her own below it and saves. The pickers
		offer no 「创建一个新的…」, no key under a name, and state their filters by name."""
		data = factory.student_data("A1", grade="11", student_name="新生录入" + frappe.generate_hash(length=4))
		data.pop("doctype")
		guardian = data.pop("guardians")[0]
		with SiteServer(frappe.local.site) as base:
			playwright, browser, page = self.open(base, "reg_a1")
			try:
				page.goto(f"{base}/app/student/new")
				page.wait_for_selector(".frappe-control[data-fieldname='guardians'] .grid-row[data-idx='1']")
				page.evaluate("async (values) => { await cur_frm.set_value(values); }", data)
				# the gender picker: 男 and 女, no code under either, nothing to create
				page.fill(".frappe-control[data-fieldname='gender'] input", "")
				page.keyboard.type("男")
				page.wait_for_selector(".frappe-control[data-fieldname='gender'] .awesomplete [role=option]")
				page.wait_for_timeout(500)
				options = page.locator(".frappe-control[data-fieldname='gender'] .awesomplete [role=option]").all_inner_texts()
				self.assertIn("男", [o.strip() for o in options], options)
				self.assertFalse([o for o in options if "创建" in o or re.search(r"\b\d\b", o)], options)
				# the class picker names its filters by the school's and the grade's names
				page.click(".frappe-control[data-fieldname='school_class'] input")
				page.wait_for_selector(".frappe-control[data-fieldname='school_class'] .awesomplete [role=option]")
				page.wait_for_timeout(500)
				picker = " ".join(page.locator(".frappe-control[data-fieldname='school_class'] .awesomplete [role=option]").all_inner_texts())
				self.assertNotIn("创建", picker)
				self.assertNotIn(factory.school("A1"), picker)
				self.assertIn(frappe.db.get_value("School", factory.school("A1"), "school_name"), picker)
				page.keyboard.press("Escape")
				# 出生地 picked by name: 站前 offers 辽宁省营口市站前区, which is stored as 210802 and shown by name
				page.fill(".frappe-control[data-fieldname='birthplace_code'] input", "")
				page.keyboard.type("站前")
				page.wait_for_selector(".frappe-control[data-fieldname='birthplace_code'] .awesomplete li:has-text('辽宁省营口市站前区')")
				page.click(".frappe-control[data-fieldname='birthplace_code'] .awesomplete li:has-text('辽宁省营口市站前区')")
				page.click(".frappe-control[data-fieldname='native_place'] input")
				page.wait_for_function("() => cur_frm.doc.birthplace_code === '210802'")
				# 添加行 below the empty row, filled in the grid
				page.click(".frappe-control[data-fieldname='guardians'] .grid-add-row")
				page.wait_for_selector(".frappe-control[data-fieldname='guardians'] .grid-row[data-idx='2']")
				page.evaluate("""(g) => { const row = cur_frm.doc.guardians[1];
					return Promise.all(Object.entries(g).map(([k, v]) => frappe.model.set_value(row.doctype, row.name, k, v))); }""", guardian)
				page.keyboard.press("Control+s")
				page.wait_for_url(re.compile(r".*/app/student/XS-.*"), timeout=20000)
				page.wait_for_selector(".frappe-control[data-fieldname='birthplace_code']:has-text('辽宁省营口市站前区'), "
									   ".frappe-control[data-fieldname='birthplace_code'] input")
				page.wait_for_timeout(1000)
				shown = page.evaluate("""() => { const c = cur_frm.fields_dict.birthplace_code;
					return [c.$input && c.$input.val(), c.disp_area && c.disp_area.innerText].filter(Boolean).join(' '); }""")
				self.assertIn("辽宁省营口市站前区", shown)
				self.assertNotIn("210802", shown)
				household = page.input_value(".frappe-control[data-fieldname='household_region_code'] input")
				self.assertEqual(household, "测试省甲市甲市一区")
				page.screenshot(path=os.path.join(ARTEFACTS, "desk-new-student.png"), full_page=True)
				name = page.url.rsplit("/", 1)[1]
			finally:
				browser.close()
				playwright.stop()
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Student", name, "birthplace_code"), "210802")
		rows = frappe.get_all("Student Guardian", filters={"parent": name}, fields=["guardian_name", "idx"])
		self.assertEqual([(r.guardian_name, r.idx) for r in rows], [(guardian["guardian_name"], 1)])
		frappe.delete_doc("Student", name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_registrar_files_an_illness_suspension_with_its_evidence_from_the_desk(self):
		image = os.path.join(ARTEFACTS, "hospital-certificate.jpg")
		with open(image, "wb") as f:
			f.write(factory.image_bytes())
		with SiteServer(frappe.local.site) as base:
			playwright, browser, page = self.open(base, "reg_a1")
			try:
				page.goto(f"{base}/app/roll-change/new")
				page.wait_for_selector(".frappe-control[data-fieldname='student'] input")
				page.evaluate("""async (student) => {
					await cur_frm.set_value('student', student);
					await new Promise((r) => setTimeout(r, 800));
					await cur_frm.set_value('change_type', 'Suspension');
					await cur_frm.set_value('reason', 'Illness');
					await cur_frm.set_value('reason_detail', '住院治疗');
				}""", self.student)
				page.wait_for_selector(".xueji-required-documents:has-text('县级及以上医院证明')")
				self.assertIn("尚缺", page.inner_text(".xueji-required-documents"))
				page.click("button:has-text('上传证明材料')")
				page.wait_for_selector(".modal.show button.btn-attach")
				page.locator(".modal.show button.btn-attach").click()
				page.locator("input[type=file]").last.set_input_files(image)
				# neither 私有/压缩图片 nor 「全部设为公开」 is offered to a clerk; the switch flipped anyway changes nothing
				page.wait_for_selector(".modal.show .file-preview")
				self.assertFalse(page.locator(".modal.show .file-preview .config-area").first.is_visible())
				self.assertFalse(any(b.is_visible() for b in page.locator(".modal.show .btn-modal-secondary").all()))
				flipped = page.evaluate("""() => [...document.querySelectorAll('.modal.show .file-preview .config-area input[type=checkbox]')]
					.filter((box) => box.checked).map((box) => (box.click(), box.checked))""")
				self.assertEqual(flipped, [False], "the uploader's private switch, flipped to public")
				page.locator(".modal.show .btn-modal-primary:has-text('上传'), .modal.show .btn-primary:has-text('上传')").last.click()
				page.wait_for_selector(".modal.show .attached-file-link")
				page.locator(".modal.show .btn-primary:has-text('加入本申请')").click()
				page.wait_for_selector(".xueji-required-documents:has-text('已齐全')")
				page.keyboard.press("Control+s")
				page.wait_for_url(re.compile(r".*/app/roll-change/XJYD.*"), timeout=20000)
				name = page.url.rsplit("/", 1)[1]
				page.screenshot(path=os.path.join(ARTEFACTS, "desk-illness-suspension-with-evidence.png"), full_page=True)
				status = page.evaluate("""async (name) => (await fetch('/api/method/xueji_app.services.cases.workflow.act', {method: 'POST',
					headers: {'Content-Type': 'application/json', 'X-Frappe-CSRF-Token': frappe.csrf_token},
					body: JSON.stringify({doctype: 'Roll Change', name, action: 'Submit for Approval'})})).status""", name)
				self.assertEqual(status, 200)
			finally:
				browser.close()
				playwright.stop()
		frappe.db.rollback()
		case = frappe.get_doc("Roll Change", name)
		self.assertEqual(case.change_state, "Pending School Head Review")
		self.assertEqual([e.evidence_type for e in case.evidence], ["县级及以上医院证明"])
		attached = frappe.get_all("File", filters={"file_url": case.evidence[0].file}, fields=["attached_to_doctype", "attached_to_name", "is_private"])
		self.assertIn(("Roll Change", name, 1), [(f.attached_to_doctype, f.attached_to_name, f.is_private) for f in attached])
		# a visitor cannot fetch the certificate, by its URL nor by the public spelling of it
		with SiteServer(frappe.local.site) as base:
			for url in (case.evidence[0].file, case.evidence[0].file.replace("/private/files/", "/files/")):
				try:
					with urllib.request.urlopen(f"{base}{url}", timeout=30) as answer:
						self.fail(f"a visitor read {url}: {answer.status}")
				except urllib.error.HTTPError as refused:
					self.assertIn(refused.code, (403, 404), url)
