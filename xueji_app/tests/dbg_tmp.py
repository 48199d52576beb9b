import frappe, re
from xueji_app.tests import factory
from xueji_app.tests.test_browser import SiteServer
from xueji_app.tests.test_desk_walk import TestDeskAsEachTier
def run():
    t = TestDeskAsEachTier("test_a_new_case_keeps_what_is_typed_and_names_its_school_and_grade")
    with SiteServer(frappe.local.site) as base:
        pw, br, page = t.open(base, "reg_a1")
        page.on("console", lambda m: print("CONSOLE", m.text[:300]))
        page.on("response", lambda r: print("RESP", r.status, r.url[-90:]) if "region" in r.url else None)
        page.goto(f"{base}/app/student/new")
        page.wait_for_timeout(3000)
        print(page.evaluate("() => [cur_frm.fields_dict.birthplace_code.df.fieldtype, cur_frm.fields_dict.birthplace_code.df.parent, JSON.stringify(cur_frm.fields_dict.birthplace_code.df.get_query)]"))
        data = factory.student_data("A1", grade="11"); data.pop("doctype"); data.pop("guardians")
        page.evaluate("async (values) => { await cur_frm.set_value(values); }", data)
        page.wait_for_timeout(1000)
        print("VAL", page.input_value(".frappe-control[data-fieldname='birthplace_code'] input"))
        page.fill(".frappe-control[data-fieldname='birthplace_code'] input", "")
        page.keyboard.type("站前")
        page.wait_for_timeout(3000)
        print(page.inner_html(".frappe-control[data-fieldname='birthplace_code']")[:1500])
        br.close(); pw.stop()
