import pytest

from xueji_app.rules import schools
from xueji_app.rules.schools import (
	AuthorityNotAncestor,
	MergedSchoolTarget,
	SchoolCodeFormatError,
	SchoolCodeProvinceMismatch,
	SchoolRegionLevelError,
	SchoolStageMismatch,
	SchoolStagesMissing,
)


def test_valid_school_code():
	schools.validate_school_code("2121000001", "210802")


@pytest.mark.parametrize("code", ["212100000", "21210000011", "21210000A1", "", None])
def test_school_code_ten_digits(code):
	with pytest.raises(SchoolCodeFormatError):
		schools.validate_school_code(code, "210802")


def test_school_code_province_digits():
	with pytest.raises(SchoolCodeProvinceMismatch) as e:
		schools.validate_school_code("2122000001", "210802")
	assert e.value.params == {"value": "2122000001", "digits": "22", "province_digits": "21"}


def test_school_region_must_be_county():
	schools.validate_school_region("210802", "County")
	with pytest.raises(SchoolRegionLevelError):
		schools.validate_school_region("210800", "City")


def test_authority_is_county_or_ancestor():
	chain = ["210000", "210800", "210802"]
	for authority in chain:
		schools.validate_authority(authority, chain)
	for authority in ("210803", "210700", None):
		with pytest.raises(AuthorityNotAncestor):
			schools.validate_authority(authority, chain)


def test_stages_follow_school_type():
	schools.validate_stages("Nine-Year School", ["Primary", "Junior"])
	with pytest.raises(SchoolStageMismatch):
		schools.validate_stages("Primary School", ["Primary", "Senior"])
	with pytest.raises(SchoolStagesMissing):
		schools.validate_stages("Senior High School", [])


def test_every_type_has_default_stages_it_allows():
	for school_type in schools.SCHOOL_TYPES:
		schools.validate_stages(school_type, list(schools.default_stages(school_type)))


def test_merge_needs_another_school():
	schools.validate_merge("Active", None, "2121000001")
	schools.validate_merge("Merged", "2121000002", "2121000001")
	for target in (None, "2121000001"):
		with pytest.raises(MergedSchoolTarget):
			schools.validate_merge("Merged", target, "2121000001")
