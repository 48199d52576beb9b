"""Roll changes end to end: eligibility with every reason, party per step, policy-named approver,
evidence, deadlines, atomic application to the student, withdrawal and re-filing."""

from __future__ import annotations

from unittest.mock import patch

import frappe
from frappe.utils import getdate, today

from xueji_app.rules.access import DirectStateChange
from xueji_app.rules.chains import PartyMismatch
from xueji_app.rules.eligibility import NotEligible, OpenCaseExists
from xueji_app.services.cases.workflow import act
from xueji_app.services.core.calendar import due_date
from xueji_app.tests import factory
from xueji_app.tests.factory import email, student_data
from xueji_app.tests.utils import XuejiTestCase, at_once

HOSPITAL = "县级及以上医院证明"


def registered(school_key="A1", grade="13", registrar="reg_a1", approver="county_1", **values):
	frappe.set_user(email(registrar))
	values.setdefault("enrollment_date", "2024-09-01")
	doc = frappe.get_doc(student_data(school_key, grade=grade, **values)).insert()
	act("Student", doc.name, "Submit for Approval")
	frappe.set_user(email(approver))
	if doc.is_supplementary:
		frappe.db.set_value("Student", doc.name, "duplicate_check_confirmed", 1)
	act("Student", doc.name, "Approve")
	frappe.set_user(email(registrar))
	return frappe.get_doc("Student", doc.name)


def approve_all(case: str, steps=("head_a1", "county_1"), doctype="Roll Change") -> None:
	"""Each party in turn approves its step."""
	for user in steps:
		frappe.set_user(email(user))
		act(doctype, case, "Approve")


def filed(student, change_type, evidence=(), registrar="reg_a1", **values):
	frappe.set_user(email(registrar))
	doc = frappe.get_doc({
		"doctype": "Roll Change", "student": student, "change_type": change_type, "reason_detail": "测试原因",
		"evidence": [{"evidence_type": e, "file": factory.upload("proof.jpg")} for e in evidence], **values,
	}).insert()
	return doc


class TestRollChange(XuejiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	def test_suspension_end_to_end(self):
		student = registered()
		case = filed(student.name, "Suspension", reason="Illness", evidence=[HOSPITAL])
		act("Roll Change", case.name, "Submit for Approval")
		case.reload()
		self.assertEqual(case.change_state, "Pending School Head Review")
		self.assertEqual(len(case.steps), 2)
		self.assertEqual(case.steps[0].party_name, "甲市一区第一小学")
		self.assertEqual(case.steps[1].party_name, "甲市一区教育局")
		self.assertEqual(getdate(case.steps[0].due_date), due_date(getdate(case.steps[0].opened_on), 10)[0])
		self.assertTrue(frappe.db.get_value("Student", student.name, "has_open_case"))
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Approve", "情况属实")
		frappe.set_user(email("county_1"))
		act("Roll Change", case.name, "Approve")
		case.reload()
		student.reload()
		self.assertEqual(case.change_state, "Approved")
		self.assertEqual((student.status_label, student.on_roll, student.in_school, student.has_open_case), ("Suspended", 1, 0, 0))
		self.assertEqual(student.history[-1].event_type, "Suspension")
		self.assertEqual(student.history[-1].approved_by_office, "甲市一区教育局")
		self.assertTrue(case.effective_until)
		self.assertEqual([s.decision for s in case.steps], ["Approved", "Approved"])
		self.assertEqual(case.steps[0].comment, "情况属实")

		# resumption of the suspended student; a second suspension meanwhile is refused (not in school)
		again = filed(student.name, "Suspension", reason="Illness")
		with self.assertRaises(NotEligible) as ctx:
			act("Roll Change", again.name, "Submit for Approval")
		self.assertIn("在籍在校", str(ctx.exception))

	def test_missing_evidence_lists_the_document_and_leaves_the_case(self):
		student = registered()
		case = filed(student.name, "Suspension", reason="Illness")
		self.assertTrue(any("县级及以上医院证明" in m for m in case.check_eligibility()))
		with self.assertRaises(NotEligible) as ctx:
			act("Roll Change", case.name, "Submit for Approval")
		self.assertIn("县级及以上医院证明", str(ctx.exception))
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "change_state"), "Draft")
		self.assertFalse(frappe.db.get_value("Student", student.name, "has_open_case"))

	def test_every_reason_is_listed(self):
		student = registered(grade="13")
		frappe.db.set_value("Student", student.name, "status_label", "Suspended")
		case = filed(student.name, "Skip a Grade", to_grade="21")
		reasons = case.check_eligibility()
		self.assertEqual(len(reasons), 2, reasons)  # not in school; not a higher grade of the same stage

	def test_party_per_step(self):
		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("county_1"))  # the head's step is first
		with self.assertRaises(PartyMismatch):
			act("Roll Change", case.name, "Approve")
		frappe.set_user(email("county_2"))  # another county cannot see the case
		with self.assertRaises(frappe.PermissionError):
			act("Roll Change", case.name, "Approve")
		frappe.set_user(email("reg_a1"))  # the initiator cannot approve the head's step
		with self.assertRaises(frappe.ValidationError):
			act("Roll Change", case.name, "Approve")
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "change_state"), "Pending School Head Review")

	def test_a_bureau_above_acts_only_where_the_policy_allows(self):
		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Approve")
		frappe.set_user(email("city_1"))  # the county's step: not the city's by default
		with self.assertRaises(PartyMismatch):
			act("Roll Change", case.name, "Approve")
		frappe.set_user("Administrator")
		frappe.get_doc({"doctype": "Roll Policy", "policy_key": "T-SUP", "title": "上级可代办", "region": "990000",
						"superior_may_act": "Yes"}).insert()
		frappe.set_user(email("city_1"))
		act("Roll Change", case.name, "Approve")
		self.assertEqual(frappe.db.get_value("Roll Change", case.name, "change_state"), "Approved")

	def test_policy_names_the_city_as_approver(self):
		frappe.set_user("Administrator")
		frappe.get_doc({"doctype": "Roll Policy", "policy_key": "T-CITY-SR", "title": "甲市高中", "region": "990100", "stage": "Senior",
						"repeat_allowed": "No", "approver": [{"change_type": "Withdrawal", "approver": "City"}]}).insert()
		student = registered("A2", grade="32", registrar="reg_a2", approver="city_1")
		case = filed(student.name, "Withdrawal", registrar="reg_a2", guardian_applied=1)
		self.assertEqual(case.approving_region, "990100")
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a2"))
		act("Roll Change", case.name, "Approve")
		frappe.set_user(email("county_1"))
		with self.assertRaises(PartyMismatch):
			act("Roll Change", case.name, "Approve")
		frappe.set_user(email("city_1"))
		act("Roll Change", case.name, "Approve")
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Withdrawn")
		self.assertEqual(frappe.db.get_value("Student", student.name, "on_roll"), 0)
		repeat = filed(student.name, "Repeat a Grade", registrar="reg_a2", to_grade="31")
		self.assertTrue(any("不允许" in m for m in repeat.check_eligibility()))

	def test_reject_refile_keeps_history_and_withdraw_closes(self):
		student = registered()
		case = filed(student.name, "Death", evidence=["死亡证明"], event_date=today())
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		act("Roll Change", case.name, "Reject", "证明不清晰")
		frappe.set_user(email("reg_a1"))
		act("Roll Change", case.name, "Resubmit")
		case.reload()
		# the rejected round stays; the new round starts again at the head
		self.assertEqual([s.decision or "" for s in case.steps], ["Rejected", "", "", ""])
		self.assertEqual(case.steps[0].comment, "证明不清晰")
		self.assertEqual(case.current_step, 3)
		act("Roll Change", case.name, "Withdraw")
		self.assertFalse(frappe.db.get_value("Student", student.name, "has_open_case"))
		self.assertEqual(frappe.db.get_value("Student", student.name, "status_label"), "Enrolled")

	def test_death_end_to_end(self):
		student = registered()
		case = filed(student.name, "Death", evidence=["死亡证明"], event_date=today())
		act("Roll Change", case.name, "Submit for Approval")
		self.assertFalse(frappe.db.get_value("Roll Change", case.name, "reported_late"))
		approve_all(case.name)
		student.reload()
		self.assertEqual((student.status_label, student.on_roll, student.in_school), ("Deceased", 0, 0))

	def test_death_reported_after_the_policy_deadline_is_flagged(self):
		from frappe.utils import add_days

		student = registered()
		case = filed(student.name, "Death", evidence=["死亡证明"], event_date=add_days(today(), -30))
		act("Roll Change", case.name, "Submit for Approval")
		late, workdays = frappe.db.get_value("Roll Change", case.name, ["reported_late", "reported_after_workdays"])
		self.assertEqual(late, 1)
		self.assertGreater(workdays, 10)
		comments = frappe.get_all("Comment", filters={"reference_name": case.name, "comment_type": "Comment"}, pluck="content")
		self.assertTrue(any("个工作日" in c for c in comments), comments)
		# the clerk who filed it was told; the county reads it on the form's headline and on the phone page
		self.assertTrue(any("个工作日" in str(m) for m in frappe.message_log), frappe.message_log)
		frappe.set_user(email("county_1"))
		doc = frappe.get_doc("Roll Change", case.name)
		doc.run_method("onload")
		self.assertIn("个工作日", doc.get_onload().late_report)
		from xueji_app.services.cases.approvals import case_detail

		self.assertIn("个工作日", " ".join(line["value"] for line in case_detail("Roll Change", case.name)["lines"]))
		frappe.set_user(email("reg_a1"))
		no_date = filed(student.name, "Death", evidence=["死亡证明"], event_date=today())
		no_date.db_set("event_date", None)
		self.assertTrue(any("发生日期" in m for m in no_date.check_eligibility()))

	def test_direct_state_write_refused(self):
		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user(email("head_a1"))
		doc = frappe.get_doc("Roll Change", case.name)
		doc.change_state = "Pending Authority Approval"
		with self.assertRaises(DirectStateChange):
			doc.save()


class TestOverdueJob(XuejiTestCase):
	def test_notifies_party_and_superior_once_a_day(self):
		from xueji_app.services.cases.overdue import flag_overdue

		student = registered()
		case = filed(student.name, "Going Abroad", evidence=["护照或签证"])
		act("Roll Change", case.name, "Submit for Approval")
		frappe.set_user("Administrator")
		case.reload()
		frappe.db.set_value("Case Step", case.steps[0].name, "due_date", "2026-11-01")
		frappe.db.set_value("Roll Change", case.name, "current_due_date", "2026-11-01")

		def logs():
			return frappe.get_all("Notification Log", filters={"document_name": case.name}, pluck="for_user")

		with patch("xueji_app.services.cases.overdue.can_email", return_value=True), patch("frappe.sendmail") as sendmail:
			self.assertGreaterEqual(flag_overdue("2026-11-23"), 1)
		first = logs()
		self.assertEqual(set(first), {email("reg_a1"), email("head_a1"), email("county_1"), email("exp_1")})
		self.assertNotIn(email("county_2"), first)
		mailed = [c for c in sendmail.call_args_list if c.kwargs["reference_name"] == case.name]
		self.assertEqual(set(mailed[0].kwargs["recipients"]), set(first))
		flag_overdue("2026-11-23")
		self.assertEqual(len(logs()), len(first))  # once per step per day
		flag_overdue("2026-11-24")
		self.assertEqual(len(logs()), 2 * len(first))


class TestEveryChangeType(XuejiTestCase):
	"""Each change type through its workflow (registrar → head → county) and its effect on the student."""
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()

	# change type: (status before, extra values, evidence, expected status, expected grade)
	CASES = {
		"Resumption": ("Suspended", {"to_grade": "13"}, [], "Enrolled", "13"),
		"Suspension Extension": ("Suspended", {}, [], "Suspended", "13"),
		"Return from Dropout": ("Dropped Out", {"to_grade": "13"}, [], "Enrolled", "13"),
		"Going Abroad": ("Enrolled", {}, ["护照或签证"], "Abroad", "13"),
		"Return from Abroad": ("Abroad", {}, [], "Enrolled", "13"),
		"Dropout": ("Enrolled", {"absence_weeks": 5}, [], "Dropped Out", "13"),
		"Withdrawal": ("Enrolled", {"guardian_applied": 1}, [], "Withdrawn", "13"),
		"Repeat a Grade": ("Enrolled", {"to_grade": "12"}, [], "Enrolled", "12"),
		"Skip a Grade": ("Enrolled", {"to_grade": "14"}, [], "Enrolled", "14"),
		"Expulsion": ("Enrolled", {}, [], "Expelled", "13"),
		"Special Education Move": ("Enrolled", {}, [], "Enrolled", "13"),
		"Reform School Move": ("Enrolled", {}, [], "Enrolled", "13"),
		"Juvenile Detention": ("Enrolled", {}, [], "Enrolled", "13"),
		"Return from Detention": ("Enrolled", {}, [], "Enrolled", "13"),
	}

	def test_each_type(self):
		from xueji_app.rules.student import STATUS_AXES

		for change, (before, values, evidence, after, grade) in self.CASES.items():
			student = registered()
			if before != "Enrolled":
				on_roll, in_school = STATUS_AXES[before]
				frappe.db.set_value("Student", student.name, {"status_label": before, "on_roll": on_roll, "in_school": in_school})
			case = filed(student.name, change, evidence, **values)
			act("Roll Change", case.name, "Submit for Approval")
			approve_all(case.name)
			student.reload()
			self.assertEqual((student.status_label, student.grade, student.has_open_case), (after, grade, 0), change)
			self.assertEqual(student.history[-1].reference_name, case.name, change)
			self.assertEqual(student.on_roll, STATUS_AXES[after][0], change)


class TestConcurrentRollChanges(XuejiTestCase):
	"""Three registrars file three cases for one student at the same moment: exactly one opens, the two others
	are told a case is open (never a deadlock's 500)."""
	def test_three_filings_one_case(self):
		from xueji_app.services.core.policy import ensure_standard_policies

		ensure_standard_policies()
		student = registered()
		cases = [filed(student.name, "Going Abroad", evidence=["护照或签证"]).name for _ in range(3)]
		frappe.db.commit()

		def refusal(error):
			if isinstance(error, (NotEligible, OpenCaseExists)) and "在办业务" in str(error):
				return "open case"
			return repr(error)[:200]

		results = at_once(3, email("reg_a1"), lambda i: act("Roll Change", cases[i], "Submit for Approval"), refusal)
		frappe.db.rollback()
		try:
			self.assertEqual(sorted(results), ["ok", "open case", "open case"], results)
			states = sorted(frappe.db.get_value("Roll Change", n, "change_state") for n in cases)
			self.assertEqual(states, ["Draft", "Draft", "Pending School Head Review"])
		finally:
			frappe.set_user("Administrator")
			for n in cases:
				frappe.delete_doc("Roll Change", n, force=True, ignore_permissions=True)
			frappe.delete_doc("Student", student.name, force=True, ignore_permissions=True)
			frappe.db.commit()
