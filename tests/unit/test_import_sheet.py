import datetime as dt

import pytest

from xueji_app.rules import import_sheet as sheet
from xueji_app.rules.import_sheet import (
	ImportArchiveTooLarge,
	ImportBadDate,
	ImportBadNumber,
	ImportCompressionRatio,
	ImportFileTooLarge,
	ImportHeaderError,
	ImportTooManyColumns,
	ImportTooManyRows,
)


def test_template_has_the_national_73_columns_then_extras():
	headers = sheet.template_headers()
	assert sheet.NATIONAL_WIDTH == 73
	assert headers[0] == "学校标识码" and headers[48] == "是否由政府购买学位"
	assert headers[49] == "成员1姓名" and headers[61] == "成员2姓名"
	assert headers[73:] == ["年级", "随班就读", "残疾人类型"]


def test_headers_accept_the_national_spellings():
	national = [h.replace("成员1", "").replace("成员2", "") for h in sheet.template_headers(False)]
	national[0] = "学校标示码"
	national[1] = "姓名*"
	assert sheet.check_headers(national) == []
	assert sheet.check_headers(sheet.template_headers()) == ["年级", "随班就读", "残疾人类型"]


def test_renamed_or_missing_header_names_the_column():
	headers = sheet.template_headers(False)
	headers[3] = "生日"
	with pytest.raises(ImportHeaderError) as e:
		sheet.check_headers(headers)
	assert e.value.params["column"] == "D" and e.value.params["expected"] == "出生年月"
	with pytest.raises(ImportHeaderError):
		sheet.check_headers(sheet.template_headers(False)[:50])
	with pytest.raises(ImportHeaderError):
		sheet.check_headers([*sheet.template_headers(False), "备注"])


@pytest.mark.parametrize(
	"value,expected",
	[
		("2019/03/15", "2019-03-15"),
		("2019-3-5", "2019-03-05"),
		("20190315", "2019-03-15"),
		(20190315, "2019-03-15"),
		(43539, "2019-03-15"),
		(dt.datetime(2019, 3, 15, 0, 0), "2019-03-15"),
		("2019年3月15日", "2019-03-15"),
		("2012/02/29", "2012-02-29"),
	],
)
def test_dates(value, expected):
	assert sheet.parse_date(value, "date_of_birth").isoformat() == expected


def test_month_columns():
	assert sheet.parse_date("201909", "enrollment_date", month_only=True) == dt.date(2019, 9, 1)
	assert sheet.parse_date(201909, "enrollment_date", month_only=True) == dt.date(2019, 9, 1)
	assert sheet.parse_date("2019/09", "enrollment_date", month_only=True) == dt.date(2019, 9, 1)


@pytest.mark.parametrize("value", ["2019/02/29", "明天", "2019-13-01", "19/3/15", 12.5])
def test_bad_dates(value):
	with pytest.raises(ImportBadDate):
		sheet.parse_date(value, "date_of_birth")


def test_bools_and_numbers():
	assert [sheet.parse_bool(v, "x") for v in ("是", "否", 1, 0, "", None, "Y")] == [1, 0, 1, 0, 0, 0, 1]
	with pytest.raises(ImportBadNumber):
		sheet.parse_bool("也许", "x")
	assert sheet.parse_number("3.5", "x", "float") == 3.5
	with pytest.raises(ImportBadNumber):
		sheet.parse_number("三", "x", "int")


def test_codes_by_code_or_label():
	table = {"01": "01", "汉族": "01", "1": "1", "男": "1"}
	assert sheet.lookup_code("汉族", table) == "01"
	assert sheet.lookup_code(1, {"01": "01"}) == "01"
	assert sheet.lookup_code("", table) is None
	assert sheet.lookup_code("火星族", table) is None


def test_size_limit():
	sheet.check_size(50_000)
	with pytest.raises(ImportTooManyRows):
		sheet.check_size(50_001)


def test_column_letters():
	assert [sheet.column_letter(i) for i in (0, 25, 26, 72)] == ["A", "Z", "AA", "BU"]


# --- limits checked before parsing --------------------------------------------------------------------


def test_archive_limits():
	import pytest

	from xueji_app.rules import import_sheet as sheet

	mb = 1024 * 1024
	sheet.check_archive(2 * mb, [("xl/worksheets/sheet1.xml", 2 * mb, 30 * mb)])  # an ordinary big sheet, 15:1
	with pytest.raises(ImportFileTooLarge):
		sheet.check_archive(21 * mb, [])
	with pytest.raises(ImportCompressionRatio):
		sheet.check_archive(100_000, [("xl/worksheets/sheet1.xml", 100_000, 200 * mb)])
	with pytest.raises(ImportArchiveTooLarge):
		sheet.check_archive(mb, [(f"xl/worksheets/sheet{i}.xml", 2 * mb, 60 * mb) for i in range(5)])


def test_declared_dimension():
	import pytest

	from xueji_app.rules import import_sheet as sheet

	sheet.check_dimension('<worksheet><dimension ref="A1:BX3001"/>')
	sheet.check_dimension('<worksheet><dimension ref="A1"/>')
	sheet.check_dimension("<worksheet>")
	with pytest.raises(ImportTooManyColumns):
		sheet.check_dimension('<dimension ref="A1:XFD2"/>')
	with pytest.raises(ImportTooManyRows):
		sheet.check_dimension('<dimension ref="A1:BX1048576"/>')
	assert sheet.column_number("A") == 1 and sheet.column_number("BX") == 76 and sheet.column_number("XFD") == 16384
