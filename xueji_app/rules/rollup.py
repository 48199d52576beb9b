"""The enrollment rollup: how many students each school holds, by grade and by every value the statistics
break down by, kept beside the Student table so that a province's statistics add up a few hundred thousand
counters instead of counting ten million rows.

A student counts once in each *dimension*: under its school, grade, stage and on-roll flag, with the value
of that dimension (its gender, its ethnic group …). Summing one dimension's counters over every value gives
the number of students, so the grade and stage breakdowns read the gender counters' grade and stage.
Pure: the service (``services.roll.rollup``) reads records and writes counters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple

#: the Student fields counted, one dimension each (the statistics report's breakdowns)
DIMENSIONS = ("gender", "ethnicity", "left_behind", "is_migrant_child", "inclusive_education", "status_label")
#: the dimension every student has exactly one counter in: grade and stage totals are read off it
TOTAL_DIMENSION = "gender"
#: the Student fields a counter's key is made of, besides the dimension and its value
PLACE = ("region", "school", "grade", "stage", "on_roll")
#: every field of a student that moves it between counters
FIELDS = (*PLACE, *DIMENSIONS)


class Key(NamedTuple):
	region: str
	school: str
	grade: str
	stage: str
	on_roll: int
	dimension: str
	value: str

	@property
	def name(self) -> str:
		"""The counter's row name: readable, and the same key always gives the same row."""
		return "|".join((self.region, self.school, self.grade, self.stage, str(self.on_roll), self.dimension, self.value))


def text(value) -> str:
	"""A stored value as the counter keeps it: no value is the empty string; checks and numbers are digits."""
	if value is None:
		return ""
	if isinstance(value, bool):
		return str(int(value))
	if isinstance(value, float) and value.is_integer():
		return str(int(value))
	return str(value)


def keys(record: Mapping) -> list[Key]:
	"""The counters one student is counted in (one per dimension)."""
	place = (
		text(record.get("region")), text(record.get("school")), text(record.get("grade")), text(record.get("stage")),
		1 if record.get("on_roll") in (1, "1", True) else 0,
	)
	return [Key(*place, dimension, text(record.get(dimension))) for dimension in DIMENSIONS]


def counts(records: Iterable[Mapping], weight_field: str | None = None) -> Counter[Key]:
	"""The counters of many students; ``weight_field`` names a count when a record stands for a group."""
	out: Counter[Key] = Counter()
	for record in records:
		weight = int(record[weight_field]) if weight_field else 1
		for key in keys(record):
			out[key] += weight
	return out


def delta(before: Mapping | None, after: Mapping | None) -> Counter[Key]:
	"""What a change of one student does to the counters: −1 where it was, +1 where it is (nothing where a
	counter is the same). ``before`` is None for a new student, ``after`` None for a deleted one."""
	out: Counter[Key] = Counter()
	for key in keys(before) if before is not None else ():
		out[key] -= 1
	for key in keys(after) if after is not None else ():
		out[key] += 1
	return Counter({k: v for k, v in out.items() if v})


def moved(before: Mapping | None, after: Mapping | None) -> bool:
	"""Whether the change touches any counter (most saves do not: a phone number, a guardian)."""
	if before is None or after is None:
		return before is not after
	return any(text(before.get(f)) != text(after.get(f)) for f in FIELDS if f != "on_roll") or (
		keys(before)[0].on_roll != keys(after)[0].on_roll
	)


class Difference(NamedTuple):
	key: Key
	recorded: int
	counted: int


def differences(recorded: Mapping[Key, int], counted: Mapping[Key, int]) -> list[Difference]:
	"""Counters that do not match a fresh count, in key order (a counter of 0 matches a missing one)."""
	out = []
	for key in sorted(set(recorded) | set(counted)):
		r, c = int(recorded.get(key, 0)), int(counted.get(key, 0))
		if r != c:
			out.append(Difference(key, r, c))
	return out
