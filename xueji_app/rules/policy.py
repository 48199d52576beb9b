"""Roll Policy: the parameters of every roll change, as data a bureau edits.

A policy is attached to a region and a stage; the nearest ancestor's policy applies and a lower level
overrides only the parameters it sets (a city's policy overrides its province's, the province's the
national one). ``resolve`` merges the layers; ``Policy`` is the result the eligibility rules read. The
defaults below are the national measures (NAT), used only for a parameter no layer sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class ReasonCodeDuplicate(RuleViolation):
	template = _("{field}: the reason code «{value}» is listed twice for {change}")


class PolicyNumberInvalid(RuleViolation):
	template = _("{field} must be a whole number of zero or more, or empty to inherit; got «{value}»")


class DuplicatePolicy(RuleViolation):
	template = _("{field}: a policy for this region and stage exists already ({other})")


class MonthDayInvalid(RuleViolation):
	template = _("{field}: «{value}» is not a date of the form MM-DD")


# transfer reasons (LN 第十三条, YK 第十三条)
HOUSEHOLD_MOVE = "Household Move"
RESIDENCE_MOVE = "Residence Move"
GUARDIAN_JOB_MOVE = "Guardian Job Move"
MIGRANT_FAMILY_MOVE = "Migrant Family Move"
GUARDIAN_ABROAD_OR_SERVICE = "Guardian Abroad or in Service"
HEALTH_CHANGE = "Health Change"
TRANSFER_REASONS = (
	HOUSEHOLD_MOVE,
	RESIDENCE_MOVE,
	GUARDIAN_JOB_MOVE,
	MIGRANT_FAMILY_MOVE,
	GUARDIAN_ABROAD_OR_SERVICE,
	HEALTH_CHANGE,
)

# change types of the Roll Change case
SUSPENSION = "Suspension"
SUSPENSION_EXTENSION = "Suspension Extension"
RESUMPTION = "Resumption"
ABROAD = "Going Abroad"
RETURN_FROM_ABROAD = "Return from Abroad"
DEATH = "Death"
DROPOUT = "Dropout"
RETURN_FROM_DROPOUT = "Return from Dropout"
WITHDRAWAL = "Withdrawal"
REPEAT = "Repeat a Grade"
SKIP = "Skip a Grade"
EXPULSION = "Expulsion"
SPECIAL_EDUCATION_MOVE = "Special Education Move"
REFORM_SCHOOL_MOVE = "Reform School Move"
JUVENILE_DETENTION = "Juvenile Detention"
RETURN_FROM_DETENTION = "Return from Detention"
TRANSFER = "Transfer"
CHANGE_TYPES = (
	SUSPENSION, SUSPENSION_EXTENSION, RESUMPTION, ABROAD, RETURN_FROM_ABROAD, DEATH, DROPOUT, RETURN_FROM_DROPOUT,
	WITHDRAWAL, REPEAT, SKIP, EXPULSION, SPECIAL_EDUCATION_MOVE, REFORM_SCHOOL_MOVE, JUVENILE_DETENTION,
	RETURN_FROM_DETENTION,
)

COUNTY, CITY, PROVINCE, AUTHORITY = "County", "City", "Province", "Authority"

# reason codes of roll changes (a policy lists, per change type, the codes a case may name, each with its label)
ILLNESS = "Illness"
OTHER_SPECIAL_REASON = "Other Special Reason"
GUARDIAN_APPLICATION = "Guardian Application"
SUSPENSION_LAPSED = "Suspension Lapsed"
CONTINUOUS_SUSPENSION = "Continuous Suspension"
TRUANCY = "Truancy"

#: a change that ends an earlier one: its evidence follows the reason of the case it ends as well as its own
#: (a resumption after a suspension for illness needs the recovery certificate whatever the resumption says)
FOLLOWS = {
	RESUMPTION: SUSPENSION,
	SUSPENSION_EXTENSION: SUSPENSION,
	RETURN_FROM_ABROAD: ABROAD,
	RETURN_FROM_DROPOUT: DROPOUT,
	RETURN_FROM_DETENTION: JUVENILE_DETENTION,
}


@dataclass(frozen=True)
class Policy:
	# deadlines (NAT 第十四条, LN 第十五条)
	step_deadline_workdays: int = 10
	#: LN 第十五条: the receiving school may admit the pupil this many working days after its authority approved,
	#: when the sending side has still not acted (None: no such fallback)
	fallback_admission_workdays: int | None = None
	death_report_workdays: int = 10
	# transfer
	transfer_reasons: tuple[str, ...] = TRANSFER_REASONS
	same_grade_required: bool = True
	window_before_term_start_days: int | None = None
	window_after_term_start_days: int | None = None
	window_before_term_end_days: int | None = None
	#: LN 第十五条 (转学手续一般在学期结束前或新学期开学后1个月内办理): a filing in the holidays between two terms
	#: is inside the window too (it is made before the new term opens)
	window_includes_holidays: bool = False
	forbidden_terms: tuple[str, ...] = ()  # "31:1" = 高一 first term
	forbid_same_city: bool = False
	forbid_non_model_to_model_from_other_city: bool = False
	forbid_private_to_public_from_other_city: bool = False
	receiving_school_cap: int | None = None
	receiving_class_cap: int | None = None
	forbid_after_exam_registration: bool = False
	require_guardian_household_match: bool = False
	#: YK 第十三条(三): the tier that reviews a transfer in and designates the receiving school before the schools act
	#: (市教育局审核通过后指定转入学校); None: no prior review
	transfer_prior_review: str | None = None
	#: YK 第十三条(三) 第五步: the tier the approved transfer application is sent to for its archive (报送市教育局存档)
	transfer_archive: str | None = None
	#: FAQ 第十二问: across provinces, the family's written application is the only paper a transfer needs
	cross_province_transfer_documents: tuple[str, ...] = ()
	# suspension and resumption
	suspension_years: int = 1
	suspension_extensions: int = 1
	suspension_max_count: int | None = None
	#: 延缓入学 (LN 第四条): how many months after the enrollment date a deferral may run (None: 12; 0: none)
	enrollment_deferral_max_months: int | None = None
	forbid_suspension_last_term: bool = True
	#: YK 第十四条(三): in the graduating grade's last term, a pupil who meets a serious accident or illness after
	#: registering for the 高考 may still suspend, with the documents listed under "Suspension:Last Term Exception"
	last_term_suspension_after_exam: bool = False
	resumption_apply_workdays_before_expiry: int | None = None
	# dropout and withdrawal; in compulsory education the roll is kept (LN 第二十三条): no 退学, no 开除
	withdrawal_allowed: bool = True
	expulsion_allowed: bool = True
	#: 肄业 instead of 退学 after this many years of study in the stage (YK 第二十七条)
	incomplete_after_study_years: int | None = None
	dropout_absence_weeks: int = 4
	withdrawal_no_resumption_workdays: int | None = None
	withdrawal_continuous_suspension_years: int | None = None
	truancy_continuous_weeks: int | None = None
	truancy_cumulative_weeks: int | None = None
	# grades
	repeat_allowed: bool = True
	skip_allowed: bool = True
	# the school year's end (dates as MM-DD of the summer the year ends in)
	graduation_deadline: str | None = None
	#: the year-end run (promotion, graduation) is confirmed from this date of the school year (MM-DD: January to
	#: August of the summer that ends it, September to December of its start), not before
	year_end_opens_on: str | None = "06-01"
	year_end_reversal_until: str | None = "08-31"
	certificate_number_format: str | None = None
	#: what a graduating student must meet; one not met gives 结业 instead of 毕业
	graduation_conditions: tuple[str, ...] = ()
	# moving on to the next stage (升学): when it is open, and when an unclaimed graduate is listed
	next_stage_window_start: str | None = None
	next_stage_window_end: str | None = None
	unclaimed_graduates_after: str | None = None
	# may a bureau above the step's bureau act on it (a city on a county's step)?
	superior_may_act: bool = False
	# who approves: change type -> "Authority" (the school's 学籍主管部门) or a tier ("County", "City", "Province")
	approver: Mapping[str, str] = field(default_factory=dict)
	#: reasons a case names, as codes: change type -> ((code, label), …); a type listed here needs one of them
	change_reasons: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
	# evidence: "Type" or "Type:Reason" -> list of documents; for a change in FOLLOWS the reason may be the
	# reason of the case it ends ("Resumption:Illness": a resumption after a suspension for illness)
	required_evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

	def approver_for(self, change_type: str) -> str:
		return self.approver.get(change_type, AUTHORITY)

	def reasons_for(self, change_type: str) -> tuple[tuple[str, str], ...]:
		return tuple(self.change_reasons.get(change_type, ()))

	def reason_label(self, change_type: str, code: str | None) -> str:
		return next((label for c, label in self.reasons_for(change_type) if c == code), code or "")

	def exception_evidence(self, change_type: str, exception: str) -> tuple[str, ...]:
		"""The documents an exception to a rule must carry (key "<change type>:<exception>")."""
		return tuple(self.required_evidence.get(f"{change_type}:{exception}", ()))

	def evidence_for(self, change_type: str, reason: str | None = None, original_reason: str | None = None) -> tuple[str, ...]:
		"""The documents a case must carry: those of its type, of its own reason, and (for a change that ends an
		earlier one) of the reason of that earlier case."""
		keys = [change_type] + [f"{change_type}:{r}" for r in (reason, original_reason) if r]
		out: list[str] = []
		for key in keys:
			out += [d for d in self.required_evidence.get(key, ()) if d not in out]
		return tuple(out)


PARAMETER_NAMES = tuple(f.name for f in fields(Policy))


def resolve(layers: Iterable[Mapping]) -> Policy:
	"""Merge policy layers from the widest (national) to the nearest (county); ``None`` sets nothing.
	Mappings (approver, required_evidence) merge key by key."""
	merged: dict = {}
	for layer in layers:
		for name, value in layer.items():
			if name not in PARAMETER_NAMES or value is None:
				continue
			if name in ("approver", "required_evidence", "change_reasons"):
				merged[name] = {**merged.get(name, {}), **value}
			elif name in ("transfer_reasons", "forbidden_terms", "graduation_conditions", "cross_province_transfer_documents"):
				merged[name] = tuple(value)
			else:
				merged[name] = value
	if "required_evidence" in merged:
		merged["required_evidence"] = {k: tuple(v) for k, v in merged["required_evidence"].items()}
	if "change_reasons" in merged:
		merged["change_reasons"] = {k: tuple(tuple(r) for r in v) for k, v in merged["change_reasons"].items()}
	return Policy(**merged)


BOOLEAN_PARAMETERS = tuple(f.name for f in fields(Policy) if f.type in ("bool",))
NUMBER_PARAMETERS = tuple(f.name for f in fields(Policy) if f.type in ("int", "int | None"))
#: dates of the year as MM-DD
TEXT_PARAMETERS = ("certificate_number_format",)
#: a tier ("County", "City", "Province") a step names
TIER_PARAMETERS = ("transfer_prior_review", "transfer_archive")
MONTH_DAY_PARAMETERS = tuple(f.name for f in fields(Policy)
							 if f.type == "str | None" and f.name not in (*TEXT_PARAMETERS, *TIER_PARAMETERS))


def parse_number(name: str, value: object) -> int | None:
	"""A policy number as entered ('' inherits)."""
	text = str(value if value is not None else "").strip()
	if text == "":
		return None
	if not text.isdigit():
		raise PolicyNumberInvalid(field=name, value=text)
	return int(text)


def reason_table(rows: Iterable[tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
	"""Rows (change type, code, label) as the policy's reasons per change type; a code twice for one type is refused."""
	out: dict[str, list[tuple[str, str]]] = {}
	for change, code, label in rows:
		if any(c == code for c, _label in out.get(change, [])):
			raise ReasonCodeDuplicate(field="change_reasons", value=code, change=change)
		out.setdefault(change, []).append((code, label or code))
	return out


def parse_yes_no(value: object) -> bool | None:
	return {"Yes": True, "No": False}.get(str(value or ""))


def parse_month_day(name: str, value: object) -> str | None:
	"""A policy date entered as MM-DD ('' inherits)."""
	import datetime as dt

	text = str(value or "").strip()
	if not text:
		return None
	try:
		month, day = (int(part) for part in text.split("-"))
		dt.date(2024, month, day)  # a leap year: 02-29 is a date some years have
	except ValueError:
		raise MonthDayInvalid(field=name, value=text) from None
	return f"{month:02d}-{day:02d}"
