"""Register rows as padded text lines (rules.text_layout): wrapping, padding and column starts."""

from __future__ import annotations

import random

import pytest

from xueji_app.rules.text_layout import Metrics, clean, pad, row_lines, tokens, wrap

# Widths of the print font (scripts/build_fonts.py), in em: its spaces, digits and a few Latin letters.
SPACES = {0x20: 0.256, 0x2002: 0.5, 0x2003: 1.0, 0x2004: 0.333, 0x2005: 0.25, 0x2006: 0.167, 0x2007: 0.05, 0x2008: 0.02,
		  0x2009: 0.2, 0x200A: 0.1, 0x3000: 1.0}
ADVANCE = {**SPACES, **{ord(d): 0.557 for d in "0123456789"}, ord("G"): 0.741, ord("X"): 0.68, ord("a"): 0.557, ord("i"): 0.332}
PAD_CHARS = {chr(cp) for cp in SPACES}


def metrics(fallback=None) -> Metrics:
	advance = dict(ADVANCE)
	for cp in range(0x4E00, 0x9FA6):  # the hanzi the print font has (a stand-in for GB2312)
		advance[cp] = 1.0
	return Metrics(advance, fallback) if fallback else Metrics(advance)


def starts_of(line: str, m: Metrics) -> list[float]:
	"""Where each run of non-padding characters begins, in em from the start of the line."""
	found, position, inside = [], 0.0, False
	for ch in line:
		if ch not in PAD_CHARS and not inside:
			found.append(position)
		inside = ch not in PAD_CHARS
		position += m.char(ord(ch))
	return found


def test_clean_values():
	assert clean(None) == ""
	assert clean(12) == "12"
	assert clean("一\t二\r\n三\r四\x07") == "一 二\n三\n四 "


def test_tokens_keep_words_and_closing_punctuation():
	assert tokens("路12号（东）。G2108 a.b") == ["路", "12", "号", "（东）。", "G2108", " ", "a.b"]
	assert tokens("“A1”") == ["“A1”"]


def test_wrap_never_exceeds_the_width_and_loses_nothing():
	m = metrics()
	chooser = random.Random(7)
	alphabet = list("新疆维吾尔自治区幸福路号楼单元室，。（）") + list("0123456789Gaxi ") + ["𠮷", "䶮", "\n"]
	for _ in range(400):
		text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 60)))
		width = chooser.uniform(1.2, 12)
		lines = wrap(text, width, m)
		assert lines, text
		for line in lines:
			assert m.width(line) <= width + 1e-9, (text, width, line)
		assert "".join("".join(lines).split()) == "".join(text.split())


def test_wrap_breaks_between_words_not_inside_them():
	m = metrics()
	assert wrap("营口市某某区教育局 2026年10月25日", 5.6, m) == ["营口市某某", "区教育局", "2026年10月", "25日"]
	# a bracket does not end a line when it opens, nor begin one when it closes
	assert wrap("幸福路（东）", 5, m) == ["幸福路", "（东）"]
	assert wrap("幸福路号（东）。", 5, m) == ["幸福路号", "（东）。"]
	# a word wider than the column is broken inside
	assert wrap("G21081120200426567X", 5, m) == ["G2108112", "02004265", "67X"]


def test_wrap_keeps_the_line_breaks_of_the_text():
	assert wrap("第一行\n\n第三行", 10, metrics()) == ["第一行", "", "第三行"]


def test_rare_characters_take_their_width_from_the_fallback_font():
	asked = []

	def fallback(cp):
		asked.append(cp)
		return 1.0

	m = metrics(fallback)
	assert wrap("吉𠮷䶮吉", 2, m) == ["吉𠮷", "䶮吉"]
	assert asked == [ord("𠮷"), ord("䶮")]  # once each: the answer is kept
	assert Metrics({}).char(ord("𠮷")) == 1.0 and Metrics({}).char(ord("é")) == 0.6


@pytest.mark.parametrize("gap", [0.0, 0.01, 0.05, 0.123, 0.5, 0.777, 1.0, 2.345, 9.99])
def test_pad_comes_within_a_hundredth_of_an_em(gap):
	m = metrics()
	assert abs(m.width(pad(gap, m)) - gap) <= 0.01
	assert set(pad(gap, m)) <= PAD_CHARS


def test_pad_without_fine_spaces_still_gets_close():
	coarse = Metrics({0x20: 0.256, 0x3000: 1.0})
	assert abs(coarse.width(pad(3.3, coarse)) - 3.3) <= 0.128
	assert pad(-1, coarse) == "" and pad(2, Metrics({})) == ""


def test_row_columns_start_at_their_rules():
	m = metrics()
	starts = [0.0, 3.1, 15.27, 21.9, 25.0]
	widths = [2.4, 11.4, 6.0, 2.4, 12.0]
	row = [3000, "G21081120200426567X", "吉𠮷䶮", "男", "辽宁省营口市某某县某某镇幸福路某小区12号楼3单元502室"]
	lines = row_lines(row, starts, widths, m)
	assert len(lines) == 3  # the address runs to three lines
	assert starts_of(lines[0], m) == pytest.approx(starts, abs=0.01)
	assert starts_of(lines[1], m) == pytest.approx([starts[4]], abs=0.01)  # only the address goes on
	assert sum(line.count("3000") for line in lines) == 1  # the 序号 once, on the first line


def test_row_with_empty_cells_and_continuations_in_two_columns():
	m = metrics()
	starts, widths = [0.0, 4.0, 8.0], [3.5, 3.5, 3.5]
	lines = row_lines(["一二三四五", None, "甲乙丙丁戊己庚辛"], starts, widths, m)
	assert len(lines) == 3
	assert starts_of(lines[0], m) == pytest.approx([0.0, 8.0], abs=0.01)
	assert starts_of(lines[1], m) == pytest.approx([0.0, 8.0], abs=0.01)
	assert starts_of(lines[2], m) == pytest.approx([8.0], abs=0.01)
	assert row_lines([None, None, None], starts, widths, m) == [""]
