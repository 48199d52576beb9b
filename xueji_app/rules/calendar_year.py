"""学年 (school year, 1 September – 31 August) and its two terms; national grade codes."""

from __future__ import annotations

import datetime as dt

from .errors import RuleViolation, _
from .schools import JUNIOR, PRIMARY, SENIOR

# --- refusals: one exception class per rule of this module ----------------------------------------


class AcademicYearBounds(RuleViolation):
	template = _("{field} must be {expected} (a school year runs from 1 September to 31 August)")


class TermOrderError(RuleViolation):
	template = _("{field}: the terms must lie inside the school year, in order, without overlap")


class ClassStageNotTaught(RuleViolation):
	template = _("{field}: the school «{school}» does not teach {stage}")


class GradeStageMismatch(RuleViolation):
	template = _("{field}: grade {grade} does not belong to the stage {stage}")


class NonNegativeCapacity(RuleViolation):
	template = _("{field} must be zero or a positive number")


#: first digit of a national grade code -> stage (11–16 小学, 21–24 初中, 31–33 高中)
GRADE_STAGE_DIGIT = {"1": PRIMARY, "2": JUNIOR, "3": SENIOR}


def year_name(start_year: int) -> str:
	return f"{start_year}-{start_year + 1}"


def year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
	return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def school_year_of(day: dt.date) -> int:
	"""The start year of the school year ``day`` falls in."""
	return day.year if day.month >= 9 else day.year - 1


def term_code(day: dt.date) -> str:
	"""The semester ``day`` falls in, as the data check names it: 2026-2027-1 (September to February) or
	2026-2027-2 (March to August)."""
	return f"{year_name(school_year_of(day))}-{1 if day.month >= 9 or day.month <= 2 else 2}"


def validate_academic_year(
	start: dt.date, end: dt.date, terms: list[tuple[dt.date | None, dt.date | None]]
) -> None:
	"""Start on 1 Sep, end on 31 Aug of the next year; terms inside the year, in order, not overlapping."""
	exp_start, exp_end = year_bounds(start.year)
	if start != exp_start:
		raise AcademicYearBounds(field="year_start_date", expected=exp_start.isoformat())
	if end != exp_end:
		raise AcademicYearBounds(field="year_end_date", expected=exp_end.isoformat())
	cursor = start - dt.timedelta(days=1)
	for i, (t_start, t_end) in enumerate(terms, start=1):
		if not t_start and not t_end:
			continue
		if not (t_start and t_end) or t_start <= cursor or t_end < t_start or t_end > end:
			raise TermOrderError(field=f"term_{i}_start")
		cursor = t_end


def validate_grade_stage(grade: str, stage: str) -> None:
	if GRADE_STAGE_DIGIT.get((grade or " ")[0]) != stage:
		raise GradeStageMismatch(field="grade", grade=grade, stage=stage)


def validate_capacity(value: int | None, field: str = "capacity") -> None:
	if value is not None and value < 0:
		raise NonNegativeCapacity(field=field)
