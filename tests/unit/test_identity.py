import datetime as dt

import pytest

from xueji_app.rules import identity
from xueji_app.rules.identity import (
	IdNumberFormatError,
	IdNumberRequired,
	IdReasonRequired,
	ResidentIdBirthDateError,
	ResidentIdBirthMismatch,
	ResidentIdChecksumError,
	ResidentIdFormatError,
	ResidentIdGenderMismatch,
	StudentNumberFormatError,
)


def make_id(region="210802", birth="20190315", seq="123"):
	body = region + birth + seq
	return body + identity.check_character(body)


def test_known_valid_id_with_x():
	parsed = identity.parse_resident_id("11010519491231002X")
	assert parsed.birth_date == dt.date(1949, 12, 31)
	assert parsed.gender == identity.FEMALE  # 17th digit 2 is even
	assert parsed.region == "110105"


def test_lower_case_x_and_full_width_are_normalized():
	assert identity.parse_resident_id("11010519491231002x").number == "11010519491231002X"
	assert identity.parse_resident_id("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"


@pytest.mark.parametrize("value", ["11010519491231002", "1101051949123100211", "11010519491231002Y", "A1010519491231002X", "", None])
def test_format(value):
	with pytest.raises(ResidentIdFormatError):
		identity.parse_resident_id(value)


def test_checksum_names_the_expected_character():
	with pytest.raises(ResidentIdChecksumError) as e:
		identity.parse_resident_id("110105194912310021")
	assert e.value.params["expected"] == "X"


def test_every_check_character_occurs():
	seen = {make_id(seq=f"{n:03d}")[-1] for n in range(1, 200)}
	assert seen == set(identity.CHECK_CHARS)


@pytest.mark.parametrize("birth", ["20120229", "20000229", "20160229"])
def test_leap_day_births_are_real(birth):
	assert identity.parse_resident_id(make_id(birth=birth)).birth_date.strftime("%Y%m%d") == birth


@pytest.mark.parametrize("birth", ["20190229", "19000229", "21000229", "20191301", "20190431", "20190000", "18991231"])
def test_impossible_birth_dates(birth):
	with pytest.raises(ResidentIdBirthDateError):
		identity.parse_resident_id(make_id(birth=birth))


def test_identity_must_match_record():
	number = make_id(birth="20190315", seq="123")  # 3 is odd: male
	assert identity.validate_identity("1", number, dt.date(2019, 3, 15), "1") == number
	with pytest.raises(ResidentIdBirthMismatch):
		identity.validate_identity("1", number, dt.date(2019, 3, 16), "1")
	with pytest.raises(ResidentIdGenderMismatch):
		identity.validate_identity("1", number, dt.date(2019, 3, 15), "2")


def test_female_parity():
	number = make_id(seq="124")
	identity.validate_identity("1", number, dt.date(2019, 3, 15), "2")


@pytest.mark.parametrize(
	"id_type,number,ok",
	[
		("6", "A123456(7)", True),
		("6", "H12345678", True),
		("6", "12345", False),
		("7", "1234567(8)", True),
		("7", "M12345678", True),
		("8", "12345678", True),
		("8", "1234567", False),
		("9", "USA123456789012", True),
		("9", "91234567890123456X", True),
		("9", "US123", False),
		("A", "E12345678", True),
		("A", "E1", False),
	],
)
def test_other_documents(id_type, number, ok):
	if ok:
		assert identity.validate_identity(id_type, number, None, None)
	else:
		with pytest.raises(IdNumberFormatError):
			identity.validate_identity(id_type, number, None, None)


def test_type_z_needs_a_reason_not_a_number():
	assert identity.validate_identity("Z", None, None, None, reason="弃婴，未办理户籍") == ""
	with pytest.raises(IdReasonRequired):
		identity.validate_identity("Z", None, None, None, reason=" ")


def test_number_required_for_other_types():
	with pytest.raises(IdNumberRequired):
		identity.validate_identity("1", "", None, None)


def test_g_number():
	assert identity.g_number("11010519491231002x") == "G11010519491231002X"
	with pytest.raises(ResidentIdChecksumError):
		identity.g_number("110105194912310021")


def test_j_number_is_checked_like_an_id():
	number = identity.j_number("210802", dt.date(2012, 2, 29), 7)
	assert number.startswith("J21080220120229007") and len(number) == 19
	assert identity.validate_student_number(number) == number
	broken = number[:-1] + ("0" if number[-1] != "0" else "1")
	with pytest.raises(StudentNumberFormatError):
		identity.validate_student_number(broken)
	with pytest.raises(StudentNumberFormatError):
		identity.j_number("21080", dt.date(2012, 2, 29), 7)
	with pytest.raises(StudentNumberFormatError):
		identity.j_number("210802", dt.date(2012, 2, 29), 1000)


@pytest.mark.parametrize("number,ok", [("G11010519491231002X", True), ("G110105194912310021", False), ("L210802201903151234", True), ("X11010519491231002X", False), ("G1101051949", False)])
def test_student_number_format(number, ok):
	if ok:
		identity.validate_student_number(number)
	else:
		with pytest.raises(StudentNumberFormatError):
			identity.validate_student_number(number)


def test_mask_shows_only_enough_to_find_the_record():
	masked = identity.mask_student_number("G11010519491231002X")
	assert masked == "G110105********002X"
	assert "19491231" not in masked


def test_person_key_ignores_spaces():
	assert identity.person_key("张 三", "1", dt.date(2019, 1, 1)) == identity.person_key("张三", "1", dt.date(2019, 1, 1))
	assert identity.person_key("张三", "2", dt.date(2019, 1, 1)) != identity.person_key("张三", "1", dt.date(2019, 1, 1))
