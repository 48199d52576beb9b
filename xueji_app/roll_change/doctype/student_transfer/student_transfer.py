# Copyright (c) 2026, Xueji contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today
from frappe.utils.nestedset import get_ancestors_of

from xueji_app.overrides.document import CheckedValues
from xueji_app.rules import chains, eligibility
from xueji_app.rules.access import TransferLookupRequired
from xueji_app.rules.eligibility import ArchiveDone, TransferFacts
from xueji_app.rules.policy import TRANSFER, Policy
from xueji_app.rules.regions import city_of_code
from xueji_app.rules.student import STATUS_AXES
from xueji_app.services.cases import case as steps
from xueji_app.services.cases.cases import close_case
from xueji_app.services.cases.facts import student_facts, terms_around
from xueji_app.services.core.api import whitelist
from xueji_app.services.core.errors import raise_violation, rule_boundary
from xueji_app.services.core.policy import policy_for
from xueji_app.services.roll import student as student_service
from xueji_app.services.security.scope import get_scope


class StudentTransfer(CheckedValues, steps.CaseDocument):
	"""转学: filed by the receiving school; receiving school → its authority → sending school → its authority."""
	STATE_FIELD = "transfer_state"
	SCHOOL_FIELD = None

	def validate(self) -> None:
		super().validate()
		self.check_lookup()
		self.set_sides()

	def _validate_links(self):
		"""Frappe fetches 转出学校 from the student's record whenever the case is saved; a pupil coming from outside
		this system has a record that starts at the receiving school, so the fetched value is cleared again before
		the guard compares the case with its stored self (which holds none)."""
		super()._validate_links()
		if self.from_outside:
			self.from_school = self.from_region = self.from_authority = None

	def check_lookup(self) -> None:
		"""A receiving school names another school's student by the number the family gave (找学生), never
		by picking a record; the number shown on the case is masked, and ``student_lookup`` is not kept."""
		from xueji_app.rules.identity import mask_student_number
		from xueji_app.services.security.guard import is_trusted

		lookup, self.student_lookup = (self.student_lookup or "").strip(), None
		if not self.student:
			return
		row = frappe.db.get_value("Student", self.student, ["school", "student_number", "id_number"], as_dict=True) or {}
		scope = get_scope()
		if self.is_new() and not is_trusted(self) and not scope.is_admin and row.get("school") != scope.school:
			if not lookup or not matches(lookup, row):
				raise_violation(TransferLookupRequired(field="student_lookup"), self.doctype)
		self.student_number = mask_student_number(row.get("student_number")) or None

	def set_sides(self) -> None:
		if self.to_outside:
			self.to_school = self.to_region = self.to_authority = None
		elif self.is_new() and not self.to_school:
			self.to_school = get_scope().school
		if self.from_outside:
			self.to_school = self.to_school or frappe.db.get_value("Student", self.student, "school")
			self.from_school = self.from_region = self.from_authority = None
		for side in ("from", "to"):
			school = self.get(f"{side}_school")
			if school:
				region, authority = frappe.get_cached_value("School", school, ["region", "authority_region"])
				self.set(f"{side}_region", region)
				self.set(f"{side}_authority", authority)
		self.to_grade = self.to_grade or self.entry_grade() or self.placement() or self.grade
		to_bureau, from_bureau = self.approving_bureaus()
		self.same_authority = int(bool(from_bureau) and from_bureau == to_bureau)
		review = self.policy().transfer_prior_review if self.to_school and not self.next_stage else None
		self.prior_review_region = self.receiving_region(review)

	def receiving_region(self, tier: str | None) -> str | None:
		"""The receiving school's region of ``tier`` (a tier the receiving policy names; YK: the city), if any."""
		return steps.tier_region(self.to_school, tier) if tier and self.to_school else None

	def approving_bureaus(self) -> tuple[str | None, str | None]:
		"""The bureau that decides each side's step: the school's 学籍主管部门, or the tier its own policy names
		for transfers (Yingkou: 市教育局核准)."""
		stage = frappe.get_cached_value("Grade", self.to_grade or self.grade, "stage") if (self.to_grade or self.grade) else "Primary"
		from_stage = frappe.get_cached_value("Grade", self.grade, "stage") if self.grade else stage
		to_bureau = steps.approving_bureau(self.to_school, TRANSFER, policy_for(self.to_school, stage)) if self.to_school else None
		from_bureau = (steps.approving_bureau(self.from_school, TRANSFER, policy_for(self.from_school, from_stage))
					   if self.from_school else None)
		return to_bureau, from_bureau

	def school_systems(self) -> tuple[str | None, str | None]:
		"""The sending and receiving schools' 学制 (a school outside this system: as the case gives it)."""
		def system(school):
			return (frappe.get_cached_value("School", school, "school_system") if school else self.get("outside_school_system")) or None

		return system(self.from_school), system(self.to_school)

	def placement(self) -> str | None:
		"""FAQ 第八问: between schools of different 学制 the grade of the same year of school."""
		return eligibility.placement_grade(self.grade, *self.school_systems()) if self.grade else None

	def entry_grade(self) -> str | None:
		"""升学: the first grade of the stage after the one the student finished."""
		from xueji_app.rules.school_year import NEXT_STAGE, entry_grade, stage_of

		following = NEXT_STAGE.get(stage_of(self.grade or "") or "") if self.next_stage else None
		return entry_grade(following) if following else None

	# --- eligibility (the receiving side's policy) -----------------------------------------------
	def filing_school(self) -> str:
		"""The receiving school files; for a move out of this system, the sending school does."""
		return self.from_school if self.to_outside else self.to_school

	def evidence_required(self) -> list[str]:
		"""Within a province what the receiving side's policy asks; across provinces only the family's written
		application (FAQ 第十二问). Moving on to the next stage (升学接续) is not a transfer: none of the transfer papers
		is asked, and the form lists none (it listed the four Liaoning papers, of which none was checked)."""
		if self.next_stage:
			return []
		return list(eligibility.transfer_documents(self.policy(), self.reason, self.cross_province()))

	def province_of(self, school: str | None) -> str | None:
		if not school:  # outside this system: the province of the county code entered
			return f"{self.outside_region[:2]}0000" if self.outside_region and (self.from_outside or self.to_outside) else None
		county = frappe.get_cached_value("School", school, "region")
		return next((r for r in [*get_ancestors_of("Administrative Region", county), county]
					 if frappe.get_cached_value("Administrative Region", r, "level") == "Province"), None)

	def cross_province(self) -> bool:
		sending, receiving = self.province_of(self.from_school), self.province_of(self.to_school)
		return bool(sending and receiving and sending != receiving)

	def policy(self) -> Policy:
		stage = frappe.get_cached_value("Grade", self.to_grade or self.grade, "stage") if (self.to_grade or self.grade) else "Primary"
		return policy_for(self.filing_school(), stage)

	def facts(self) -> TransferFacts:
		def city(school):
			if not school:  # outside this system: the city of the county code the receiving school entered
				with rule_boundary(self.doctype):
					return city_of_code(self.outside_region, "outside_region") if (self.from_outside or self.to_outside) else None
			county = frappe.get_cached_value("School", school, "region")
			chain = [*get_ancestors_of("Administrative Region", county), county]
			return next((r for r in chain if frappe.get_cached_value("Administrative Region", r, "level") == "City"), None)

		outside = frappe._dict(is_provincial_model=int(bool(self.outside_is_model)),
							   ownership="Private School" if self.outside_is_private else "Public School")
		sending = frappe.get_cached_doc("School", self.from_school) if self.from_school else outside
		receiving = frappe.get_cached_doc("School", self.to_school) if self.to_school else outside
		day = getdate(self.filing_date or today())
		from_system, to_system = self.school_systems()
		return TransferFacts(
			reason=self.reason, from_school=self.from_school or self.outside_school_name,
			to_school=self.to_school or self.outside_school_name,
			from_grade=self.grade or "", to_grade=self.to_grade or "", filing_date=day, terms=terms_around(day),
			from_city=city(self.from_school), to_city=city(self.to_school),
			from_model=bool(sending.is_provincial_model), to_model=bool(receiving.is_provincial_model),
			from_private=sending.ownership == "Private School", to_private=receiving.ownership == "Private School",
			to_school_size=frappe.db.count("Student", {"school": self.to_school, "on_roll": 1}) if self.to_school else 0,
			to_class_size=receiving_class_size(self.to_school, self.to_grade, day) if self.to_school else None,
			exam_registered=bool(self.exam_registered),
			from_system=from_system, to_system=to_system,
			cross_province=self.cross_province(),
		)

	def eligibility(self) -> list:
		policy = self.policy()
		student = frappe.get_doc("Student", self.student)
		day = getdate(self.filing_date or today())
		facts = student_facts(student, exclude_case=(self.doctype, self.name), on=day)
		if self.next_stage:
			return eligibility.next_stage(policy, facts, self.grade or "", self.to_grade or "", day, bool(self.from_outside))
		facts.household_matches_guardian = bool(self.guardian_household_matches)
		if self.from_outside and student.status_label == "Pending Registration":
			facts.status_label = "Enrolled"  # on the roll of the other system; the record here is new
		out = eligibility.transfer_both(policy, self.sending_policy(), facts, self.facts())
		return out + eligibility.missing_evidence(policy, TRANSFER, self.reason, [e.evidence_type for e in self.evidence],
												  required=self.evidence_required())

	def sending_policy(self) -> Policy | None:
		"""The sending school's policy at the pupil's current stage (None for a school outside this system)."""
		if not self.from_school or self.from_school == self.filing_school():
			return None
		stage = frappe.get_cached_value("Grade", self.grade, "stage") if self.grade else "Primary"
		return policy_for(self.from_school, stage)

	# --- the case (steps, filing and decisions: services.cases.case.CaseDocument) ------------------------
	def parties(self) -> list:
		to_bureau, from_bureau = self.approving_bureaus()
		return chains.transfer_chain(
			self.to_school or self.outside_school_name, to_bureau or self.outside_authority_name,
			self.from_school or self.outside_school_name, from_bureau or self.outside_authority_name,
			bool(self.next_stage), bool(self.from_outside), bool(self.to_outside), self.prior_review_region,
		)

	# --- LN 第十五条: admission ahead of the sending side ---------------------------------------------
	def fallback_refusals(self) -> list:
		"""What stands against admitting the pupil now, ahead of the sending side's decision."""
		from xueji_app.services.core.calendar import get_calendar

		current = steps.current(self)
		to_bureau, from_bureau = self.approving_bureaus()
		receiving = next((s for s in reversed(self.steps) if current and s.step_no < current.step_no
						  and s.party_kind == chains.AUTHORITY and s.party == to_bureau and s.decision == "Approved"), None)
		waiting = bool(receiving) and to_bureau != from_bureau
		days = get_calendar().workdays_between(getdate(receiving.decided_at), getdate(today())) if receiving else None
		admitted = getdate(self.provisionally_admitted_on) if self.provisionally_admitted_on else None
		return eligibility.fallback_admission(self.policy(), waiting, days, admitted)

	@frappe.whitelist(methods=["POST"])
	def admit_provisionally(self) -> str:
		"""先行接收入学: the receiving school admits the pupil while the roll transfer waits for the sending side.
		The roll does not move; the case records the date (and the 转学联系表 shows it)."""
		stored = frappe.get_doc(self.doctype, self.name)
		steps.check_school(self.doctype, stored.to_school)
		steps.raise_all(stored.fallback_refusals(), self.doctype)
		stored.db_set("provisionally_admitted_on", today(), update_modified=False)
		stored.add_comment("Comment", _("Admitted ahead of the sending side's decision (LN 第十五条)"))
		return stored.provisionally_admitted_on

	def apply_to_student(self) -> None:
		"""On the last approval, atomically: the student moves to the receiving school, same grade; leaves
		the roll here for a school outside this system; or, coming from outside, goes on the roll here."""
		student = frappe.get_doc("Student", self.student, for_update=True)
		from_name = frappe.get_cached_value("School", self.from_school, "school_name") if self.from_school else self.outside_school_name
		offices = "、".join(dict.fromkeys(s.party_name for s in self.steps if s.party_kind == chains.AUTHORITY and s.decision == "Approved"))
		if self.to_outside:
			student.status_label = "Transferred Out"
			student.on_roll, student.in_school = STATUS_AXES["Transferred Out"]
		else:
			student.school, student.grade, student.school_class = self.to_school, self.to_grade or student.grade, None
		if self.next_stage and not self.to_outside:
			# 升学接续: the same record and 学籍号 go on at the new stage, on the roll and in school
			student.status_label = "Enrolled"
			student.on_roll, student.in_school = STATUS_AXES["Enrolled"]
			student.stage_entry_date = today()
		if self.from_outside:
			student.register()  # the 学籍号 and 在籍在校; the other system's number stays in the history
		event = "Stage Continuation" if self.next_stage else "Transfer"
		row = student_service.history_row(event, student, offices, self.reason_detail, reference=self)
		row["from_school"] = from_name
		if self.to_outside:
			row["to_school"] = self.outside_school_name
		student.append("history", row)
		student.flags.xueji_service = True
		student.save(ignore_permissions=True)
		if self.from_outside:
			frappe.db.set_value("Student", student.name, "registration_state", "Approved", update_modified=False)
		close_case(self.student, self.doctype, self.name)
		self.applied_on = today()
		self.archive_region = self.receiving_region(self.policy().transfer_archive)

	# --- YK 第十三条(三) 第五步: the approved application is sent to the city for its archive --------------------
	@frappe.whitelist(methods=["POST"])
	def record_archive(self) -> str:
		"""存档: the bureau the receiving side's policy names confirms it has the approved transfer application."""
		from xueji_app.rules.eligibility import ArchiveNotDue

		stored = frappe.get_doc(self.doctype, self.name)
		if not stored.archive_region or stored.transfer_state != "Approved":
			raise_violation(ArchiveNotDue(field="archive_region"), self.doctype)
		if stored.archived_on:
			raise_violation(ArchiveDone(field="archived_on", date=str(stored.archived_on)), self.doctype)
		office = frappe.db.get_value("Administrative Region", stored.archive_region, "bureau_name") or stored.archive_region
		steps.check_bureau(self.doctype, stored.archive_region, office, stored.policy(), field="archive_region")
		stored.db_set({"archived_on": today(), "archived_by": frappe.session.user}, update_modified=False)
		stored.add_comment("Comment", _("The approved transfer application is archived by {0}").format(office))
		return stored.archived_on


def receiving_class_size(school: str, grade: str | None, day) -> int | None:
	"""班额 of the receiving grade: the size of its least full class this school year (None without classes).
	The YK cap (50) refuses a transfer only when every class of the grade is full."""
	from xueji_app.rules.calendar_year import school_year_of, year_name

	classes = frappe.get_all("School Class", filters={"school": school, "grade": grade, "academic_year": year_name(school_year_of(day))},
							 pluck="name")
	if not classes:
		return None
	sizes = dict(frappe.db.sql(
		"select school_class, count(*) from `tabStudent` where school_class in %s and on_roll = 1 group by school_class",
		(tuple(classes),),
	))
	return min(sizes.get(c, 0) for c in classes)


def matches(lookup: str, row: dict) -> bool:
	"""Whether the number typed is the student's 学籍号 or ID number (exactly, case aside)."""
	from xueji_app.rules.identity import normalize_id

	lookup = lookup.strip().upper()
	return bool(lookup) and lookup in {(row.get("student_number") or "").upper(), normalize_id(row.get("id_number") or "")}


@whitelist(methods=["POST"])
def find_student(student_number: str | None = None, id_number: str | None = None) -> dict | None:
	"""找学生: school staff find a student of any school by the exact 学籍号 or ID number the family gave, to
	file a transfer. They learn the name, grade, school and a masked number, nothing more; every lookup is
	recorded in the Export Log (谁查询、谁负责)."""
	from xueji_app.rules.identity import mask_student_number, normalize_id
	from xueji_app.services.outputs.exports import log_export

	scope = get_scope()
	if not (scope.is_admin or scope.is_school):
		# thrown, not raised: the refusal's text goes with the 403 (a bare PermissionError answers without a word)
		frappe.throw(_("Only school staff find students to file a transfer"), frappe.PermissionError, title=_("Not allowed"))
	number = (student_number or "").strip().upper() if isinstance(student_number, str) else ""
	id_no = normalize_id(id_number) if isinstance(id_number, str) else ""
	if not (number or id_no):
		frappe.throw(_("Give the student's 学籍号 or ID number"), title=_("Not allowed"))
	filters = {"student_number": number} if number else {"id_number": id_no}
	row = frappe.db.get_value("Student", filters, ["name", "student_name", "school", "grade", "student_number"], as_dict=True)
	log_export("Student Lookup", "Student", None, None, {"by": "student_number" if number else "id_number",
		"value": mask_student_number(number) if number else id_no[:6] + "********" + id_no[-4:]}, 1 if row else 0)
	if not row:
		return None
	return {
		"name": row.name, "student_name": row.student_name, "grade": row.grade,
		"grade_name": _(frappe.get_cached_value("Grade", row.grade, "grade_name") or row.grade or ""),
		"school_name": frappe.get_cached_value("School", row.school, "school_name"),
		"student_number": mask_student_number(row.student_number),
		"lookup": number or id_no,
	}
