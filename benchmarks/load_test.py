"""A bounded load test of the product as it runs (``scripts/setup.sh``: gunicorn behind nginx, RQ workers):
N concurrent logged-in users over HTTP, each in a loop of what its tier does in a day, for a fixed time.

    cd $FRAPPE_BENCH/sites && ../env/bin/python /path/to/benchmarks/load_test.py --site xueji.localhost \\
        --users 50 --seconds 60 [--url http://127.0.0.1:8000]

The mix: registrars list students, open a record and file a case (going abroad with the passport, or back from
abroad) and submit it; school heads open the phone list and approve the cases filed; the county opens the phone list, approves
from the desk, runs 在籍学生统计 and lists; the city and the province run statistics and lists. A user logs in
once (its own session) and waits ``--think`` seconds between requests.

Loopback only (the URL must be 127.0.0.1/localhost). Prints requests/s, p50/p95 per endpoint and the errors,
then checks that every case filed exists exactly once and that the enrollment rollup reconciles. The
cases stay on the site (the site is a demo); each run files at most one case per enrolled student of the
demo school (enrolled pupils go abroad, pupils abroad come back: a next run finds them again).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import frappe
import requests

PASSWORD = "Xueji@2026"
TIERS = {  # tier → (login, share of the users)
	"registrar": ("registrar.zqsx@demo.xueji.cn", 0.3),
	"head": ("head.zqsx@demo.xueji.cn", 0.2),
	"county": ("county.zhanqian@demo.xueji.cn", 0.2),
	"city": ("city.yingkou@demo.xueji.cn", 0.15),
	"province": ("province@demo.xueji.cn", 0.15),
}
EVIDENCE = "护照或签证"


def percentile(values: list[float], p: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Run:
	"""What the users share: the timings, the errors, the students still free to file for, the steps claimed."""

	def __init__(self, url: str, site: str, deadline: float, think: float, marker: str, students: list[str], evidence: str):
		self.url, self.site, self.deadline, self.think, self.marker = url, site, deadline, think, marker
		self.students, self.evidence = students, evidence
		self.lock = threading.Lock()
		self.timings: dict[str, list[float]] = collections.defaultdict(list)
		self.errors: collections.Counter = collections.Counter()
		self.samples: dict[str, str] = {}
		self.filed: list[str] = []
		self.claimed: set[str] = set()

	def take_student(self) -> tuple[str, str] | None:
		with self.lock:
			return self.students.pop() if self.students else None

	def claim(self, name: str) -> bool:
		with self.lock:
			if name in self.claimed:
				return False
			self.claimed.add(name)
			return True


class User:
	def __init__(self, run: Run, tier: str, rng: random.Random):
		self.run, self.tier, self.rng = run, tier, rng
		self.http = requests.Session()
		self.http.headers.update({"Host": run.site, "Accept": "application/json", "Accept-Language": "zh"})

	def call(self, label: str, method: str, path: str, **kwargs):
		started = time.perf_counter()
		try:
			response = self.http.request(method, self.run.url + path, timeout=120, **kwargs)
			ok = response.status_code == 200
		except requests.RequestException as error:
			response, ok = None, False
			detail = repr(error)
		elapsed = time.perf_counter() - started
		with self.run.lock:
			self.run.timings[label].append(elapsed)
			if not ok:
				self.run.errors[label] += 1
				self.run.samples.setdefault(label, detail if response is None else f"{response.status_code} {response.text[:300]}")
		return response.json() if ok and response.headers.get("content-type", "").startswith("application/json") else None

	def login(self) -> None:
		self.call("login", "POST", "/api/method/login", data={"usr": TIERS[self.tier][0], "pwd": PASSWORD})

	def loop(self) -> None:
		self.login()
		while time.time() < self.run.deadline:
			getattr(self, self.tier)()
			time.sleep(self.rng.uniform(0.5, 1.5) * self.run.think)

	# --- what each tier does ---------------------------------------------------------------------------
	def student_list(self, filters=None) -> dict | None:
		return self.call("Student list", "POST", "/api/method/frappe.desk.reportview.get", data={
			"doctype": "Student", "fields": json.dumps(["`tabStudent`.`name`", "`tabStudent`.`student_name`", "`tabStudent`.`grade`",
														 "`tabStudent`.`status_label`"]),
			"filters": json.dumps(filters or []), "order_by": "`tabStudent`.`modified` desc", "start": 0, "page_length": 20,
		})

	def statistics(self) -> None:
		self.call("在籍学生统计", "GET", "/api/method/frappe.desk.query_report.run?" + urllib.parse.urlencode({
			"report_name": "Enrollment Statistics", "filters": json.dumps({"breakdown": self.rng.choice(["Gender", "Ethnic Group", "Grade"])}),
		}))

	def phone_list(self) -> list[dict]:
		return (self.call("phone list", "GET", "/api/method/xueji_app.services.cases.approvals.my_steps") or {}).get("message") or []

	def approve(self, label: str, steps: list[dict], phone: bool) -> None:
		with self.run.lock:
			filed = set(self.run.filed)
		for step in [s for s in steps if s.get("doctype") == "Roll Change" and s.get("name") in filed]:
			key = step.get("step") or step["name"]  # one decision per step
			if self.run.claim(key):
				if phone:
					self.call(label, "POST", "/api/method/xueji_app.services.cases.approvals.decide",
							  data={"doctype": "Roll Change", "name": step["name"], "decision": "Approve", "comment": "同意"})
				else:
					self.call(label, "POST", "/api/method/xueji_app.services.cases.workflow.act",
							  data={"doctype": "Roll Change", "name": step["name"], "action": "Approve", "comment": "同意"})
				return

	def registrar(self) -> None:
		choice = self.rng.random()
		if choice < 0.4:
			self.student_list()
		elif choice < 0.7:
			listed = (self.student_list() or {}).get("message") or {}
			values = listed.get("values") or []
			if values:
				self.call("Student form", "GET", "/api/method/frappe.desk.form.load.getdoc?" + urllib.parse.urlencode(
					{"doctype": "Student", "name": self.rng.choice(values)[0]}))
		else:
			taken = self.run.take_student()
			if not taken:
				self.student_list()
				return
			student, status = taken
			case = {"student": student, "change_type": "Going Abroad", "reason_detail": f"随父母出国 {self.run.marker}",
					"evidence": [{"evidence_type": EVIDENCE, "file": self.run.evidence}]}
			if status == "Abroad":
				case = {"student": student, "change_type": "Return from Abroad", "reason_detail": f"回国复学 {self.run.marker}"}
			doc = self.call("file a case", "POST", "/api/resource/Roll Change", json=case)
			if doc:
				name = doc["data"]["name"]
				with self.run.lock:
					self.run.filed.append(name)
				self.call("submit a case", "POST", "/api/method/xueji_app.services.cases.workflow.act",
						  data={"doctype": "Roll Change", "name": name, "action": "Submit for Approval"})

	def head(self) -> None:
		self.approve("approve (phone)", self.phone_list(), phone=True)

	def county(self) -> None:
		choice = self.rng.random()
		if choice < 0.4:
			self.approve("approve (desk)", self.phone_list(), phone=False)
		elif choice < 0.7:
			self.statistics()
		else:
			self.student_list()

	def city(self) -> None:
		if self.rng.random() < 0.6:
			self.statistics()
		else:
			self.student_list()

	province = city


def prepare(site: str) -> tuple[list[tuple[str, str]], str, dict]:
	"""On the site: the demo users may hold many sessions; the demo school's students free to file for; one
	evidence photo the registrar uploaded (every case attaches it)."""
	from xueji_app.demo.province import DEMO_SCHOOL_NAME, scanned, school_by_name

	frappe.init(site=site)
	frappe.connect()
	before = {}
	for login, _share in TIERS.values():
		before[login] = frappe.db.get_value("User", login, "simultaneous_sessions")
		frappe.db.set_value("User", login, "simultaneous_sessions", 1000, update_modified=False)
	school = school_by_name(DEMO_SCHOOL_NAME)
	# enrolled pupils go abroad (with the passport), pupils abroad come back: each run finds students to file for
	students = frappe.get_all("Student", filters={"school": school, "status_label": ["in", ["Enrolled", "Abroad"]], "has_open_case": 0},
							  fields=["name", "status_label"])
	students = [(s.name, s.status_label) for s in students]
	frappe.set_user(TIERS["registrar"][0])
	evidence = scanned(EVIDENCE)
	frappe.db.commit()
	frappe.destroy()
	return students, evidence, before


def finish(site: str, run: Run, sessions: dict) -> dict:
	"""Restore the session limits; every case filed exists exactly once; the rollup reconciles."""
	from xueji_app.rules import rollup as rules
	from xueji_app.services.roll import rollup

	frappe.init(site=site)
	frappe.connect()
	for login, value in sessions.items():
		frappe.db.set_value("User", login, "simultaneous_sessions", value, update_modified=False)
	stored = frappe.get_all("Roll Change", filters={"reason_detail": ["like", f"%{run.marker}%"]}, fields=["name", "student", "change_state"])
	per_student = collections.Counter(r.student for r in stored)
	states = collections.Counter(r.change_state for r in stored)
	differences = sum(len(rules.differences(*rollup.compare(region))) for region in rollup.counted_regions())
	frappe.db.commit()
	frappe.destroy()
	return {"filed": len(run.filed), "stored": len(stored), "twice": sum(1 for n in per_student.values() if n > 1),
			"missing": len(set(run.filed) - {r.name for r in stored}), "states": dict(states), "rollup_differences": differences}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--url", default="http://127.0.0.1:8000")
	parser.add_argument("--users", type=int, default=50)
	parser.add_argument("--seconds", type=int, default=60)
	parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
	args = parser.parse_args()
	host = urllib.parse.urlparse(args.url).hostname
	if host not in ("127.0.0.1", "localhost", "::1"):
		raise SystemExit("the load test runs on loopback only")

	students, evidence, sessions = prepare(args.site)
	marker = f"压测{uuid.uuid4().hex[:6]}"
	run = Run(args.url, args.site, time.time() + args.seconds, args.think, marker, students, evidence)
	shares = [(tier, share) for tier, (_login, share) in TIERS.items()]
	tiers = [tier for tier, share in shares for _ in range(max(1, round(share * args.users)))][: args.users]
	rng = random.Random(2026)
	started = time.perf_counter()
	with ThreadPoolExecutor(max_workers=len(tiers)) as pool:
		for future in [pool.submit(User(run, tier, random.Random(rng.random())).loop) for tier in tiers]:
			future.result()
	elapsed = time.perf_counter() - started
	total = sum(len(v) for v in run.timings.values())
	print(f"{len(tiers)} users ({collections.Counter(tiers)}), {args.seconds} s, think {args.think} s: "
		  f"{total} requests in {elapsed:.0f} s = {total / elapsed:.1f} requests/s, errors {sum(run.errors.values())}")
	print(f"{'endpoint':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
	for label, values in sorted(run.timings.items()):
		print(f"{label:<20} {len(values):>6} {statistics.median(values) * 1000:>8.0f} {percentile(values, 95) * 1000:>8.0f} "
			  f"{max(values) * 1000:>8.0f} {run.errors[label]:>6}")
	for label, sample in run.samples.items():
		print(f"  first error of {label}: {sample}")
	print("after the run:", finish(args.site, run, sessions))


if __name__ == "__main__":
	main()
