"""The print fonts' advance widths, read once per process from the font files fontconfig resolves (as Pango does)."""

from __future__ import annotations

import subprocess
from functools import lru_cache

from xueji_app.rules.text_layout import Metrics, default_advance

PRINT_FAMILY = "Xueji Serif SC"  # built by scripts/build_fonts.py
FALLBACK_FAMILY = "Noto Serif CJK SC"


def font_file(family: str) -> tuple[str, int] | None:
	"""(path, index in a collection) of ``family`` if fontconfig has that family itself, not a substitute."""
	try:
		out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}\t%{index}", family], capture_output=True, text=True,
							 timeout=10).stdout
	except (OSError, subprocess.SubprocessError):
		return None
	families, _, rest = out.partition("\t")
	path, _, index = rest.partition("\t")
	if family not in families.split(",") or not path:
		return None
	return path, int(index or 0)


def advances(location: tuple[str, int]) -> dict[int, float]:
	from fontTools.ttLib import TTFont

	path, index = location
	font = TTFont(path, fontNumber=index, lazy=True)
	upem = font["head"].unitsPerEm
	widths = font["hmtx"].metrics
	return {cp: widths[glyph][0] / upem for cp, glyph in font.getBestCmap().items()}


@lru_cache(maxsize=1)
def fallback_advances() -> dict[int, float]:
	location = font_file(FALLBACK_FAMILY)
	return advances(location) if location else {}


def fallback(cp: int) -> float:
	"""Width of a character the print font lacks (𠮷, 䶮): from the full CJK font, read only when first needed."""
	width = fallback_advances().get(cp)
	return default_advance(cp) if width is None else width


@lru_cache(maxsize=1)
def print_metrics() -> Metrics | None:
	"""Metrics of the print font, or None when it was not built: the full CJK fonts have no spaces narrower than a
	quarter em and shape Latin text with their own features, so padded columns would not line up."""
	location = font_file(PRINT_FAMILY)
	return Metrics(advances(location), fallback) if location else None

