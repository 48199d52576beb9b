"""Students without an ID document get the key the unique index holds them by: one record per 姓名 + 性别 +
出生日期. Where earlier records already share a person key (a duplicate 问题学籍 to resolve), the oldest takes
it and the others stay listed as problem records."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabStudent` s join (
			select min(name) as name from `tabStudent` where identity_key is null and person_key is not null
			group by person_key) first on first.name = s.name
		set s.unidentified_key = s.person_key
		where s.unidentified_key is null"""
	)
