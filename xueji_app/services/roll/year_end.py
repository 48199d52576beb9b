"""学年末处理: the year-end run of one school — preview, apply (in bulk, atomically, once), reverse — and the
bureau's view of its schools. The rules of each student's outcome are ``rules.school_year``'s.

Applying never runs a query per student: the facts of the whole school come in three queries, the outcome
of every student is computed in Python, one row per student goes into ``Year-End Run Student`` (the values
before and after, which are also what the reversal restores), one UPDATE joined to those rows moves every
student, and the history lines are inserted in one batch.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from xueji_app.rules import calendar_year
from xueji_app.rules import school_year as rules
from xueji_app.rules.policy import REPEAT
from xueji_app.rules.schools import stages_of
from xueji_app.rules.student import STATUS_AXES
from xueji_app.services.core import bulk
from xueji_app.services.roll import rollup

RUN, ROW, EVENT = "Year-End Run", "Year-End Run Student", "Student Roll Event"
#: outcome -> the event type of its line in 学籍变动情况
EVENT_TYPES = {
	rules.PROMOTE: "Promotion", rules.REPEAT: "Repeat a Grade", rules.GRADUATE: "Graduation",
	rules.CONTINUE: "Graduation", rules.COMPLETE: "Completion", rules.HOLD: "Held Back at Year End",
}


# --- facts ----------------------------------------------------------------------------------------------


def school_shape(school: str) -> frappe._dict:
	doc = frappe.get_cached_doc("School", school)
	return frappe._dict(name=doc.name, school_name=doc.school_name, system=doc.school_system or rules.SIX_THREE,
						stages=stages_of(doc), region=doc.region, authority_region=doc.authority_region)


def gather(school: str, academic_year: str, failed: dict[str, str] | None = None) -> list[tuple[rules.StudentYear, dict]]:
	"""Every student of the school the run is about (on the roll, or waiting for registration), with the
	stored values the run changes. Three queries, whatever the size of the school."""
	start, end = frappe.db.get_value("Academic Year", academic_year, ["year_start_date", "year_end_date"])
	students = frappe.db.sql(
		"""select name, student_name, student_number, grade, stage, school_class, status_label, on_roll, in_school,
			open_case_doctype, open_case, graduation_date, certificate_number, stage_entry_date
		from `tabStudent` where school = %(school)s and (on_roll = 1 or status_label = 'Pending Registration')
		order by grade, school_class, student_name""",
		{"school": school},
		as_dict=True,
	)
	repeats = dict(frappe.db.sql(
		"""select student, grade from `tabRoll Change` where school = %(school)s and change_type = %(repeat)s
			and change_state = 'Approved' and applied_on between %(start)s and %(end)s order by applied_on""",
		{"school": school, "repeat": REPEAT, "start": start, "end": end},
	))
	failed = failed or {}
	out = []
	for s in students:
		out.append((rules.StudentYear(
			name=s.name, grade=s.grade or "", status_label=s.status_label, school_class=s.school_class,
			registered=bool(s.student_number), open_case_type=s.open_case_doctype, open_case=s.open_case,
			repeated_from=repeats.get(s.name), failed_condition=failed.get(s.name),
		), s))
	return out


def outcomes(run) -> list[tuple[rules.StudentYear, rules.Outcome, dict]]:
	shape = school_shape(run.school)
	failed = {row.student: row.condition for row in run.get("exceptions") or []}
	return [(year, rules.outcome(year, shape.system, shape.stages), stored)
			for year, stored in gather(run.school, run.academic_year, failed)]


def reason_text(reason: rules.Reason | None, grade_names: dict[str, str] | None = None) -> str:
	"""The reason in the user's language, grades by name."""
	if reason is None:
		return ""
	names = grade_names or grade_name_map()
	params = {k: names.get(v, v) if k == "grade" else v for k, v in reason.params.items()}
	return rules.Reason(reason.template, params).render(translate=_)


def grade_name_map() -> dict[str, str]:
	return dict(frappe.get_all("Grade", fields=["name", "grade_name"], as_list=True))


# --- the preview ----------------------------------------------------------------------------------------


def refresh(run) -> list[tuple[rules.StudentYear, rules.Outcome, dict]]:
	"""Counts and class map of a run not yet applied, from the school as it is now."""
	results = outcomes(run)
	set_counts(run, Counter(o.kind for _y, o, _s in results))
	set_classes(run, results)
	return results


def set_counts(run, counts: Counter) -> None:
	run.total_students = sum(counts.values())
	run.promoted, run.repeating = counts[rules.PROMOTE], counts[rules.REPEAT]
	run.graduated, run.continued = counts[rules.GRADUATE], counts[rules.CONTINUE]
	run.completed, run.held = counts[rules.COMPLETE], counts[rules.HOLD]


def set_classes(run, results) -> None:
	"""One row per class of this year whose students move on together, keeping names the school edited."""
	shape = school_shape(run.school)
	edited = {row.from_class: row.to_class_name for row in run.get("classes") or [] if row.to_class_name}
	moving = Counter(year.school_class for year, outcome, _s in results
					 if year.school_class and outcome.kind in (rules.PROMOTE, rules.REPEAT, rules.CONTINUE))
	classes = frappe.get_all("School Class", filters={"school": run.school, "academic_year": run.academic_year},
							 fields=["name", "grade", "class_number"], order_by="grade, class_number")
	names = grade_name_map()
	run.set("classes", [])
	for move in rules.class_moves([(c.name, c.grade, c.class_number) for c in classes], shape.system, shape.stages):
		run.append("classes", {
			"from_class": move.from_class, "from_grade": move.from_grade, "to_grade": move.to_grade,
			"class_number": move.class_number, "students": moving.get(move.from_class, 0),
			"to_class_name": edited.get(move.from_class) or default_class_name(names, move.to_grade, move.class_number),
		})


def default_class_name(names: dict[str, str], grade: str, number: int) -> str:
	return _("{0} Class {1}").format(names.get(grade, grade), number)


def preview(run) -> dict:
	"""What the form shows: counts per outcome and per class, and every student not simply promoted or
	graduated, with the reason."""
	results = outcomes(run) if not run.applied_on else applied_rows(run)
	summary = rules.summarize([(y, o) for y, o, _s in results])
	names = grade_name_map()
	class_names = dict(frappe.get_all("School Class", filters={"school": run.school}, fields=["name", "class_name"], as_list=True))
	stored = {y.name: s for y, _o, s in results}
	return {
		"total": summary.total,
		"by_outcome": [{"outcome": k, "label": _(k), "count": summary.by_outcome.get(k, 0)} for k in rules.OUTCOMES],
		"by_class": [
			{"grade": names.get(grade, grade), "class": class_names.get(klass, klass or _("No class")),
			 **{k: counts.get(k, 0) for k in rules.OUTCOMES}}
			for (grade, klass), counts in sorted(summary.by_class.items())
		],
		"exceptions": [
			{"student": y.name, "student_name": stored[y.name].student_name, "grade": names.get(y.grade, y.grade),
			 "outcome": _(o.kind), "to_grade": names.get(o.to_grade or "", o.to_grade or ""), "reason": reason_text(o.reason, names)}
			for y, o in summary.exceptions
		],
		"outcome_labels": {k: _(k) for k in rules.OUTCOMES},
	}


def applied_rows(run) -> list[tuple[rules.StudentYear, rules.Outcome, dict]]:
	"""The outcome each student got, as the applied run recorded it."""
	rows = frappe.get_all(ROW, filters={"run": run.name}, fields=["*"], order_by="before_grade, before_class, student_name")
	return [
		(rules.StudentYear(name=r.student, grade=r.before_grade or "", status_label=r.before_status, school_class=r.before_class),
		 rules.Outcome(r.outcome, r.to_grade, r.to_status, rules.Reason(r.reason) if r.reason else None),
		 frappe._dict(student_name=r.student_name))
		for r in rows
	]


# --- apply and reverse ----------------------------------------------------------------------------------


def next_year(academic_year: str) -> str:
	"""The following school year, created when the site does not have it yet."""
	start = getdate(frappe.db.get_value("Academic Year", academic_year, "year_start_date")).year + 1
	name = calendar_year.year_name(start)
	if not frappe.db.exists("Academic Year", name):
		begin, end = calendar_year.year_bounds(start)
		doc = frappe.get_doc({"doctype": "Academic Year", "year_start_date": begin, "year_end_date": end})
		doc.flags.xueji_service = True
		doc.insert(ignore_permissions=True)
	return name


def school_year_close(academic_year: str):
	"""The day a school year's teaching ends: the end of its second term, else of the year."""
	term_end, year_end = frappe.db.get_value("Academic Year", academic_year, ["term_2_end", "year_end_date"])
	return term_end or year_end


def next_classes(run, next_academic_year: str) -> dict[str, str]:
	"""This year's class → next year's (created as the class map names it)."""
	mapping = {}
	for row in run.classes:
		name = f"{run.school}-{next_academic_year}-{row.to_grade}-{int(row.class_number or 0):02d}"
		if not frappe.db.exists("School Class", name):
			doc = frappe.get_doc({
				"doctype": "School Class", "school": run.school, "academic_year": next_academic_year,
				"stage": rules.stage_of(row.to_grade), "grade": row.to_grade, "class_number": row.class_number,
				"class_name": row.to_class_name,
			})
			doc.flags.xueji_service = True
			doc.insert(ignore_permissions=True)
		mapping[row.from_class] = name
	return mapping


def apply(run, policies: dict) -> int:
	"""Apply the run to every student of the school, atomically and once: a student the run already moved is
	not moved again. Returns how many students it moved."""
	progress(run, 5, _("Locking the school's students"))
	frappe.db.sql("select name from `tabStudent` where school = %s for update", run.school)
	done = set(frappe.get_all(ROW, filters={"run": run.name}, pluck="student"))
	progress(run, 15, _("Working out every student's outcome"))
	results = [r for r in refresh(run) if r[0].name not in done]
	if not results:
		return 0
	shape = school_shape(run.school)
	next_academic_year = next_year(run.academic_year)
	run.next_academic_year = next_academic_year
	classes = next_classes(run, next_academic_year)
	graduation_date = getdate(run.graduation_date or run.deadline or school_year_close(run.academic_year))
	numbers = certificate_numbers(run, policies, [y for y, o, _s in results if o.kind in rules.STAGE_ENDINGS], graduation_date)
	names = grade_name_map()
	now, user = now_datetime(), frappe.session.user
	rows, events = [], []
	last_idx = dict(frappe.db.sql(
		f"""select e.parent, max(e.idx) from `tab{EVENT}` e join `tabStudent` s on s.name = e.parent
		where s.school = %s and e.parenttype = 'Student' and e.parentfield = 'history' group by e.parent""", run.school))
	for year, outcome, s in results:
		to_status = outcome.to_status or s.status_label
		on_roll, in_school = STATUS_AXES[to_status]
		ends_stage = outcome.kind in rules.STAGE_ENDINGS
		moves = outcome.kind in (rules.PROMOTE, rules.REPEAT, rules.CONTINUE)
		event = frappe.generate_hash(length=12)
		rows.append({
			"name": frappe.generate_hash(length=12), "run": run.name, "student": year.name, "student_name": s.student_name,
			"student_number": s.student_number, "outcome": outcome.kind, "reason": reason_text(outcome.reason, names)[:240],
			"school": run.school, "region": shape.region, "authority_region": shape.authority_region,
			"academic_year": run.academic_year,
			"to_grade": outcome.to_grade or s.grade, "to_stage": rules.stage_of(outcome.to_grade or s.grade) or s.stage,
			"to_class": classes.get(year.school_class) if moves else s.school_class,
			"to_status": to_status, "to_on_roll": on_roll, "to_in_school": in_school,
			"graduation_date": graduation_date if ends_stage else s.graduation_date,
			"certificate_number": numbers.get(year.name) or s.certificate_number,
			"to_stage_entry_date": graduation_date if outcome.kind == rules.CONTINUE else s.stage_entry_date,
			"history_event": event, "applied": 0,
			"before_grade": s.grade, "before_stage": s.stage, "before_class": s.school_class, "before_status": s.status_label,
			"before_on_roll": s.on_roll, "before_in_school": s.in_school, "before_graduation_date": s.graduation_date,
			"before_certificate_number": s.certificate_number, "before_stage_entry_date": s.stage_entry_date,
		})
		last_idx[year.name] = (last_idx.get(year.name) or 0) + 1
		events.append(history_event(event, year.name, last_idx[year.name], outcome, shape, run, names, graduation_date))
	progress(run, 50, _("Recording {0} students").format(len(rows)))
	insert_rows(ROW, rows, now, user)
	insert_rows(EVENT, events, now, user)
	progress(run, 80, _("Moving the students"))
	# one statement moves every student and marks the row applied (a second apply finds nothing left to do)
	frappe.db.sql(
		"""update `tabStudent` s join `tabYear-End Run Student` r on r.student = s.name
		set s.grade = r.to_grade, s.stage = r.to_stage, s.school_class = r.to_class, s.status_label = r.to_status,
			s.on_roll = r.to_on_roll, s.in_school = r.to_in_school, s.graduation_date = r.graduation_date,
			s.certificate_number = r.certificate_number, s.stage_entry_date = r.to_stage_entry_date,
			s.modified = %(now)s, s.modified_by = %(user)s, r.applied = 1
		where r.run = %(run)s and r.applied = 0""",
		{"run": run.name, "now": now, "user": user},
	)
	rollup.refresh_schools([run.school])
	set_counts(run, Counter(r["outcome"] for r in frappe.get_all(ROW, filters={"run": run.name}, fields=["outcome"])))
	return len(rows)


def progress(run, percent: float, what: str) -> None:
	"""How far a confirmation has come, to the user who confirmed (shown wherever they are in the desk)."""
	if frappe.flags.xueji_in_job:
		frappe.publish_progress(percent, title=_("Year-End Run {0}").format(run.school_name or run.school), description=what)


def history_event(name: str, student: str, idx: int, outcome: rules.Outcome, shape, run, names, day: dt.date) -> dict:
	detail = {
		rules.PROMOTE: _("Promoted to {0}").format(names.get(outcome.to_grade, outcome.to_grade)),
		rules.REPEAT: _("Repeats {0}").format(names.get(outcome.to_grade, outcome.to_grade)),
		rules.CONTINUE: _("Graduated; continues in {0}").format(names.get(outcome.to_grade, outcome.to_grade)),
	}.get(outcome.kind) or reason_text(outcome.reason, names)
	office = frappe.get_cached_value("Administrative Region", shape.authority_region, "bureau_name")
	return {
		"name": name, "parent": student, "parenttype": "Student", "parentfield": "history", "idx": idx,
		"event_date": day, "event_type": EVENT_TYPES[outcome.kind], "to_school": shape.school_name, "detail": detail,
		"approved_by_office": office, "approved_on": today(), "reference_doctype": RUN, "reference_name": run.name,
	}


def certificate_numbers(run, policies: dict, students: list[rules.StudentYear], day: dt.date) -> dict[str, str]:
	"""毕业证书编号 by the numbering rule of the student's stage's policy, numbered on from the school's numbers
	of that year."""
	year = day.year
	taken = frappe.db.sql(
		f"select count(*) from `tab{ROW}` where school = %s and academic_year = %s and outcome in %s and certificate_number is not null",
		(run.school, run.academic_year, rules.STAGE_ENDINGS),
	)[0][0]
	out = {}
	for seq, student in enumerate(students, start=taken + 1):
		stage = rules.stage_of(student.grade) or ""
		policy = policies.get(stage)
		out[student.name] = rules.certificate_number(
			policy.certificate_number_format if policy else None, school_code=run.school, year=year, stage=stage, seq=seq
		)
	return out


def insert_rows(doctype: str, rows: list[dict], now, user) -> None:
	"""The run's rows (dicts of one shape) with their standard fields, in multi-row INSERTs (``services.core.bulk``)."""
	if rows:
		bulk.insert(doctype, ["creation", "modified", "owner", "modified_by", "docstatus", *rows[0].keys()],
					[(now, now, user, user, 0, *row.values()) for row in rows])


def reverse(run) -> int:
	"""Put every student the run moved back exactly as they were, and take its history lines away."""
	frappe.db.sql("select name from `tabStudent` where school = %s for update", run.school)
	count = frappe.db.count(ROW, {"run": run.name})
	frappe.db.sql(
		"""update `tabStudent` s join `tabYear-End Run Student` r on r.student = s.name
		set s.grade = r.before_grade, s.stage = r.before_stage, s.school_class = r.before_class,
			s.status_label = r.before_status, s.on_roll = r.before_on_roll, s.in_school = r.before_in_school,
			s.graduation_date = r.before_graduation_date, s.certificate_number = r.before_certificate_number,
			s.stage_entry_date = r.before_stage_entry_date, s.modified = %(now)s, s.modified_by = %(user)s
		where r.run = %(run)s""",
		{"run": run.name, "now": now_datetime(), "user": frappe.session.user},
	)
	rollup.refresh_schools([run.school])
	frappe.db.sql(
		f"""delete e from `tab{EVENT}` e join `tab{ROW}` r on r.history_event = e.name and r.student = e.parent
		where r.run = %s""", run.name)
	frappe.db.delete(ROW, {"run": run.name})
	return count


# --- the bureau's view ------------------------------------------------------------------------------------


def region_overview(schools: list[str], academic_year: str) -> list[dict]:
	"""For each school: the state of its run for ``academic_year`` and the counts it gives (the applied
	counts once confirmed, otherwise the preview computed now)."""
	runs = {r.school: r for r in frappe.get_all(RUN, filters={"school": ["in", schools or [""]], "academic_year": academic_year},
												fields=["name", "school", "run_state", "total_students", "promoted", "repeating",
														"graduated", "continued", "completed", "held"])}
	out = []
	for school in schools:
		run = runs.get(school)
		if run and run.run_state == "Confirmed":
			counts = {k: run.get(f) or 0 for k, f in COUNT_FIELDS.items()}
		else:
			shape = school_shape(school)
			counts = Counter(rules.outcome(y, shape.system, shape.stages).kind for y, _s in gather(school, academic_year))
		out.append({"school": school, "run": run.name if run else None, "run_state": run.run_state if run else None,
					"counts": {k: counts.get(k, 0) for k in rules.OUTCOMES}})
	return out


COUNT_FIELDS = {rules.PROMOTE: "promoted", rules.REPEAT: "repeating", rules.GRADUATE: "graduated",
				rules.CONTINUE: "continued", rules.COMPLETE: "completed", rules.HOLD: "held"}


def status_report(filters: dict) -> tuple[list[dict], list[dict]]:
	"""学年末处理情况 of the schools in the user's scope (narrowed by region or school)."""
	from xueji_app.services.security.target import Target

	academic_year = filters.get("academic_year")
	if not academic_year or not frappe.db.exists("Academic Year", academic_year):
		frappe.throw(_("Choose the school year that ends"), title=_("Not allowed"))
	target = Target(filters)
	schools = frappe.db.sql(
		f"select s.name from `tabSchool` s where s.status = 'Active' and {target.condition('s', school_field='name')} order by s.name",
		pluck=True,
	)
	names = dict(frappe.get_all("School", filters={"name": ["in", schools or [""]]}, fields=["name", "school_name"], as_list=True))
	rows = []
	for row in region_overview(schools, academic_year):
		if filters.get("unfinished_only") and row["run_state"] == "Confirmed":
			continue
		rows.append({
			"school": row["school"], "school_name": names.get(row["school"]), "run": row["run"], "run_state": row["run_state"],
			"run_state_label": _(row["run_state"]) if row["run_state"] else _("Not filed"),
			**{COUNT_FIELDS[k]: v for k, v in row["counts"].items()},
		})
	columns = [
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 110},
		{"fieldname": "school_name", "label": _("School Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "run_state_label", "label": _("Run State"), "fieldtype": "Data", "width": 110},
		{"fieldname": "run", "label": _("Year-End Run"), "fieldtype": "Link", "options": RUN, "width": 200},
		*({"fieldname": f, "label": _(k), "fieldtype": "Int", "width": 90} for k, f in COUNT_FIELDS.items()),
	]
	return columns, rows
