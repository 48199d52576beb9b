"""出生地 and 户口所在地 by name (GB/T 2260): the picker's search and the names of stored codes, from the national
table (``rules.region_names``) with the site's own Administrative Regions over it. Region names are public."""

from __future__ import annotations

import json

import frappe

from xueji_app.rules import region_names
from xueji_app.services.core.api import whitelist


def site_names() -> dict[str, str]:
	"""The site's own regions, code → name (cached until a region changes)."""
	return frappe.cache().get_value("xueji:region_names", lambda: dict(
		frappe.get_all("Administrative Region", fields=["name", "region_name"], as_list=True)))


def clear_site_names(doc=None, method=None) -> None:
	frappe.cache().delete_value("xueji:region_names")


def names() -> dict[str, str]:
	return region_names.merged(site_names())


@whitelist()
def search_regions(txt: str = "") -> list[dict]:
	"""The picker's choices for what was typed: a name (站前, 营口) or the start of a code (2108)."""
	return [{"value": code, "label": full}
			for code, full in region_names.search(txt[:20], names())]


@whitelist()
def region_labels(codes=None) -> dict[str, str]:
	"""The full name of each of ``codes`` (a list, or a JSON list), for the form to show names, not codes."""
	if isinstance(codes, str):
		try:
			codes = json.loads(codes)
		except ValueError:  # not JSON: nothing to name (never a 500)
			return {}
	if not isinstance(codes, list):
		return {}
	return region_names.labels([str(c) for c in codes[:50]], names())


def region_label(code: str | None) -> str:
	"""For the printed forms: 辽宁省营口市站前区, or the code itself where no name is known."""
	if not code:
		return ""
	return region_names.labels([code], names()).get(code, code)
