import datetime as dt

import pytest

from xueji_app.rules import calendar_year, tiers
from xueji_app.rules.calendar_year import AcademicYearBounds, GradeStageMismatch, TermOrderError
from xueji_app.rules.tiers import OfficerAppointmentOutOfScope, OfficerNodeMissing, OfficerRegionLevelError


def test_school_tier_needs_school():
	tiers.validate_officer("School Registrar", "2121000001", None, None)
	with pytest.raises(OfficerNodeMissing) as e:
		tiers.validate_officer("School Head", None, "210802", "County")
	assert e.value.field == "school"


@pytest.mark.parametrize(
	"tier,level,ok",
	[
		("County Bureau", "County", True),
		("County Bureau", "City", False),
		("City Bureau", "City", True),
		("City Bureau", "Province", False),
		("Province Bureau", "Province", True),
		("Province Bureau", "County", False),
	],
)
def test_bureau_tier_region_level(tier, level, ok):
	if ok:
		tiers.validate_officer(tier, None, "x", level)
	else:
		with pytest.raises(OfficerRegionLevelError):
			tiers.validate_officer(tier, None, "x", level)


def test_bureau_needs_region():
	with pytest.raises(OfficerNodeMissing):
		tiers.validate_officer("City Bureau", None, None, None)


@pytest.mark.parametrize(
	"appointer,target,in_scope,ok",
	[
		("County Bureau", "School Registrar", True, True),
		("County Bureau", "County Bureau", True, False),
		("County Bureau", "School Head", True, True),
		("County Bureau", "City Bureau", True, False),
		("County Bureau", "School Registrar", False, False),
		("City Bureau", "County Bureau", True, True),
		("Province Bureau", "Province Bureau", True, False),
		("Province Bureau", "City Bureau", True, True),
		("City Bureau", "City Bureau", True, False),
		("City Bureau", "School Registrar", True, True),
		("School Head", "School Registrar", True, False),
		(None, "School Registrar", True, False),
	],
)
def test_appointment(appointer, target, in_scope, ok):
	if ok:
		tiers.validate_appointment(appointer, target, in_scope)
	else:
		with pytest.raises(OfficerAppointmentOutOfScope):
			tiers.validate_appointment(appointer, target, in_scope)


def test_every_tier_has_a_role():
	assert set(tiers.TIER_ROLE) == set(tiers.TIERS)


def d(s):
	return dt.date.fromisoformat(s)


def test_academic_year():
	terms = [(d("2026-09-01"), d("2027-01-22")), (d("2027-03-01"), d("2027-07-10"))]
	calendar_year.validate_academic_year(d("2026-09-01"), d("2027-08-31"), terms)
	assert calendar_year.year_name(2026) == "2026-2027"
	assert calendar_year.school_year_of(d("2027-03-01")) == 2026
	assert calendar_year.school_year_of(d("2026-09-01")) == 2026


@pytest.mark.parametrize("start,end,field", [("2026-08-31", "2027-08-31", "year_start_date"), ("2026-09-01", "2027-07-31", "year_end_date")])
def test_academic_year_bounds(start, end, field):
	with pytest.raises(AcademicYearBounds) as e:
		calendar_year.validate_academic_year(d(start), d(end), [])
	assert e.value.field == field


@pytest.mark.parametrize(
	"terms",
	[
		[(d("2027-03-01"), d("2027-07-10")), (d("2026-09-01"), d("2027-01-22"))],  # out of order
		[(d("2026-09-01"), d("2027-03-22")), (d("2027-03-01"), d("2027-07-10"))],  # overlap
		[(d("2026-09-01"), d("2026-08-22"))],  # ends before it starts
		[(d("2026-09-01"), None)],  # half given
		[(d("2026-09-01"), d("2027-09-10"))],  # past the year
	],
)
def test_terms_inside_and_ordered(terms):
	with pytest.raises(TermOrderError):
		calendar_year.validate_academic_year(d("2026-09-01"), d("2027-08-31"), terms)


def test_grade_stage():
	calendar_year.validate_grade_stage("11", "Primary")
	calendar_year.validate_grade_stage("24", "Junior")
	calendar_year.validate_grade_stage("33", "Senior")
	with pytest.raises(GradeStageMismatch):
		calendar_year.validate_grade_stage("31", "Junior")


def test_rules_import_no_frappe():
	import subprocess
	import sys

	code = "import sys, xueji_app.rules.regions, xueji_app.rules.schools, xueji_app.rules.tiers, xueji_app.rules.calendar_year; sys.exit('frappe' in sys.modules)"
	assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize(
	"day, code",
	[("2026-09-01", "2026-2027-1"), ("2027-02-28", "2026-2027-1"), ("2027-03-01", "2026-2027-2"), ("2027-08-31", "2026-2027-2")],
)
def test_term_code(day, code):
	assert calendar_year.term_code(dt.date.fromisoformat(day)) == code
