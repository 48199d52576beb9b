"""Derive the print fonts from Debian's Noto CJK (OFL): Noto Serif CJK SC cut down to the GB2312 hanzi,
Latin, digits and CJK punctuation, renamed "Xueji Serif SC", installed for fontconfig.

Why: WeasyPrint 59 subsets every embedded font glyph by glyph with ``retain_gids``; on the full 65,000-glyph
CJK fonts that costs seconds per font per PDF. The print CSS names "Xueji Serif SC" first and the full
"Noto Serif CJK SC" after it, so a rare character (𠮷, 䶮) still renders from the full font.
Idempotent; run by scripts/services.sh with the bench's Python (fontTools comes with WeasyPrint).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCES = {
	"Regular": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"Bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}
TARGET = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/local/share/fonts/xueji")
FAMILY = "Xueji Serif SC"


def codepoints() -> list[int]:
	points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2070)) | set(range(0x2460, 0x24FF))
	points |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2E80, 0x2FE0))
	for cp in range(0x4E00, 0xA000):
		try:
			chr(cp).encode("gb2312")
			points.add(cp)
		except UnicodeEncodeError:
			pass
	return sorted(points)


def build(style: str, source: str) -> Path:
	out = TARGET / f"XuejiSerifSC-{style}.otf"
	if out.exists():
		return out
	collection = TTCollection(source)
	font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Serif CJK SC")
	options = subset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"], notdef_outline=True)
	subsetter = subset.Subsetter(options)
	subsetter.populate(unicodes=codepoints())
	subsetter.subset(font)
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
	built = [build(style, path) for style, path in SOURCES.items() if Path(path).exists()]
	subprocess.run(["fc-cache", "-f", str(TARGET)], check=False)
	print("fonts:", ", ".join(str(p) for p in built))
