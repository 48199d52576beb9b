"""Derive the print fonts from Debian's Noto CJK (OFL): Noto Serif CJK SC cut down to the GB2312 hanzi, Latin,
digits and CJK punctuation, converted to TrueType outlines, renamed "Xueji Serif SC", installed for fontconfig.

Why:
- WeasyPrint 59 subsets every embedded font on each PDF. On the full 65,000-glyph CJK fonts that costs seconds per
  font; on a CFF font it still costs about a second (every charstring is run). TrueType outlines subset in a tenth of that.
- The registers set each row as one line of text whose columns are padded with spaces (see
  ``xueji_app/rules/text_layout.py``). Exact padding needs narrow spaces. The font gets the Unicode spaces
  U+2004–U+200A as blank glyphs with fixed widths (``FINE_SPACES``), and no GSUB/GPOS, so a text's width is the
  sum of its advance widths.
The print CSS names "Xueji Serif SC" first and the full "Noto Serif CJK SC" after it, so a rare character (𠮷, 䶮)
still renders from the full font. Idempotent; run by scripts/services.sh with the bench's Python (fontTools comes
with WeasyPrint).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph

SOURCES = {
	"Regular": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"Bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}
TARGET = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/local/share/fonts/xueji")
FAMILY = "Xueji Serif SC"
# Blank glyphs added for exact column padding: code point → advance width in font units (em = 1000).
# rules.text_layout reads these widths back from the font (SPACE_CODEPOINTS); nothing else needs to know them.
FINE_SPACES = {0x2004: 333, 0x2005: 250, 0x2006: 167, 0x2007: 50, 0x2008: 20, 0x2009: 200, 0x200A: 100}


def codepoints() -> list[int]:
	points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2070)) | set(range(0x2460, 0x24FF))
	points |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2E80, 0x2FE0))
	for cp in range(0x4E00, 0xA000):
		try:
			chr(cp).encode("gb2312")
			points.add(cp)
		except UnicodeEncodeError:
			pass
	return sorted(points - set(FINE_SPACES))


def to_truetype(font) -> None:
	"""CFF outlines → quadratic TrueType outlines (after fontTools' otf2ttf snippet)."""
	order = font.getGlyphOrder()
	glyph_set = font.getGlyphSet()
	glyf = newTable("glyf")
	glyf.glyphOrder = order
	glyf.glyphs = {}
	for name in order:
		pen = TTGlyphPen(glyph_set)
		glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
		glyf.glyphs[name] = pen.glyph()
	font["loca"] = newTable("loca")
	font["glyf"] = glyf
	for tag in ("CFF ", "VORG"):
		if tag in font:
			del font[tag]
	glyf.compile(font)
	hmtx = font["hmtx"]
	for name, glyph in glyf.glyphs.items():
		hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
	maxp = newTable("maxp")
	maxp.tableVersion = 0x00010000
	maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage = 1, 0, 0
	maxp.maxFunctionDefs = maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
	maxp.maxComponentElements = 0
	font["maxp"] = maxp
	post = font["post"]
	post.formatType, post.extraNames, post.mapping = 3.0, [], {}
	font.sfntVersion = "\000\001\000\000"


def add_fine_spaces(font) -> None:
	order = font.getGlyphOrder()
	for cp, width in FINE_SPACES.items():
		name = f"uni{cp:04X}"
		order.append(name)
		font["glyf"].glyphs[name] = Glyph()
		font["hmtx"][name] = (width, 0)
		for table in font["cmap"].tables:
			if table.isUnicode():
				table.cmap[cp] = name
	font.setGlyphOrder(order)
	font["glyf"].glyphOrder = order
	font["maxp"].numGlyphs = len(order)
	font["hhea"].numberOfHMetrics = len(order)


def build(style: str, source: str) -> Path:
	out = TARGET / f"XuejiSerifSC-{style}.ttf"
	if out.exists():
		return out
	collection = TTCollection(source)
	font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Serif CJK SC")
	options = subset.Options(layout_features=[], name_IDs=["*"], name_languages=["*"], notdef_outline=True, hinting=False)
	options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF"]
	subsetter = subset.Subsetter(options)
	subsetter.populate(unicodes=codepoints())
	subsetter.subset(font)
	to_truetype(font)
	add_fine_spaces(font)
	names = font["name"]
	for record in list(names.names):
		if record.nameID in (1, 16):
			names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
		elif record.nameID in (4,):
			names.setName(f"{FAMILY} {style}", record.nameID, record.platformID, record.platEncID, record.langID)
		elif record.nameID == 6:
			names.setName(f"XuejiSerifSC-{style}", record.nameID, record.platformID, record.platEncID, record.langID)
	TARGET.mkdir(parents=True, exist_ok=True)
	font.save(out)
	return out


if __name__ == "__main__":
	for old in TARGET.glob("*.otf"):  # the CFF build of earlier versions
		old.unlink()
	built = [build(style, path) for style, path in SOURCES.items() if Path(path).exists()]
	subprocess.run(["fc-cache", "-f", str(TARGET)], check=False)
	print("fonts:", ", ".join(str(p) for p in built))
