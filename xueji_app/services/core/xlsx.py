"""A streaming reader of an .xlsx sheet's cells, for the student import.

openpyxl's read-only reader builds a cell object per cell through ElementTree: for a 10,000-row sheet of 76
columns that is most of the import's time. This reads the same parts with lxml's ``iterparse`` (entities not
resolved, no network) and gives what the import used from openpyxl: per row the (value, data_type) of each
cell, with openpyxl's types — ``s`` text, ``n`` number (int or float), ``b`` boolean, ``d`` a date-formatted
number as a datetime, ``f`` a formula (its text with "="), ``e`` an error. The workbook was already checked
(sizes, the declared range, merged cells) before this opens it.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
Cell = tuple[object, str | None]


def parse(source, tag: str):
	return etree.iterparse(source, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False)


class Sheet:
	"""The workbook's sheet names and its first sheet's rows."""

	def __init__(self, archive: zipfile.ZipFile):
		self.archive = archive
		names = set(archive.namelist())
		workbook = etree.fromstring(archive.read("xl/workbook.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
		self.sheetnames = [s.get("name") for s in workbook.iter(f"{MAIN}sheet")]
		first = next(workbook.iter(f"{MAIN}sheet"), None)
		properties = workbook.find(f"{MAIN}workbookPr")
		self.epoch = CALENDAR_MAC_1904 if properties is not None and properties.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
		targets = {}
		if "xl/_rels/workbook.xml.rels" in names:
			for rel in etree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{PACKAGE_REL}Relationship"):
				target = rel.get("Target", "")
				targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
		self.path = targets.get(first.get(f"{REL}id")) if first is not None else None
		self.strings = self.shared_strings() if "xl/sharedStrings.xml" in names else []
		self.dates = self.date_styles() if "xl/styles.xml" in names else set()

	def shared_strings(self) -> list[str]:
		strings = []
		with self.archive.open("xl/sharedStrings.xml") as part:
			for _event, si in parse(part, f"{MAIN}si"):
				# the text runs of the item, without its phonetic guide (rPh), as openpyxl reads it
				strings.append("".join(t.text or "" for t in si.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh"))
				si.clear()
		return strings

	def date_styles(self) -> set[int]:
		"""The cell styles (index into cellXfs) whose number format is a date."""
		styles = etree.fromstring(self.archive.read("xl/styles.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
		custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
		xfs = styles.find(f"{MAIN}cellXfs")
		dates = set()
		for index, xf in enumerate(xfs if xfs is not None else []):
			number = int(xf.get("numFmtId", 0))
			code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
			if is_date_format(code):
				dates.add(index)
		return dates

	def rows(self) -> Iterator[tuple[int, list[Cell]]]:
		"""(row number, cells) for every row the sheet stores, a cell's column placed by its reference."""
		if not self.path:
			return
		with self.archive.open(self.path) as part:
			for _event, row in parse(part, f"{MAIN}row"):
				cells: list[Cell] = []
				for c in row.iter(f"{MAIN}c"):
					ref = c.get("r")
					if ref:
						column = column_index_from_string(ref.rstrip("0123456789"))
						cells.extend([(None, None)] * (column - 1 - len(cells)))
					cells.append(self.cell(c))
				number = int(row.get("r") or 0) or None  # a writer may leave rows unnumbered: the next one, then
				yield number, cells
				row.clear()
				while row.getprevious() is not None:
					del row.getparent()[0]

	def cell(self, c) -> Cell:
		kind = c.get("t", "n")
		formula = c.find(f"{MAIN}f")
		if formula is not None:
			return "=" + (formula.text or ""), "f"
		if kind == "inlineStr":
			node = c.find(f"{MAIN}is")
			return ("".join(t.text or "" for t in node.iter(f"{MAIN}t")) if node is not None else None), "s"
		v = c.find(f"{MAIN}v")
		raw = v.text if v is not None else None
		if raw is None:
			return None, None
		if kind == "s":
			return self.strings[int(raw)], "s"
		if kind in ("str", "d"):
			return raw, "s"
		if kind == "b":
			return raw in ("1", "true"), "b"
		if kind == "e":
			return raw, "e"
		number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
		if int(c.get("s", 0)) in self.dates:
			return from_excel(number, self.epoch), "d"
		return number, "n"
