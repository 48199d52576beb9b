"""Who approves, in which order: the party chain of each case."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class PartyMismatch(RuleViolation):
	template = _("{field}: this step belongs to {party}; you are not that party")


class RejectionReasonRequired(RuleViolation):
	template = _("{field}: a rejection needs a reason")


SCHOOL, AUTHORITY = "School", "Authority"
TO, FROM, OWN = "Receiving", "Sending", "Own"
#: the bureau that reviews a transfer in and designates the receiving school before the schools act (YK 第十三条(三))
PRIOR = "Prior Review"


@dataclass(frozen=True)
class Party:
	kind: str  # School | Authority
	side: str  # Receiving | Sending | Own
	node: str  # a school or a region
	recorded_by: str | None = None  # for an outside-system party: the node here that records its step

	@property
	def key(self) -> str:
		return f"{self.side} {self.kind}"


def transfer_chain(
	to_school: str,
	to_authority: str,
	from_school: str,
	from_authority: str,
	next_stage: bool = False,
	from_outside: bool = False,
	to_outside: bool = False,
	prior_review: str | None = None,
) -> list[Party]:
	"""转学: receiving school → its authority → sending school → its authority (NAT, LN 第十四条).
	One authority for both schools acts once, after both schools. 毕业后跨省就学 and 升学接续: receiving
	school → its authority → the graduating school's authority (that authority once, where it is the same). A sending side outside this system is recorded by
	the receiving authority; a receiving side outside it, by the sending authority. ``prior_review``: the bureau
	that first reviews a transfer in and designates the receiving school (Yingkou: the city)."""
	first = [Party(AUTHORITY, PRIOR, prior_review)] if prior_review and not (to_outside or next_stage) else []
	return first + _transfer_parties(to_school, to_authority, from_school, from_authority, next_stage, from_outside, to_outside)


def _transfer_parties(to_school: str, to_authority: str, from_school: str, from_authority: str, next_stage: bool,
					  from_outside: bool, to_outside: bool) -> list[Party]:
	recorder = to_authority if from_outside else None
	if to_outside:
		return [
			Party(SCHOOL, TO, to_school, from_authority),
			Party(AUTHORITY, TO, to_authority, from_authority),
			Party(SCHOOL, FROM, from_school),
			Party(AUTHORITY, FROM, from_authority),
		]
	if next_stage and to_authority == from_authority and not from_outside:
		return [Party(SCHOOL, TO, to_school), Party(AUTHORITY, OWN, to_authority)]
	if next_stage:
		return [
			Party(SCHOOL, TO, to_school),
			Party(AUTHORITY, TO, to_authority),
			Party(AUTHORITY, FROM, from_authority, recorder),
		]
	if to_authority == from_authority and not from_outside:
		return [Party(SCHOOL, TO, to_school), Party(SCHOOL, FROM, from_school), Party(AUTHORITY, OWN, to_authority)]
	return [
		Party(SCHOOL, TO, to_school),
		Party(AUTHORITY, TO, to_authority),
		Party(SCHOOL, FROM, from_school, recorder),
		Party(AUTHORITY, FROM, from_authority, recorder),
	]


def change_chain(school: str, approving_region: str) -> list[Party]:
	"""Other changes: the student's school (its head), then the approving bureau the policy names."""
	return [Party(SCHOOL, OWN, school), Party(AUTHORITY, OWN, approving_region)]


def approving_region(approver: str, authority_region: str, ancestors_by_level: dict[str, str]) -> str:
	"""The policy names "Authority" (the school's 学籍主管部门) or a tier; a tier resolves to the school's
	region of that level. ``ancestors_by_level``: level -> region of the school's county chain."""
	if approver == "Authority":
		return authority_region
	return ancestors_by_level.get(approver, authority_region)
