"""Reasons were free text (因病, 监护人申请 …); a case now names a reason code its policy lists, and the evidence rows of
a policy name codes too. The shipped categories become their codes; the case keeps the words it was filed with as
its label."""

import frappe

from xueji_app.rules import policy as p

CODES = {"因病": p.ILLNESS, "监护人申请": p.GUARDIAN_APPLICATION}


def execute() -> None:
	frappe.db.sql("update `tabRoll Change` set reason_label = reason where ifnull(reason, '') != '' and ifnull(reason_label, '') = ''")
	for text, code in CODES.items():
		frappe.db.sql("update `tabRoll Change` set reason = %s where reason = %s", (code, text))
		frappe.db.sql("update `tabRoll Policy Evidence` set reason = %s where reason = %s", (code, text))
	# 学校决定 named no ground of its own: a YK withdrawal decided by the school needs the 校务会议 record whatever its ground
	frappe.db.sql("""update `tabRoll Policy Evidence` set reason = null
		where reason = '学校决定' and change_type = 'Withdrawal'""")
	frappe.clear_cache(doctype="Roll Policy")
