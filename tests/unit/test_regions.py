import pytest

from xueji_app.rules import regions
from xueji_app.rules.regions import (
	RegionCodeFormatError,
	RegionCodeLevelPattern,
	RegionCodeParentMismatch,
	RegionLevelError,
)


@pytest.mark.parametrize(
	"code,level,parent,parent_level",
	[
		("210000", "Province", None, None),
		("210800", "City", "210000", "Province"),
		("210802", "County", "210800", "City"),
		("210881", "County", "210800", "City"),
		("110100", "City", "110000", "Province"),
	],
)
def test_valid_regions(code, level, parent, parent_level):
	regions.validate_region(code, level, parent, parent_level)


@pytest.mark.parametrize("code", ["21080", "2108000", "21O802", "", None, " 21080"])
def test_code_must_be_six_digits(code):
	with pytest.raises(RegionCodeFormatError) as e:
		regions.validate_region(code, "County", "210800", "City")
	assert e.value.field == "region_code"


def test_city_must_share_province_digits():
	with pytest.raises(RegionCodeParentMismatch) as e:
		regions.validate_region("220800", "City", "210000", "Province")
	assert e.value.params["digits"] == 2


def test_county_must_share_city_digits():
	with pytest.raises(RegionCodeParentMismatch) as e:
		regions.validate_region("210702", "County", "210800", "City")
	assert "210800" in str(e.value)


@pytest.mark.parametrize(
	"code,level,parent,parent_level",
	[
		("210800", "Province", None, None),  # province codes end in 0000
		("210000", "City", "210000", "Province"),  # a city's digits 3-4 are not 00
		("210801", "City", "210000", "Province"),  # a city ends in 00
		("210800", "County", "210800", "City"),  # a county does not end in 00
	],
)
def test_code_pattern_per_level(code, level, parent, parent_level):
	with pytest.raises(RegionCodeLevelPattern):
		regions.validate_region(code, level, parent, parent_level)


@pytest.mark.parametrize(
	"level,parent_level",
	[("County", "Province"), ("City", None), ("Province", "Province"), ("County", None), ("City", "City")],
)
def test_level_must_sit_under_its_parent_level(level, parent_level):
	parent = "210000" if parent_level else None
	with pytest.raises(RegionLevelError) as e:
		regions.validate_region("210802" if level == "County" else "210800", level, parent, parent_level)
	assert e.value.field == "parent_administrative_region"


def test_message_names_field_and_rule_and_translates():
	violation = RegionCodeFormatError(field="region_code", value="123")
	zh = {"{field} must be exactly 6 digits (GB/T 2260), got «{value}»": "{field}必须为6位数字（GB/T 2260），当前为«{value}»"}
	assert violation.render(lambda s: zh.get(s, s), label="行政区划代码") == "行政区划代码必须为6位数字（GB/T 2260），当前为«123»"


def test_an_outside_school_is_placed_by_its_county_code():
	from xueji_app.rules.regions import RegionCodeFormatError, city_of_code

	assert city_of_code("330106") == "330100"
	assert city_of_code(" 210802 ") == "210800"
	assert city_of_code("110000") == "110000"
	for bad in ("33010", "33010a", "", None, "000000"):
		try:
			city_of_code(bad, "outside_region")
		except RegionCodeFormatError as error:
			assert error.field == "outside_region"
		else:
			raise AssertionError(bad)
