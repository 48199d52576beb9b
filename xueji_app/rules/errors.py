"""One exception class per business rule.

Each class carries a message template (English source, translated at the Frappe boundary) that names
the field and states the rule. ``{field}`` is replaced by the field's label in the user's language.
"""

from __future__ import annotations


def _(text: str) -> str:
	"""Mark a string for translation extraction; translation happens at the Frappe boundary."""
	return text


def phrase(part: object, translate=lambda s: s) -> str:
	"""A parameter's part: a text, or a (template, numbers…) phrase."""
	if isinstance(part, tuple):
		return translate(part[0]).format(*part[1:])
	return str(part)


class RuleViolation(Exception):
	"""A business rule refused the input. ``field`` is the DocType fieldname the rule is about."""

	#: Frappe turns this into HTTP 417 (like ``frappe.ValidationError``) instead of a 500.
	http_status_code = 417
	#: whose policy the rule is, where a case has two (a transfer's "receiving" or "sending" side)
	side: str | None = None
	template = _("{field}: the value is not allowed")

	def __init__(self, *args: object, field: str | None = None, **params: object) -> None:
		self.field = field
		self.params = params
		super().__init__(*(args or (self.render(),)))

	def render(self, translate=lambda s: s, label: str | None = None) -> str:
		"""The message in the language ``translate`` gives, the field shown as ``label``."""
		params = {k: ("" if v is None else " / ".join(map(phrase, v)) if isinstance(v, tuple) else v) for k, v in self.params.items()}
		return translate(self.template).format(field=label or self.field or "", **params)


# --- Administrative Region --------------------------------------------------------------------------


class RegionCodeFormatError(RuleViolation):
	template = _("{field} must be exactly 6 digits (GB/T 2260), got «{value}»")


class RegionLevelError(RuleViolation):
	template = _("{field}: a {level} must sit directly under a {parent_level}, not under «{parent}»")


class RegionCodeParentMismatch(RuleViolation):
	template = _("{field} «{value}» must start with the first {digits} digits of its parent's code {parent_code}")


class RegionCodeLevelPattern(RuleViolation):
	template = _("{field} «{value}» does not have the form of a {level} code: {rule}")


# --- School -------------------------------------------------------------------------------------------


class SchoolCodeFormatError(RuleViolation):
	template = _("{field} must be exactly 10 digits, got «{value}»")


class SchoolCodeProvinceMismatch(RuleViolation):
	template = _(
		"{field} «{value}»: digits 3–4 ({digits}) must equal the province code {province_digits} of the school's region"
	)


class SchoolRegionLevelError(RuleViolation):
	template = _("{field} must be a county-level region, «{value}» is a {level}")


class AuthorityNotAncestor(RuleViolation):
	template = _("{field} «{value}» must be the school's county or a city or province above it")


class SchoolStageMismatch(RuleViolation):
	template = _("{field}: a school of type {school_type} cannot teach {stage}")


class SchoolStagesMissing(RuleViolation):
	template = _("{field}: a school must teach at least one stage")


class MergedSchoolTarget(RuleViolation):
	template = _("{field} is required when the status is Merged, and must be another school")


# --- Academic Year and School Class ---------------------------------------------------------------------


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


# --- Roll Officer ---------------------------------------------------------------------------------------


class OfficerNodeMissing(RuleViolation):
	template = _("{field} is required for the tier {tier}")


class OfficerRegionLevelError(RuleViolation):
	template = _("{field}: the tier {tier} serves a {expected} region, «{value}» is a {level}")


class OfficerAppointmentOutOfScope(RuleViolation):
	template = _("{field}: you may only appoint officers of your own tier or below, inside your own region")


# --- Identity (GB 11643, 学籍号, 查重) -------------------------------------------------------------------


class ResidentIdFormatError(RuleViolation):
	template = _("{field} «{value}» must be 18 characters: 17 digits and a check character (0–9 or X)")


class ResidentIdChecksumError(RuleViolation):
	template = _("{field} «{value}»: the check character should be {expected} (GB 11643)")


class ResidentIdBirthDateError(RuleViolation):
	template = _("{field} «{value}»: digits 7–14 are not a real date of birth")


class ResidentIdBirthMismatch(RuleViolation):
	template = _("{field}: the birth date in the ID ({id_date}) differs from the date of birth {record_date}")


class ResidentIdGenderMismatch(RuleViolation):
	template = _("{field}: the 17th digit of the ID says {id_gender}, the record says {record_gender}")


class IdNumberFormatError(RuleViolation):
	template = _("{field} «{value}» is not a valid number for the document type {id_type}: {rule}")


class IdNumberRequired(RuleViolation):
	template = _("{field} is required for the document type {id_type}")


class IdReasonRequired(RuleViolation):
	template = _("{field}: without an ID document (type Z) a reason is required")


class StudentNumberFormatError(RuleViolation):
	template = _("{field} «{value}» is not a valid student number: {rule}")


class DuplicateStudent(RuleViolation):
	template = _("{field}: this student is already on the roll at {school} (student number {number}); resolve that record instead of creating another")


class DuplicateGraduate(DuplicateStudent):
	template = _("{field}: this student finished the previous stage at {school} (student number {number}); the record continues here: file a transfer marked as moving on to the next stage (升学接续) instead of creating another")


# --- Student record and registration ---------------------------------------------------------------------


class MissingGuardian(RuleViolation):
	template = _("{field}: at least one family member must be marked as guardian")


class RegionCodeFieldFormat(RuleViolation):
	template = _("{field} must be a 6-digit region code (GB/T 2260), got «{value}»")


class EnrollmentBeforeBirth(RuleViolation):
	template = _("{field} {value} cannot be before the date of birth")


class SchoolNotActive(RuleViolation):
	template = _("{field}: the school «{school}» is not active (merged or closed) and cannot take students")


class GradeNotTaught(RuleViolation):
	template = _("{field}: the school «{school}» does not teach the grade {grade}")


class ClassMismatch(RuleViolation):
	template = _("{field}: the class «{value}» belongs to another school or grade")


class KeyFieldLocked(RuleViolation):
	template = _("{field} is key data of a registered student: change it through a Student Info Change with proof")


class DirectStateChange(RuleViolation):
	template = _("{field} changes only through a workflow action, never by editing the record")


class PartyMismatch(RuleViolation):
	template = _("{field}: this step belongs to {party}; you are not that party")


class SupplementaryNeedsConfirmation(RuleViolation):
	template = _("{field}: a supplementary registration (补建学籍) needs the authority's explicit duplicate-check confirmation before approval")


class RejectionReasonRequired(RuleViolation):
	template = _("{field}: a rejection needs a reason")


class OpenCaseExists(RuleViolation):
	template = _("{field}: the student already has an open case ({case}); finish it before filing another")


class StudentNotRegistered(RuleViolation):
	template = _("{field}: the student has no approved roll yet; correct the registration instead")


class NothingChanged(RuleViolation):
	template = _("{field}: the new value of {label} is the same as the old one")


class DuplicateChangeField(RuleViolation):
	template = _("{field}: {label} is listed twice")


# --- Excel import ----------------------------------------------------------------------------------------


class ImportFileError(RuleViolation):
	"""The file as a whole cannot be read; nothing is imported."""

	template = _("{field}: the file cannot be imported")


class ImportNotXlsx(ImportFileError):
	template = _("{field}: the file is not an Excel workbook (.xlsx); save it as .xlsx and upload again")


class ImportExtraSheets(ImportFileError):
	template = _("{field}: the workbook has {count} sheets ({sheets}); keep only the student sheet")


class ImportMergedCells(ImportFileError):
	template = _("{field}: the sheet has merged cells ({ranges}); unmerge them so every row is one student")


class ImportTooManyRows(ImportFileError):
	template = _("{field}: the sheet has {count} rows; at most {limit} students can be imported at once, split the file")


class ImportHeaderError(ImportFileError):
	template = _("{field}: column {column} should be «{expected}» but is «{found}»; use the downloaded template")


class ImportEmptyFile(ImportFileError):
	template = _("{field}: the sheet has no student rows under the header")


class ImportFileTooLarge(ImportFileError):
	template = _("{field}: the file is {size} MB; at most {limit} MB can be imported at once, split the file")


class ImportArchiveTooLarge(ImportFileError):
	template = _("{field}: the workbook unpacks to {size} MB (part {part}); at most {limit} MB is read, the file is not an ordinary student sheet")


class ImportCompressionRatio(ImportFileError):
	template = _("{field}: part {part} of the workbook is compressed {ratio}:1; a student sheet is never packed that densely, the file is refused")


class ImportTooManyColumns(ImportFileError):
	template = _("{field}: the sheet spans {count} columns; the template has {limit} at most")


class ImportRequired(RuleViolation):
	template = _("{field} is required")


class ImportBadDate(RuleViolation):
	template = _("{field}: «{value}» is not a date (use yyyy/MM/dd, yyyy-MM-dd or yyyyMMdd)")


class ImportUnknownCode(RuleViolation):
	template = _("{field}: «{value}» is neither a code nor a name of the code table {table}; accepted: {allowed}")


class ImportBadNumber(RuleViolation):
	template = _("{field}: «{value}» is not a number")


class ImportTextTooLong(RuleViolation):
	template = _("{field}: the text has {length} characters; at most {limit} are allowed")


class ImportFormula(RuleViolation):
	template = _("{field}: the cell holds a formula («{value}»); paste values only")


class ImportWrongSchool(RuleViolation):
	template = _("{field}: «{value}» is not a school you may import students into")


class ImportDuplicateInFile(RuleViolation):
	template = _("{field}: the same student appears again in row {row}")


class ImportEmptyRow(RuleViolation):
	template = _("{field}: the row is empty and was skipped")


# --- Holiday Calendar ----------------------------------------------------------------------------------


class HolidayOutsideYear(RuleViolation):
	template = _("{field}: {value} is not in the year {year}")


class MakeUpDayNotWeekend(RuleViolation):
	template = _("{field}: a make-up working day must be a Saturday or Sunday, {value} is not")


class HolidayDateTwice(RuleViolation):
	template = _("{field}: {value} is listed twice")


# --- Roll change eligibility (每条规则一个异常类) -------------------------------------------------------------


class NotEnrolledInSchool(RuleViolation):
	template = _("{field}: only a student on the roll and in school (在籍在校) can {change}; the student is {status}")


class TransferReasonNotAllowed(RuleViolation):
	template = _("{field}: «{value}» is not a transfer reason the policy allows")


class GradeMustStaySame(RuleViolation):
	template = _("{field}: a transfer keeps the grade ({from_grade}), not {to_grade}")


class OutsideTransferWindow(RuleViolation):
	template = _("{field}: {value} is outside the transfer window of the policy ({window})")


class ForbiddenTerm(RuleViolation):
	template = _("{field}: the policy allows no transfer in grade {grade}, term {term}")


class SameCityTransferForbidden(RuleViolation):
	template = _("{field}: the policy forbids transfers between two schools of the same city")


class NonModelToModelForbidden(RuleViolation):
	template = _("{field}: a student of another city's non-model school cannot transfer into a provincial model school")


class PrivateToPublicForbidden(RuleViolation):
	template = _("{field}: a student of another city's private school cannot transfer into a public school")


class ReceivingSchoolFull(RuleViolation):
	template = _("{field}: the receiving school has {count} students, the cap is {cap}")


class ReceivingClassFull(RuleViolation):
	template = _("{field}: the receiving class has {count} students, the cap is {cap}")


class AfterExamRegistration(RuleViolation):
	template = _("{field}: a student registered for the college entrance exam cannot transfer")


class GuardianHouseholdMismatch(RuleViolation):
	template = _("{field}: the student's household register must match a guardian's")


class SuspensionInLastTerm(RuleViolation):
	template = _("{field}: no suspension in the last term of the graduating grade")


class SuspensionCountExceeded(RuleViolation):
	template = _("{field}: the student has been suspended {count} times; the policy allows {limit}")


class NotInStatus(RuleViolation):
	template = _("{field}: {change} needs a student who is {expected}; the student is {status}")


class ResumptionApplicationLate(RuleViolation):
	template = _("{field}: resumption must be applied for before the suspension ends on {deadline} (within its last {days} working days)")


class DropoutThresholdNotMet(RuleViolation):
	template = _("{field}: dropout needs {weeks} consecutive weeks of unexcused absence, the case states {value}")


class WithdrawalGroundsMissing(RuleViolation):
	template = _("{field}: a withdrawal decided by the school needs one of the grounds of the policy")


class GradeChangeNotAllowed(RuleViolation):
	template = _("{field}: the policy does not allow {change}")


class GradeChangeDirection(RuleViolation):
	template = _("{field}: {change} must move from {from_grade} to a {direction} grade of the same stage")


class EvidenceMissing(RuleViolation):
	template = _("{field}: required evidence is missing: {missing}")


class ReasonRequired(RuleViolation):
	template = _("{field}: a case of {change} names one of the policy's reasons: {allowed}")


class ReasonNotListed(RuleViolation):
	template = _("{field}: «{value}» is not a reason the policy lists for {change} (it lists: {allowed})")


class GradePlacementUnderSystem(RuleViolation):
	template = _("{field}: grade {from_grade} under the {from_system} system goes on as grade {expected} under the receiving school's {to_system} system, not {to_grade}")


class ReasonCodeDuplicate(RuleViolation):
	template = _("{field}: the reason code «{value}» is listed twice for {change}")


class WithdrawalGroundNotMet(RuleViolation):
	template = _("{field}: the ground «{reason}» is not met by the facts of the case")


class ArchiveNotDue(RuleViolation):
	template = _("{field}: only an approved transfer whose policy names an archive is archived")


class ArchiveDone(RuleViolation):
	template = _("{field}: the application was archived on {date}")


class SameSchoolTransfer(RuleViolation):
	template = _("{field}: the receiving school is the student's own school")


class PolicyNumberInvalid(RuleViolation):
	template = _("{field} must be a whole number of zero or more, or empty to inherit; got «{value}»")


class DuplicatePolicy(RuleViolation):
	template = _("{field}: a policy for this region and stage exists already ({other})")


class NotEligible(RuleViolation):
	template = _("{field}: the case cannot be filed: {reasons}")


class WithdrawalNotAllowed(RuleViolation):
	template = _("{field}: in compulsory education the roll is kept until the compulsory years end; the policy allows no {change} at this stage")


class SuspensionExtensionsExceeded(RuleViolation):
	template = _("{field}: this suspension has been extended {count} times; the policy allows {limit}")


class ExtensionAfterExpiry(RuleViolation):
	template = _("{field}: an extension is applied for before the suspension ends on {deadline}")


class NextStageNotFinished(RuleViolation):
	template = _("{field}: moving on to the next stage needs a student who graduated or completed the previous stage; the student is {status}")


class NextStageGrade(RuleViolation):
	template = _("{field}: a student moving on from {from_grade} enters {expected}, not {to_grade}")


class OutsideAdmissionWindow(RuleViolation):
	template = _("{field}: moving on to the next stage is open from {start} to {end} only")


class EventDateRequired(RuleViolation):
	template = _("{field}: a {change} case states the date it happened")


class FallbackAdmissionNotAvailable(RuleViolation):
	template = _("{field}: the policy has no admission ahead of the sending side's decision")


class FallbackAdmissionNotYet(RuleViolation):
	template = _("{field}: the receiving school may admit the pupil {limit} working days after its authority approved, while the sending side has not decided; {days} have passed")


class FallbackAdmissionDone(RuleViolation):
	template = _("{field}: the pupil was admitted ahead of the sending side's decision on {date}")


# --- 学年末处理 (year-end run) ---------------------------------------------------------------------------


class CertificateFormatInvalid(RuleViolation):
	template = _("{field}: «{value}» is not a valid numbering rule; use {{school_code}}, {{year}}, {{stage}} and {{seq:04d}}")


class MonthDayInvalid(RuleViolation):
	template = _("{field}: «{value}» is not a date of the form MM-DD")


class YearEndRunExists(RuleViolation):
	template = _("{field}: the school has a year-end run for {year} already ({other})")


class YearEndNotLastYear(RuleViolation):
	template = _("{field}: {year} is not a school year of this school's students")


class YearEndReversalClosed(RuleViolation):
	template = _("{field}: a confirmed year-end run can be reversed until {deadline}; that date has passed")


class YearEndExceptionNotGraduating(RuleViolation):
	template = _("{field}: {student} is not in the graduating grade; only a graduating student can complete without graduating")


class GraduationConditionUnknown(RuleViolation):
	template = _("{field}: «{value}» is not a graduation condition of the policy; it names {conditions}")


class CertificateNotEarned(RuleViolation):
	template = _("{field}: {document} is issued only to a student who {needs}; this student is {status}")


# --- 问题学籍 -------------------------------------------------------------------------------------------


class ResolutionNotAllowed(RuleViolation):
	template = _("{field}: the problem «{problem}» may only be resolved by {allowed}")


class ResolutionEvidenceMissing(RuleViolation):
	template = _("{field}: a resolution by evidence (佐证) needs the evidence file")


class ResolutionInfoChangeMissing(RuleViolation):
	template = _("{field}: a resolution by change (变更) names the Student Info Change that corrects the record")


class ResolutionDeleteNotAuthority(RuleViolation):
	template = _("{field}: only the student's roll authority may delete (删除) a record")


class ProblemAlreadyResolved(RuleViolation):
	template = _("{field}: this problem of the student is resolved already ({other})")


# --- 数据核查 -------------------------------------------------------------------------------------------


class DataCheckConfirmedAlready(RuleViolation):
	template = _("{field}: the school confirmed its data check for {term} already, on {date}")


class DataCheckOpenProblems(RuleViolation):
	template = _("{field}: {count} problem records of the school are still open; resolve them before confirming")


# --- Access: who may write what (rules.access) -------------------------------------------------------------


class AccessViolation(RuleViolation):
	"""A write the user is not entitled to make: answered 403, the field and the rule named."""

	http_status_code = 403
	template = _("{field}: you may not change this")


class OutOfScope(AccessViolation):
	template = _("{field}: «{value}» is outside your scope")


class PlacementLocked(AccessViolation):
	template = _("{field} places the record; it changes only through the case that moves it, never by editing")


class ServerOwnedField(AccessViolation):
	template = _("{field} is kept by the system from approvals and decisions; it cannot be edited")


class AttestedField(AccessViolation):
	template = _("{field} is confirmed by {party} alone; nobody else may change it")


class NotAnEditor(AccessViolation):
	template = _("{field}: a {tier} does not edit this record; act on it through its approvals")


class CaseFrozen(AccessViolation):
	template = _("{field}: the case is «{state}»; its content is fixed once filed (withdraw it, or wait for it to be returned, to change it)")


class DirectRowEdit(AccessViolation):
	template = _("{field}: rows are changed through their document, not one by one")


class AttachmentNotReadable(AccessViolation):
	template = _("{field}: «{value}» is not a file of yours or of a record you may read; upload the file itself")


class SelfAppointment(AccessViolation):
	template = _("{field}: nobody changes their own officer record; ask the bureau that appointed you")


class ExportGrantRefused(AccessViolation):
	template = _("{field}: the right to export is granted by a bureau above the officer's own tier")


class TransferLookupRequired(AccessViolation):
	template = _("{field}: a student of another school is found by 学籍号 or ID number (找学生) before a transfer is filed")


# --- values of any form or request ---------------------------------------------------------------------


class ValueNotANumber(RuleViolation):
	template = _("{field}: «{value}» is not a number")


class UploadEmpty(RuleViolation):
	template = _("{field}: the file «{value}» is empty (0 bytes); choose the file again")


class ValueNotADate(RuleViolation):
	template = _("{field}: «{value}» is not a date (yyyy-mm-dd)")


class ValueNotFinite(RuleViolation):
	template = _("{field}: «{value}» is not a finite number")


class ValueOutOfRange(RuleViolation):
	template = _("{field}: {value} is outside the allowed range {low} to {high}")


class ValueNotText(RuleViolation):
	template = _("{field}: expected a single value, got {kind}")


class ValueNotRows(RuleViolation):
	template = _("{field}: expected a list of rows")


class ArgumentTypeError(RuleViolation):
	template = _("{field}: expected {expected}, got {kind}")


# --- prepared files ------------------------------------------------------------------------------------


class RegisterTooLarge(RuleViolation):
	template = _("{field}: the register has {rows} rows, more than {limit} can be made while you wait; "
				 "ask for it from the school's form (Registers), which prepares it in the background")
