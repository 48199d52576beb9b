"""What an approved roll change does to the student (the 学籍状态 it leaves)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import policy as p
from .student import add_months

#: change type -> status label after approval (None: status unchanged)
OUTCOME = {
	p.SUSPENSION: "Suspended",
	p.SUSPENSION_EXTENSION: "Suspended",
	p.RETURN_FROM_DROPOUT: "Enrolled",
	p.RESUMPTION: "Enrolled",
	p.ABROAD: "Abroad",
	p.RETURN_FROM_ABROAD: "Enrolled",
	p.DEATH: "Deceased",
	p.DROPOUT: "Dropped Out",
	p.WITHDRAWAL: "Withdrawn",
	p.EXPULSION: "Expelled",
	p.REPEAT: None,
	p.SKIP: None,
	p.SPECIAL_EDUCATION_MOVE: None,
	p.REFORM_SCHOOL_MOVE: None,
	p.JUVENILE_DETENTION: None,
	p.RETURN_FROM_DETENTION: None,
}
#: changes whose approval sets a new grade
GRADE_CHANGES = {p.REPEAT, p.SKIP, p.RESUMPTION, p.RETURN_FROM_DROPOUT}
WITHDRAWN, INCOMPLETE = "Withdrawn", "Incomplete"


def suspension_end(start: dt.date, policy: p.Policy) -> dt.date:
	"""休学期限: the policy's number of years from the filing date (an extension: from the current end)."""
	return add_months(start, 12 * policy.suspension_years)


#: the roll events that take a pupil out of school and bring him back (休学/复学, 出国/回国)
LEAVES = frozenset({p.SUSPENSION, p.ABROAD, p.DROPOUT})
RETURNS = frozenset({p.RESUMPTION, p.RETURN_FROM_ABROAD, p.RETURN_FROM_DROPOUT})


def years_in_school(start: dt.date, end: dt.date, events: Iterable[tuple[dt.date, str]]) -> float:
	"""在校学习时间 (YK 第二十七条): from entering the stage until ``end``, less every stretch out of school — a
	suspension until its resumption, time abroad until the return (one still running counts until ``end``).
	A pupil suspended after seven weeks has studied seven weeks, not the year that has since passed."""
	if end <= start:
		return 0.0
	out_days, left = 0, None
	for day, kind in sorted((d, k) for d, k in events if d):
		day = min(max(day, start), end)
		if kind in LEAVES and left is None:
			left = day
		elif kind in RETURNS and left is not None:
			out_days += (day - left).days
			left = None
	if left is not None:
		out_days += (end - left).days
	return round(max((end - start).days - out_days, 0) / 365.25, 2)


def withdrawal_status(policy: p.Policy, study_years: float) -> str:
	"""退学, or 肄业 where the policy says so after enough years of study in the stage (YK 第二十七条)."""
	limit = policy.incomplete_after_study_years
	return INCOMPLETE if limit is not None and study_years >= limit else WITHDRAWN
