"""Register rows set as lines of text: each cell is wrapped within its column, and the gap to the next column is
filled with spaces of known widths, so that every column starts exactly at its rule.

Why: WeasyPrint 59 spends close to a millisecond on every table cell (style, boxes, one Pango layout each). A
3,000-student roster has 30,000 cells, which makes about 30 s. Set as one text line per row, the same roster lays out
in a few seconds and looks the same: the header is a real table row, and the column rules are drawn under the rows.
Widths are exact because the print font has no kerning and carries spaces as narrow as 1/50 em
(scripts/build_fonts.py). All lengths here are in em of the body font.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

# Unicode spaces that may pad a gap; which of them the font has, and how wide they are, comes from its metrics.
SPACE_CODEPOINTS = (0x20, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x3000)
CONTROL = {cp: " " for cp in (*range(0x00, 0x20), 0x7F) if cp != 0x0A}
CLOSING = "，。、；：？！）》」』】〕”’,.;:?!)]%"
OPENING = "（《「『【〔“‘([<"
TOKEN = re.compile(rf"[{re.escape(OPENING)}]*(?:[A-Za-z0-9][A-Za-z0-9.\-/:_]*|[^ ])[{re.escape(CLOSING)}]*| ", re.S)


def default_advance(cp: int) -> float:
	"""A character neither font lists: full width for CJK and symbols, 0.6 em otherwise."""
	return 1.0 if cp >= 0x2E80 else 0.6


@dataclass(frozen=True)
class Metrics:
	"""Advance widths in em: the print font's, then a fallback (the full CJK font) for characters it lacks."""

	advance: Mapping[int, float]
	fallback: Callable[[int], float] = default_advance
	cache: dict[int, float] = field(default_factory=dict, compare=False, repr=False)

	def char(self, cp: int) -> float:
		width = self.advance.get(cp)
		if width is None:
			width = self.cache.get(cp)
			if width is None:
				width = self.cache[cp] = self.fallback(cp)
		return width

	def width(self, text: str) -> float:
		return sum(self.char(ord(c)) for c in text)

	@cached_property
	def spaces(self) -> list[tuple[str, float]]:
		"""The font's own spaces, widest first."""
		found = {chr(cp): self.advance[cp] for cp in SPACE_CODEPOINTS if self.advance.get(cp, 0) > 0}
		return sorted(found.items(), key=lambda item: -item[1])


def clean(value: object) -> str:
	"""A cell's value as text: None is empty, control characters and tabs become spaces, no carriage returns."""
	if value is None:
		return ""
	return str(value).replace("\r\n", "\n").replace("\r", "\n").translate(CONTROL)


def tokens(paragraph: str) -> list[str]:
	"""Units that stay on one line if they can: a space, or a run of Latin letters and digits (with . - / : _ inside) or
	any other single character, together with the opening punctuation that must not end a line before it and the
	closing punctuation that must not begin a line after it."""
	return TOKEN.findall(paragraph)


def wrap(text: str, width: float, metrics: Metrics) -> list[str]:
	"""``text`` broken into lines no wider than ``width`` at its own line breaks, between words and CJK characters,
	and inside a word only when the word alone is wider than the column. Always at least one line."""
	lines: list[str] = []
	for paragraph in text.split("\n"):
		line, used = "", 0.0
		for token in tokens(paragraph):
			advance = metrics.width(token)
			if line and used + advance > width:
				lines.append(line.rstrip(" "))
				line, used = "", 0.0
				if token == " ":
					continue
			if advance > width:  # longer than the column: break inside it
				for ch in token:
					char = metrics.char(ord(ch))
					if line and used + char > width:
						lines.append(line)
						line, used = "", 0.0
					line += ch
					used += char
				continue
			line += token
			used += advance
		lines.append(line)
	return lines


def pad(gap: float, metrics: Metrics) -> str:
	"""Spaces as close to ``gap`` em wide as the font's spaces allow (within half the narrowest one)."""
	spaces = metrics.spaces
	if gap <= 0 or not spaces:
		return ""
	tolerance = spaces[-1][1] / 2
	out: list[str] = []
	for ch, width in spaces:
		count = int((gap + tolerance) // width)
		if count:
			out.append(ch * count)
			gap -= count * width
	return "".join(out)


def row_lines(cells: Sequence[object], starts: Sequence[float], widths: Sequence[float], metrics: Metrics) -> list[str]:
	"""One row as lines of text. ``starts[i]`` is where column i's text begins, from the start of the line, and
	``widths[i]`` how wide it may run; a cell wider than that wraps, and the row grows by as many lines."""
	wrapped = [wrap(clean(value), width, metrics) for value, width in zip(cells, widths, strict=True)]
	lines = []
	for index in range(max(len(cell) for cell in wrapped)):
		parts: list[str] = []
		position = 0.0
		for cell, start in zip(wrapped, starts, strict=True):
			text = cell[index] if index < len(cell) else ""
			if not text:
				continue
			spaces = pad(start - position, metrics)
			parts += [spaces, text]
			position += metrics.width(spaces) + metrics.width(text)  # the true position: padding errors do not add up
		lines.append("".join(parts))
	return lines
