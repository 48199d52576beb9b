"""Every string a person reads (DocType names, labels, options, descriptions, messages) has a zh translation."""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "xueji_app"
JS_MSG = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")


def translations() -> dict[str, str]:
	with open(APP / "translations" / "zh.csv", encoding="utf-8") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def doctype_strings() -> set[str]:
	out = set()
	for path in APP.glob("*/doctype/*/*.json"):
		meta = json.loads(path.read_text(encoding="utf-8"))
		out.add(meta["name"])
		out.add(meta["module"])
		for df in meta.get("fields", []):
			for key in ("label", "description"):
				if df.get(key):
					out.add(df[key])
			if df.get("fieldtype") == "Select" and df.get("options"):
				out.update(o for o in df["options"].split("\n") if o)
	return out


def report_strings() -> set[str]:
	"""Report and print format names (the desk shows them in menus)."""
	paths = list(APP.glob("*/report/*/*.json")) + list(APP.glob("*/print_format/*/*.json"))
	return {json.loads(p.read_text(encoding="utf-8"))["name"] for p in paths}


def workflow_strings() -> set[str]:
	out = set()
	for path in (APP / "workflow").glob("*.json"):
		definition = json.loads(path.read_text(encoding="utf-8"))
		out.add(definition["name"])
		out.update(state["state"] for state in definition["states"])
		out.update(t["action"] for t in definition["transitions"])
	return out


def python_messages() -> set[str]:
	out = set()
	for path in APP.rglob("*.py"):
		if "tests" in path.parts:
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.Call)
				and getattr(node.func, "id", getattr(node.func, "attr", None)) == "_"
				and node.args
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
			):
				out.add(node.args[0].value)
	return out


def js_messages() -> set[str]:
	out = set()
	for path in list(APP.rglob("*.js")) + list(APP.rglob("*.html")):
		out.update(m.group(2) for m in JS_MSG.finditer(path.read_text(encoding="utf-8")))
	return out


def workspace_strings() -> set[str]:
	"""Workspace names, shortcut and card labels, number card labels."""
	out = set()
	for path in APP.glob("*/workspace/*/*.json"):
		ws = json.loads(path.read_text(encoding="utf-8"))
		out.add(ws["label"])
		out.update(s["label"] for s in ws["shortcuts"])
		out.update(link["label"] for link in ws["links"])
		out.update(re.findall(r"<b>(.*?)</b>", ws["content"]))
	out.update(json.loads(p.read_text(encoding="utf-8"))["label"] for p in APP.glob("*/number_card/*/*.json"))
	return out


def page_and_filter_strings() -> set[str]:
	"""Texts a page's script shows (SCRIPT_TEXTS) and the option lists of report filters."""
	out = set()
	for path in (APP / "www").glob("*.py"):
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SCRIPT_TEXTS":
				out.update(e.value for e in node.value.elts)
	for path in APP.glob("*/report/*/*.js"):
		for options in re.findall(r"options: \[([^\]]*)\]", path.read_text(encoding="utf-8")):
			out.update(v for v in re.findall(r'"([^"]*)"', options) if v)
	return out


def test_every_string_has_a_chinese_translation():
	zh = translations()
	needed = doctype_strings() | report_strings() | workflow_strings() | python_messages() | js_messages()
	needed |= workspace_strings() | page_and_filter_strings()
	missing = sorted(s for s in needed if not zh.get(s))
	assert not missing, "missing zh translations:\n" + "\n".join(missing)


def test_translations_keep_placeholders():
	for source, target in translations().items():
		assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", target)), source
