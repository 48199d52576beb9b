"""GB/T 2260 region codes by name, for the whole country: 出生地 and 户口所在地 are any county of China, not only
the regions a province keeps in its own tree. The table is the ``gb2260`` package's (every revision it carries,
2002–2013, the latest name of each code kept: a child's birthplace code is the one of the year of birth). A
province's own Administrative Region records, newer or not national (a test province), are added by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

#: the names GB/T 2260 gives a placeholder level ("市辖区" under a city, "县" and the like): not part of a full name
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政单位"})


@lru_cache(maxsize=1)
def national_names() -> Mapping[str, str]:
	"""code → name, over every revision of the table (later revisions win)."""
	from gb2260.data import data

	names: dict[str, str] = {}
	for revision in sorted((k for k in data if k is not None), key=int) + ([None] if None in data else []):
		names.update({f"{code:06d}": name for code, name in data[revision].items()})
	return names


def full_name(code: str, names: Mapping[str, str]) -> str | None:
	"""辽宁省营口市站前区 for 210802: the province's, the city's and the code's own name, placeholders left out."""
	code = (code or "").strip()
	own = names.get(code)
	if not own or len(code) != 6:
		return None
	parts = []
	if not code.endswith("0000"):
		parts.append(names.get(code[:2] + "0000"))
		if not code.endswith("00"):
			city = names.get(code[:4] + "00")
			if city not in PLACEHOLDERS:
				parts.append(city)
	parts.append(own)
	return "".join(p for p in parts if p)


def merged(local: Mapping[str, str] | None = None) -> dict[str, str]:
	"""The national table with a site's own regions (code → name) over it."""
	names = dict(national_names())
	names.update(local or {})
	return names


def search(text: str, names: Mapping[str, str], limit: int = 20) -> list[tuple[str, str]]:
	"""The regions whose code starts with ``text`` or whose full name contains it, counties first, then cities and
	provinces; each as (code, full name). Placeholder levels are never offered."""
	text = (text or "").strip()
	found: list[tuple[int, str, str]] = []
	for code, name in names.items():
		if name in PLACEHOLDERS:
			continue
		full = full_name(code, names)
		if not full:
			continue
		if (text.isdigit() and code.startswith(text)) or (text and not text.isdigit() and text in full) or not text:
			level = 0 if not code.endswith("00") else (1 if not code.endswith("0000") else 2)
			found.append((0 if name.startswith(text) else 1, level, code, full))
	found.sort()
	return [(code, full) for _rank, _level, code, full in found[:limit]]


def labels(codes: Iterable[str], names: Mapping[str, str]) -> dict[str, str]:
	"""The full name of each code that has one."""
	return {c: f for c in set(codes) if c and (f := full_name(c, names))}
