"""The enrollment rollup's counters (rules.rollup): one per dimension per student, moved by a change."""

from xueji_app.rules import rollup

PUPIL = {"region": "210802", "school": "2121000142", "grade": "13", "stage": "Primary", "on_roll": 1, "gender": "1",
		 "ethnicity": "01", "left_behind": None, "is_migrant_child": 0, "inclusive_education": None, "status_label": "Enrolled"}


def test_one_counter_per_dimension():
	keys = rollup.keys(PUPIL)
	assert [k.dimension for k in keys] == list(rollup.DIMENSIONS)
	assert {k.school for k in keys} == {"2121000142"}
	assert keys[0].value == "1" and keys[2].value == ""  # no value is the empty string
	assert keys[3].value == "0"
	assert len({k.name for k in keys}) == len(keys)


def test_a_save_that_moves_nothing_changes_no_counter():
	edited = {**PUPIL, "phone": "13800000000"}
	assert not rollup.moved(PUPIL, edited)
	assert rollup.delta(PUPIL, edited) == {}
	assert not rollup.moved(PUPIL, {**PUPIL, "on_roll": True})  # a check read back as True is the same 1


def test_a_change_moves_only_what_changed():
	suspended = {**PUPIL, "status_label": "Suspended"}
	assert rollup.moved(PUPIL, suspended)
	change = rollup.delta(PUPIL, suspended)
	assert sorted((k.value, n) for k, n in change.items()) == [("Enrolled", -1), ("Suspended", 1)]


def test_a_transfer_moves_every_counter():
	moved = {**PUPIL, "school": "2121000143", "region": "210803"}
	change = rollup.delta(PUPIL, moved)
	assert sum(1 for n in change.values() if n == -1) == len(rollup.DIMENSIONS)
	assert sum(1 for n in change.values() if n == 1) == len(rollup.DIMENSIONS)


def test_new_and_deleted_students():
	assert all(n == 1 for n in rollup.delta(None, PUPIL).values())
	assert all(n == -1 for n in rollup.delta(PUPIL, None).values())
	assert rollup.moved(None, PUPIL) and rollup.moved(PUPIL, None)
	assert not rollup.moved(None, None)


def test_counts_and_differences():
	group = {**PUPIL, "n": 3}
	counted = rollup.counts([group], "n")
	assert set(counted.values()) == {3}
	recorded = dict(counted)
	wrong = rollup.keys(PUPIL)[1]
	recorded[wrong] = 5
	ghost = rollup.keys({**PUPIL, "school": "x"})[0]
	recorded[ghost] = 0  # a counter of 0 is the same as none
	assert rollup.differences(recorded, counted) == [rollup.Difference(wrong, 5, 3)]
	assert rollup.counts([PUPIL, PUPIL]) == rollup.counts([group], "n") - rollup.counts([PUPIL])
