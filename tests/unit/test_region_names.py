"""出生地 and 户口所在地 by name: the national GB/T 2260 table with a site's own regions over it."""

from xueji_app.rules import region_names as r

SITE = {"990000": "测试省", "990100": "甲市", "990101": "甲市一区"}


def test_a_county_is_named_with_its_province_and_city():
	names = r.merged()
	assert r.full_name("210802", names) == "辽宁省营口市站前区"
	assert r.full_name("210800", names) == "辽宁省营口市"
	assert r.full_name("210000", names) == "辽宁省"


def test_placeholder_levels_are_left_out_of_a_name_and_never_offered():
	names = r.merged()
	assert r.full_name("110101", names) == "北京市东城区"  # not 北京市市辖区东城区
	assert all(not full.endswith("市辖区") for _code, full in r.search("市辖区", names))


def test_search_by_name_or_by_the_start_of_a_code():
	names = r.merged(SITE)
	assert r.search("站前", names)[0] == ("210802", "辽宁省营口市站前区")
	assert [c for c, _f in r.search("2108", names)][:2] == ["210802", "210803"]
	assert ("990101", "测试省甲市甲市一区") in r.search("甲市一区", names)
	assert r.search("不存在的地方", names) == []
	assert len(r.search("", names, limit=5)) == 5


def test_codes_of_older_revisions_keep_a_name():
	names = r.merged()
	# 辽宁省营口市 is stable; a code dropped from the latest revision still names the birthplace of an older ID
	assert len(names) > 3500
	assert all(len(code) == 6 and code.isdigit() for code in names)


def test_labels_only_for_known_codes():
	assert r.labels(["210802", "000000", "", "990101"], r.merged(SITE)) == {
		"210802": "辽宁省营口市站前区", "990101": "测试省甲市甲市一区"}
