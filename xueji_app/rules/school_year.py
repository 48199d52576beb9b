"""The end of a school year (学年末处理): which grade follows which under a school's 学制, and what happens to
each student — promoted, kept in grade after an approved 留级, graduated (毕业), completed without graduating
(结业), graduated into the same school's next stage (九年一贯制), or held back with the reason.

Pure: plain facts in, outcomes out. The run (``services.roll.year_end``) gathers the facts of a whole school in a
few queries, asks ``outcome`` for every student and applies the result in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xueji_app.rules.errors import _

from .errors import RuleViolation
from .schools import JUNIOR, PRIMARY, SENIOR

# --- refusals: one exception class per rule of this module ----------------------------------------


class CertificateFormatInvalid(RuleViolation):
	template = _("{field}: «{value}» is not a valid numbering rule; use {{school_code}}, {{year}}, {{stage}} and {{seq:04d}}")


class YearEndRunExists(RuleViolation):
	template = _("{field}: the school has a year-end run for {year} already ({other})")


class YearEndNotLastYear(RuleViolation):
	template = _("{field}: {year} is not a school year of this school's students")


class YearEndReversalClosed(RuleViolation):
	template = _("{field}: a confirmed year-end run can be reversed until {deadline}; that date has passed")


class YearEndNotOpen(RuleViolation):
	template = _("{field}: the year-end run of {year} can be confirmed from {opens}; before then no student moves to the next grade")


class YearEndExceptionNotGraduating(RuleViolation):
	template = _("{field}: {student} is not in the graduating grade; only a graduating student can complete without graduating")


class GraduationConditionUnknown(RuleViolation):
	template = _("{field}: «{value}» is not a graduation condition of the policy; it names {conditions}")


class CertificateNotEarned(RuleViolation):
	template = _("{field}: {document} is issued only to a student who {needs}; this student is {status}")


SIX_THREE, FIVE_FOUR = "6-3", "5-4"
SYSTEMS = (SIX_THREE, FIVE_FOUR)

#: the grades of each stage under each 学制 (national grade codes; 初四 exists only under 五四制)
STAGE_GRADES: dict[tuple[str, str], tuple[str, ...]] = {
	(PRIMARY, SIX_THREE): ("11", "12", "13", "14", "15", "16"),
	(PRIMARY, FIVE_FOUR): ("11", "12", "13", "14", "15"),
	(JUNIOR, SIX_THREE): ("21", "22", "23"),
	(JUNIOR, FIVE_FOUR): ("21", "22", "23", "24"),
	(SENIOR, SIX_THREE): ("31", "32", "33"),
	(SENIOR, FIVE_FOUR): ("31", "32", "33"),
}
NEXT_STAGE = {PRIMARY: JUNIOR, JUNIOR: SENIOR}
#: stages a student moves on to inside the same school without admission (九年一贯制: 小学 → 初中); 高中 needs 中考
CONTINUES_IN_SCHOOL = {PRIMARY}

# outcomes
PROMOTE = "Promote"
REPEAT = "Repeat"
GRADUATE = "Graduate"
CONTINUE = "Graduate and Continue"
COMPLETE = "Complete"
HOLD = "Hold"
OUTCOMES = (PROMOTE, REPEAT, GRADUATE, CONTINUE, COMPLETE, HOLD)
#: the status each outcome leaves (None: unchanged)
OUTCOME_STATUS = {PROMOTE: None, REPEAT: None, GRADUATE: "Graduated", CONTINUE: None, COMPLETE: "Completed", HOLD: None}
#: outcomes the preview lists student by student (the others are counted)
NEEDS_ATTENTION = (HOLD, REPEAT, COMPLETE)
#: outcomes that end a stage: listed in the 毕业生花名册, and give a certificate number
STAGE_ENDINGS = (GRADUATE, CONTINUE, COMPLETE)


def stage_of(grade: str) -> str | None:
	return {"1": PRIMARY, "2": JUNIOR, "3": SENIOR}.get((grade or " ")[0])


def stage_grades(stage: str, system: str | None) -> tuple[str, ...]:
	return STAGE_GRADES[(stage, system if system in SYSTEMS else SIX_THREE)]


def graduating_grade(stage: str, system: str | None) -> str:
	"""The last grade of ``stage`` under the school's 学制: 六年级 (六三制) or 五年级 (五四制) in primary school,
	初三 or 初四 in junior school, 高三."""
	return stage_grades(stage, system)[-1]


def entry_grade(stage: str) -> str:
	return stage_grades(stage, SIX_THREE)[0]


def year_of_school(grade: str, system: str | None) -> int | None:
	"""Which year of school a grade is under a 学制 (六三制 初一 is the 7th, 五四制 初一 the 6th)."""
	stage = stage_of(grade)
	if not stage:
		return None
	grades = stage_grades(stage, system)
	if grade not in grades:
		return None
	before = {PRIMARY: 0, JUNIOR: len(stage_grades(PRIMARY, system)), SENIOR: 9}[stage]
	return before + grades.index(grade) + 1


def grade_of_year(year: int, system: str | None) -> str | None:
	for stage in (PRIMARY, JUNIOR, SENIOR):
		for grade in stage_grades(stage, system):
			if year_of_school(grade, system) == year:
				return grade
	return None


def placement_grade(grade: str, from_system: str | None, to_system: str | None) -> str:
	"""FAQ 第八问 (两地学制不同…由转入地…确定就读年级): between schools of different 学制 a pupil goes on in the same year
	of school (五四制 初一, the 6th year, is 六三制 六年级); between schools of one 学制, in the same grade."""
	systems = tuple(s if s in SYSTEMS else SIX_THREE for s in (from_system, to_system))
	if systems[0] == systems[1]:
		return grade
	year = year_of_school(grade, systems[0])
	return (grade_of_year(year, systems[1]) if year else None) or grade


def is_graduating(grade: str, system: str | None) -> bool:
	stage = stage_of(grade)
	return bool(stage) and grade == graduating_grade(stage, system)


@dataclass(frozen=True)
class Reason:
	"""Why a student is not simply promoted, as a template translated at the Frappe boundary."""
	template: str
	params: Mapping[str, str] = field(default_factory=dict)

	def render(self, translate=lambda s: s) -> str:
		return translate(self.template).format(**{k: translate(v) if k in TRANSLATED else v for k, v in self.params.items()})


TRANSLATED = {"status", "case_type", "condition"}


@dataclass(frozen=True)
class StudentYear:
	"""What the run needs to know of one student."""
	name: str
	grade: str
	status_label: str
	school_class: str | None = None
	registered: bool = True
	open_case_type: str | None = None
	open_case: str | None = None
	#: the grade an approved 留级 of this school year moved the student out of
	repeated_from: str | None = None
	#: the graduation condition the school marked as not met (结业)
	failed_condition: str | None = None


@dataclass(frozen=True)
class Outcome:
	kind: str
	to_grade: str | None
	to_status: str | None
	reason: Reason | None = None


def outcome(student: StudentYear, system: str | None, stages_taught: Iterable[str]) -> Outcome:
	"""The year-end outcome of one student of a school with 学制 ``system`` teaching ``stages_taught``."""
	held = hold_reason(student, system)
	if held:
		return Outcome(HOLD, student.grade, None, held)
	stage = stage_of(student.grade)
	grades = stage_grades(stage, system)
	if student.repeated_from:
		return Outcome(REPEAT, student.repeated_from, None, Reason(_("an approved repeat of {grade} this school year"),
																	{"grade": student.repeated_from}))
	if student.grade != grades[-1]:
		return Outcome(PROMOTE, grades[grades.index(student.grade) + 1], None)
	if student.failed_condition:
		return Outcome(COMPLETE, student.grade, OUTCOME_STATUS[COMPLETE],
					   Reason(_("graduation condition not met: {condition}"), {"condition": student.failed_condition}))
	following = NEXT_STAGE.get(stage)
	if stage in CONTINUES_IN_SCHOOL and following in set(stages_taught):
		return Outcome(CONTINUE, entry_grade(following), None,
					   Reason(_("graduates and continues in this school's {stage} section"), {"stage": STAGE_NAMES[following]}))
	return Outcome(GRADUATE, student.grade, OUTCOME_STATUS[GRADUATE])


STAGE_NAMES = {PRIMARY: "小学", JUNIOR: "初中", SENIOR: "高中"}


def hold_reason(student: StudentYear, system: str | None) -> Reason | None:
	"""Why a student stays where he is this year: no roll yet, not in school, an open case, a grade the 学制
	does not have."""
	if not student.registered:
		return Reason(_("not yet registered (no 学籍号)"))
	if student.status_label != "Enrolled":
		return Reason(_("{status}: stays in grade until back in school"), {"status": student.status_label})
	if student.open_case:
		return Reason(_("open case {case_type} {case}: decide it first"),
					  {"case_type": student.open_case_type or "", "case": student.open_case})
	stage = stage_of(student.grade)
	if not stage or student.grade not in stage_grades(stage, system):
		return Reason(_("grade {grade} does not exist under the school's system {system}"),
					  {"grade": student.grade, "system": system or SIX_THREE})
	return None


@dataclass
class Summary:
	"""Counts per outcome, per class and outcome, and the students held back, repeating or completing."""
	by_outcome: Counter = field(default_factory=Counter)
	by_class: dict[tuple[str, str], Counter] = field(default_factory=dict)
	exceptions: list[tuple[StudentYear, Outcome]] = field(default_factory=list)

	@property
	def total(self) -> int:
		return sum(self.by_outcome.values())


def summarize(results: Sequence[tuple[StudentYear, Outcome]]) -> Summary:
	summary = Summary()
	for student, result in results:
		summary.by_outcome[result.kind] += 1
		key = (student.grade, student.school_class or "")
		summary.by_class.setdefault(key, Counter())[result.kind] += 1
		if result.kind in NEEDS_ATTENTION:
			summary.exceptions.append((student, result))
	return summary


# --- classes of the next school year ------------------------------------------------------------------


@dataclass(frozen=True)
class ClassMove:
	"""A class of this year and the class its promoted students form next year (same number, next grade)."""
	from_class: str
	from_grade: str
	to_grade: str
	class_number: int


def class_moves(classes: Iterable[tuple[str, str, int]], system: str | None, stages_taught: Iterable[str]) -> list[ClassMove]:
	"""(class, grade, number) of this year → where each class goes; classes of a graduating grade go on only
	where the school continues into its next stage (九年一贯制)."""
	taught = set(stages_taught)
	out = []
	for name, grade, number in classes:
		stage = stage_of(grade)
		if not stage or grade not in stage_grades(stage, system):
			continue
		grades = stage_grades(stage, system)
		if grade != grades[-1]:
			out.append(ClassMove(name, grade, grades[grades.index(grade) + 1], number))
		elif stage in CONTINUES_IN_SCHOOL and NEXT_STAGE.get(stage) in taught:
			out.append(ClassMove(name, grade, entry_grade(NEXT_STAGE[stage]), number))
	return sorted(out, key=lambda m: (m.to_grade, m.class_number))


# --- certificate numbers, deadlines ------------------------------------------------------------------

DEFAULT_CERTIFICATE_FORMAT = "{school_code}{year}{stage}{seq:04d}"
STAGE_CODES = {PRIMARY: "1", JUNIOR: "2", SENIOR: "3"}


def certificate_number(pattern: str | None, *, school_code: str, year: int, stage: str, seq: int) -> str:
	"""A 毕业证书编号 from the policy's numbering rule: ``{school_code}``, ``{year}`` (the graduation year),
	``{stage}`` (1 小学, 2 初中, 3 高中) and ``{seq}`` (in the school and year, with a format such as ``:04d``)."""
	try:
		return (pattern or DEFAULT_CERTIFICATE_FORMAT).format(school_code=school_code, year=year, stage=STAGE_CODES.get(stage, "0"), seq=seq)
	except (KeyError, IndexError, ValueError) as error:
		raise CertificateFormatInvalid(field="certificate_number_format", value=pattern or "") from error


def month_day(text: str | None, year: int) -> dt.date | None:
	"""A policy date (MM-DD, as ``policy.parse_month_day`` keeps it) in ``year``; 02-29 of a common year is 02-28."""
	if not text:
		return None
	month, day = (int(part) for part in text.split("-"))
	try:
		return dt.date(year, month, day)
	except ValueError:
		return dt.date(year, month, day - 1)


def school_year_day(text: str | None, start_year: int) -> dt.date | None:
	"""A policy date (MM-DD) inside the school year that starts in September of ``start_year``: September to
	December in that year, January to August in the summer that ends it (06-01 → the summer; 09-01 → its start)."""
	if not text:
		return None
	return month_day(text, start_year if int(text.split("-")[0]) >= 9 else start_year + 1)


def year_end_refusal(today: dt.date, opens_on: dt.date | None, academic_year: str) -> YearEndNotOpen | None:
	"""A year-end run moves every student to the next grade: it is confirmed only from the policy's date near the
	end of the school year (None: no such date, the run may be confirmed at any time)."""
	if opens_on and today < opens_on:
		return YearEndNotOpen(field="opens_on", year=academic_year, opens=f"{opens_on.year}年{opens_on.month}月{opens_on.day}日")
	return None


def school_year_end(start_year: int) -> int:
	"""The calendar year in which the school year that started in ``start_year`` ends (its summer)."""
	return start_year + 1


# --- certificates a student's roll must have earned ------------------------------------------------------

CERTIFICATE_OF_EDUCATION = "Certificate of Education"
COMPULSORY_CERTIFICATE = "Compulsory Education Certificate"
#: print format → (what the student must have done, as said in the refusal; the statuses that earned it)
CERTIFICATES = {
	# LN 第二十五条: 毕业证书遗失的，由毕业学校发给《学历证明书》
	CERTIFICATE_OF_EDUCATION: (_("graduated (毕业)"), ("Graduated",)),
	# LN 第二十四条: 综合考核不合格者，发给义务教育修业证明 (结业, or 肄业 after the stated years)
	COMPULSORY_CERTIFICATE: (_("completed the compulsory years without graduating (结业 or 肄业)"), ("Completed", "Incomplete")),
}


def certificate_refusal(print_format: str, status: str, graduated_into_next_stage: bool = False):
	"""The rule a certificate breaks for a student of ``status`` (None: it may be printed). A student who
	graduated from primary school into the same school's junior section keeps his 毕业 on the roll."""
	if print_format not in CERTIFICATES:
		return None
	needs, statuses = CERTIFICATES[print_format]
	if status in statuses or (print_format == CERTIFICATE_OF_EDUCATION and graduated_into_next_stage):
		return None
	return CertificateNotEarned(field="status_label", document=print_format, needs=needs, status=status)
