"""The product as it runs in production: gunicorn with several workers (``xueji_app.wsgi``), no debugger.

One request holds a worker busy for seconds (as an inflated upload once did for 25 minutes on the single
development server); meanwhile other users' requests are answered by the other workers. Errors reach the
user as a message, never as a traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import frappe

from xueji_app.tests.utils import XuejiTestCase


def wait_until(condition, seconds: float = 60, every: float = 0.5) -> bool:
	"""Whether ``condition()`` became true within ``seconds`` (an OSError while asking counts as not yet)."""
	deadline = time.time() + seconds
	while time.time() < deadline:
		try:
			if condition():
				return True
		except OSError:
			pass
		time.sleep(every)
	return False


def answers(url: str) -> bool:
	urllib.request.urlopen(url, timeout=2)
	return True


def listens(port: int) -> bool:
	with socket.create_connection(("127.0.0.1", port), timeout=1):
		return True


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class Gunicorn:
	"""gunicorn serving this site on 127.0.0.1:<port> with ``workers`` sync workers, as scripts/setup.sh runs it."""

	def __init__(self, site: str, workers: int = 2):
		self.site, self.workers, self.port = site, workers, free_port()

	def __enter__(self) -> str:
		sites = os.path.join(frappe.utils.get_bench_path(), "sites")
		gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
		env = {**os.environ, "XUEJI_SITE": self.site}
		self.process = subprocess.Popen(
			[gunicorn, "--chdir", sites, "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "-t", "120",
			 "xueji_app.wsgi:application"],
			cwd=sites, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		)
		base = f"http://127.0.0.1:{self.port}"
		if wait_until(lambda: answers(f"{base}/api/method/ping")):
			return base
		self.process.kill()
		raise AssertionError("gunicorn did not start")

	def __exit__(self, *exc):
		self.process.terminate()
		self.process.wait(timeout=30)


def get(url: str, timeout: float = 30) -> tuple[int, bytes, float]:
	started = time.perf_counter()
	try:
		with urllib.request.urlopen(url, timeout=timeout) as response:
			return response.status, response.read(), time.perf_counter() - started
	except urllib.error.HTTPError as error:
		return error.code, error.read(), time.perf_counter() - started


class TestProductionServing(XuejiTestCase):
	def test_a_busy_worker_does_not_block_other_users(self):
		with Gunicorn(frappe.local.site, workers=2) as base:
			held = {}
			slow = threading.Thread(target=lambda: held.update(result=get(f"{base}/api/method/xueji_app.tests.slow.hold?seconds=8")))
			slow.start()
			time.sleep(1)  # the slow request has taken one worker
			answers = [get(f"{base}/api/method/ping", timeout=20) for _ in range(10)]
			pages = [get(f"{base}/login", timeout=20)]
			slow.join()
		self.assertEqual(held["result"][0], 200)
		self.assertGreater(held["result"][2], 7)
		for status, _body, seconds in answers + pages:
			self.assertEqual(status, 200)
		# every other request was served while the slow one still held its worker (it took 8 s)
		self.assertLess(sum(s for _st, _b, s in answers + pages), 7)

	def test_errors_carry_no_traceback_and_assets_are_served(self):
		with Gunicorn(frappe.local.site, workers=1) as base:
			status, body, _s = get(f"{base}/api/method/xueji_app.services.cases.workflow.act?doctype=Roll%20Change&name=x&action=y")
			self.assertIn(status, (403, 404, 417))
			self.assertNotIn(b"Traceback", body)
			self.assertNotIn(b"werkzeug", body.lower())
			status, _body, _s = get(f"{base}/assets/frappe/images/frappe-framework-logo.svg")
			self.assertEqual(status, 200)


class TestSetupConverges(XuejiTestCase):
	"""A site an earlier failure left half-created (its configuration and an empty database, nothing installed:
	what an interrupted ``new-site`` leaves) is recreated by the set-up's ``ensure_site``, not migrated."""

	SITE = "xueji-half.localhost"

	def state_of(self, bench: str) -> dict:
		import json

		out = subprocess.run([sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", self.SITE, "execute",
							  "xueji_app.services.platform.install.installed_state"],
							 cwd=os.path.join(bench, "sites"), capture_output=True, text=True, timeout=300)
		self.assertEqual(out.returncode, 0, out.stderr[-2000:])
		return json.loads(out.stdout.strip().splitlines()[-1])

	def test_half_created_site_is_recreated(self):
		import json
		import shutil

		bench = frappe.utils.get_bench_path()
		repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
		root_password = os.environ.get("XUEJI_DB_ROOT_PASSWORD", "xueji-root")
		folder = os.path.join(bench, "sites", self.SITE)
		db = "_xueji_half"
		mysql = ["mariadb", "-uroot", f"-p{root_password}", "-h127.0.0.1", "-e"]
		subprocess.run([*mysql, f"drop database if exists {db}; create database {db}; "
					   f"create or replace user '{db}'@'%' identified by 'half'; grant all on {db}.* to '{db}'@'%';"], check=True)
		shutil.rmtree(folder, ignore_errors=True)
		for sub in ("logs", "locks", "private/files", "private/backups", "public/files"):
			os.makedirs(os.path.join(folder, sub))
		with open(os.path.join(folder, "site_config.json"), "w") as f:
			json.dump({"db_name": db, "db_password": "half", "db_type": "mariadb"}, f)
		try:
			run = subprocess.run(["bash", "-c", f"source {repo}/scripts/lib.sh && ensure_site {self.SITE}"],
								 capture_output=True, text=True, timeout=900, env={**os.environ, "FRAPPE_BENCH": bench})
			self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr[-2000:])
			self.assertIn("half-created", run.stdout)
			apps = subprocess.run([sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", self.SITE, "list-apps"],
								  cwd=os.path.join(bench, "sites"), capture_output=True, text=True)
			self.assertIn("xueji_app", apps.stdout)
			fresh_state = self.state_of(bench)
			# run again: the site is whole now, so it is migrated and kept
			again = subprocess.run(["bash", "-c", f"source {repo}/scripts/lib.sh && ensure_site {self.SITE}"],
								   capture_output=True, text=True, timeout=900, env={**os.environ, "FRAPPE_BENCH": bench})
			self.assertEqual(again.returncode, 0, again.stdout[-2000:])
			self.assertIn("migrating", again.stdout)
			# a site made by new-site is what a migrate makes of it: every difference named
			migrated_state = self.state_of(bench)
			differences = [key for key in sorted(set(fresh_state) | set(migrated_state))
						   if fresh_state.get(key) != migrated_state.get(key)]
			self.assertEqual(differences, [], "a new site differs from the same site migrated in: " + ", ".join(differences))
			# and it is the product: the tiers' workspaces only, Frappe's for administrators
			self.assertTrue(fresh_state["workspaces"].get("Users"), "Frappe's Users workspace has roles on a new site")
			self.assertIn("Student", {row[0] for row in fresh_state["list_settings"]})
		finally:
			subprocess.run([sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "drop-site", self.SITE, "--db-root-username",
							"root", "--db-root-password", root_password, "--force", "--no-backup"],
						   cwd=os.path.join(bench, "sites"), capture_output=True)
			shutil.rmtree(folder, ignore_errors=True)
			subprocess.run([*mysql, f"drop database if exists {db}; drop user if exists '{db}'@'%';"])


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Nginx:
	"""nginx on 127.0.0.1:<port> in front of ``upstream`` with the site configuration scripts/setup.sh writes
	(``nginx_conf`` in scripts/lib.sh: the proxy headers, /protected/ for private files, static files from the
	bench), run from a folder of its own as root (so it reads a bench under /root) and stopped afterwards."""

	def __init__(self, upstream: str, site: str):
		self.upstream, self.site, self.port = upstream, site, free_port()

	def __enter__(self) -> int:
		import shutil
		import tempfile

		nginx = shutil.which("nginx") or "/usr/sbin/nginx"
		self.folder = tempfile.mkdtemp(prefix="xueji-nginx-")
		sites = os.path.join(frappe.utils.get_bench_path(), "sites")
		web_port = self.upstream.rsplit(":", 1)[1]
		server = subprocess.run(
			["bash", "-c", f'source "{REPO}/scripts/lib.sh" && nginx_conf "$@"', "nginx_conf",
			 self.site, web_port, "9000", sites, f"127.0.0.1:{self.port}"],
			capture_output=True, text=True, check=True).stdout
		temp = " ".join(f"{k}_temp_path {self.folder}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
		conf = os.path.join(self.folder, "nginx.conf")
		with open(conf, "w") as f:
			f.write(f"""user root; pid {self.folder}/nginx.pid; error_log {self.folder}/error.log; daemon off; worker_processes 1;
events {{ worker_connections 64; }}
http {{ access_log off; include /etc/nginx/mime.types; {temp}
{server}
}}
""")
		self.process = subprocess.Popen([nginx, "-p", self.folder, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
		if wait_until(lambda: listens(self.port), seconds=10, every=0.2):
			return self.port
		self.process.kill()
		raise AssertionError(f"nginx did not start: {self.process.stderr.read().decode()[-2000:]}")

	def __exit__(self, *exc):
		import shutil

		self.process.terminate()
		self.process.wait(timeout=30)
		shutil.rmtree(self.folder, ignore_errors=True)


def login_from(port: int, source: str, user: str, password: str, forwarded: str | None = None) -> int:
	"""POST /api/method/login to 127.0.0.1:``port`` from the loopback address ``source``; the HTTP status."""
	import http.client
	import json

	connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
	headers = {"Content-Type": "application/json", **({"X-Forwarded-For": forwarded} if forwarded else {})}
	connection.request("POST", "/api/method/login", body=json.dumps({"usr": user, "pwd": password}), headers=headers)
	status = connection.getresponse().status
	connection.close()
	return status


class TestClientAddress(XuejiTestCase):
	"""The login limit per address counts the address nginx saw, whatever X-Forwarded-For a client sends."""

	ATTACKER, SCHOOL = "127.0.0.2", "127.0.0.3"

	def test_a_spoofed_forwarded_address_locks_out_only_the_sender(self):
		from frappe.auth import LoginAttemptTracker

		from xueji_app.tests import factory
		from xueji_app.tests.factory import email

		settings = frappe.get_single("System Settings")
		before = (settings.allow_consecutive_login_attempts, settings.allow_login_after_fail)
		frappe.db.set_single_value("System Settings", {"allow_consecutive_login_attempts": 3, "allow_login_after_fail": 300})
		frappe.db.commit()
		try:
			with Gunicorn(frappe.local.site, workers=1) as base, Nginx(base, frappe.local.site) as port:
				failures = [login_from(port, self.ATTACKER, "nobody@test.xueji.invalid", "wrong", forwarded=self.SCHOOL)
							for _ in range(5)]
				# Frappe locks an address once its failures exceed the limit (3): the fifth attempt
				self.assertEqual(failures[:4], [401, 401, 401, 401])
				self.assertEqual(failures[4], 429, "the sender's own address is locked, answered 429")
				# rotating the header does not escape the limit
				self.assertEqual(login_from(port, self.ATTACKER, email("reg_a1"), factory.PASSWORD, forwarded="10.9.8.7"), 429)
				# the address the attacker named is not locked: the school's registrar logs in
				self.assertEqual(login_from(port, self.SCHOOL, email("reg_a1"), factory.PASSWORD), 200)
				# nor through gunicorn reached directly from an address that is not the proxy's
				gunicorn_port = int(base.rsplit(":", 1)[1])
				self.assertEqual(login_from(gunicorn_port, self.SCHOOL, email("reg_a2"), factory.PASSWORD, forwarded=self.ATTACKER), 200)
		finally:
			frappe.db.set_single_value("System Settings", {"allow_consecutive_login_attempts": before[0],
														   "allow_login_after_fail": before[1]})
			frappe.db.commit()
			for key in (self.ATTACKER, self.SCHOOL, "10.9.8.7", "nobody@test.xueji.invalid", email("reg_a1"), email("reg_a2")):
				LoginAttemptTracker(key).add_success_attempt()


class TestNginxSite(XuejiTestCase):
	"""The nginx site setup.sh writes, as `bench setup nginx` would: a private file reaches the user gunicorn allows
	(served by nginx through the internal /protected/ location), nobody else, and never by its /protected/ path."""

	def test_private_files_pass_gunicorns_check_and_nginx_serves_them(self):
		import requests

		from xueji_app.tests import factory
		from xueji_app.tests.factory import email

		frappe.set_user(email("reg_a1"))
		url = factory.upload("nginx-proof.jpg", private=True)
		content = frappe.get_doc("File", {"file_url": url}).get_content()  # as stored (the upload is re-encoded)
		frappe.set_user("Administrator")
		frappe.db.commit()
		try:
			with Gunicorn(frappe.local.site, workers=1) as base, Nginx(base, frappe.local.site) as port:
				front = f"http://127.0.0.1:{port}"
				owner = requests.Session()
				self.assertEqual(owner.post(f"{front}/api/method/login", json={"usr": email("reg_a1"), "pwd": factory.PASSWORD}).status_code, 200)
				answer = owner.get(f"{front}{url}")
				self.assertEqual((answer.status_code, answer.content), (200, content))
				self.assertNotIn("X-Accel-Redirect", answer.headers, "nginx follows gunicorn's redirect itself")
				self.assertEqual(answer.headers.get("X-Frame-Options"), "SAMEORIGIN")
				# gunicorn alone answers with the redirect only, never the bytes, when asked through nginx's header
				direct = owner.get(f"{base}{url}", headers={"X-Use-X-Accel-Redirect": "True"})
				self.assertEqual(direct.content, b"")
				self.assertTrue(direct.headers.get("X-Accel-Redirect", "").startswith("/protected/private/files/"))
				# a visitor and another school's registrar are refused; the internal path is not a door
				self.assertNotEqual(requests.get(f"{front}{url}").content, content)
				other = requests.Session()
				other.post(f"{front}/api/method/login", json={"usr": email("reg_c1"), "pwd": factory.PASSWORD})
				self.assertNotEqual(other.get(f"{front}{url}").content, content)
				protected = f"{front}/protected/{frappe.local.site}/private/files/{url.rsplit('/', 1)[1]}"
				self.assertEqual(requests.get(protected).status_code, 404)
				self.assertEqual(owner.get(protected).status_code, 404)
				# static assets come from nginx with a year's cache
				asset = requests.get(f"{front}/assets/frappe/images/frappe-framework-logo.svg")
				self.assertEqual(asset.status_code, 200)
				self.assertIn("max-age=31536000", asset.headers.get("Cache-Control", ""))
		finally:
			for name in frappe.get_all("File", filters={"file_url": url}, pluck="name"):
				frappe.delete_doc("File", name, force=True, ignore_permissions=True)
			frappe.db.commit()


class TestBenchCliInstalls(XuejiTestCase):
	"""The set-up's first steps on a stock machine: a fresh user account with Debian's own python3 (PEP 668) and no
	sudo installs the bench CLI (``install_bench_cli``), and root runs a command as that user without sudo
	(``as_user``, what ``init_bench`` does)."""

	USER = "xueji-clitest"

	def test_a_fresh_account_installs_the_bench_cli(self):
		if os.geteuid() != 0:
			self.skipTest("creating a user account needs root")
		repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
		subprocess.run(["userdel", "-r", self.USER], capture_output=True)
		subprocess.run(["useradd", "-m", "-s", "/bin/bash", self.USER], check=True)
		try:
			env = {k: v for k, v in os.environ.items() if k.startswith(("SSL_", "REQUESTS_CA", "CURL_CA", "PIP_", "GIT_SSL"))}
			env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"  # Debian's python3, no pyenv, no bench
			run = subprocess.run(
				["bash", "-c", f"source {repo}/scripts/lib.sh && as_user {self.USER} "
							   f"\"source {repo}/scripts/lib.sh && install_bench_cli && command -v bench && bench --version && id -un\""],
				capture_output=True, text=True, timeout=600, env=env)
			self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr[-2000:])
			lines = run.stdout.strip().splitlines()
			self.assertEqual(lines[-1], self.USER)
			self.assertTrue(lines[0].startswith(f"/home/{self.USER}/.bench-cli/bin/bench"), lines)
			# Debian's python3 itself still refuses a system-wide pip install (what the old set-up tried)
			refused = subprocess.run(["runuser", "-u", self.USER, "--", "/usr/bin/python3", "-m", "pip", "install", "--user", "frappe-bench"],
									 capture_output=True, text=True, env=env)
			self.assertNotEqual(refused.returncode, 0)
		finally:
			subprocess.run(["userdel", "-r", self.USER], capture_output=True)


class TestSupervised(XuejiTestCase):
	"""The processes as ``scripts/setup.sh`` runs them, under supervisor (``supervisor_conf`` of scripts/lib.sh),
	in a supervisord of the test's own: the web server and a worker killed with SIGKILL come back by themselves."""

	def supervisorctl(self, folder: str, *args: str) -> subprocess.CompletedProcess:
		return subprocess.run(["supervisorctl", "-c", os.path.join(folder, "supervisord.conf"), *args],
							  capture_output=True, text=True, timeout=60)

	def pid(self, folder: str, program: str) -> int:
		out = self.supervisorctl(folder, "pid", f"xueji:xueji-{program}").stdout.strip()
		return int(out) if out.isdigit() else 0

	def test_a_killed_web_process_and_worker_come_back(self):
		import shutil
		import signal
		import tempfile

		if not shutil.which("supervisord"):
			self.skipTest("supervisor is not installed (scripts/setup.sh installs it)")
		bench = frappe.utils.get_bench_path()
		repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
		folder, port = tempfile.mkdtemp(prefix="xueji-supervisor-"), free_port()
		programs = subprocess.run(["bash", "-c", f"source {repo}/scripts/lib.sh && supervisor_conf {bench} {frappe.local.site} {port} 2"],
								  capture_output=True, text=True, check=True).stdout
		# the test's supervisord runs the web server and one worker; the socket.io port and the scheduler are the bench's
		import re

		for idle in ("socketio", "schedule", "worker-long"):
			programs = re.sub(rf"(\[program:xueji-{idle}\][^\[]*?)autostart=true", r"\1autostart=false", programs)
		with open(os.path.join(folder, "xueji.conf"), "w") as f:
			f.write(programs)
		with open(os.path.join(folder, "supervisord.conf"), "w") as f:
			f.write(f"""[unix_http_server]
file={folder}/supervisor.sock
[supervisord]
logfile={folder}/supervisord.log
pidfile={folder}/supervisord.pid
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{folder}/supervisor.sock
[include]
files={folder}/xueji.conf
""")
		subprocess.run(["supervisord", "-c", os.path.join(folder, "supervisord.conf")], check=True)
		try:
			base = f"http://127.0.0.1:{port}"
			self.assertTrue(wait_until(lambda: get(f"{base}/api/method/ping", timeout=5)[0] == 200), "the web server did not start")
			self.assertTrue(wait_until(lambda: self.pid(folder, "worker") > 0), "the worker did not start")
			for program in ("web", "worker"):
				before = self.pid(folder, program)
				os.killpg(before, signal.SIGKILL)  # the process and what it started (gunicorn's workers) die at once
				self.assertTrue(wait_until(lambda: self.pid(folder, program) not in (0, before)), f"{program} did not come back")
			self.assertTrue(wait_until(lambda: get(f"{base}/api/method/ping", timeout=5)[0] == 200), "the web server does not answer")
			def both_running() -> bool:
				status = self.supervisorctl(folder, "status", "xueji:xueji-web", "xueji:xueji-worker").stdout
				return status.count("RUNNING") == 2

			self.assertTrue(wait_until(both_running), self.supervisorctl(folder, "status").stdout)
		finally:
			pidfile = os.path.join(folder, "supervisord.pid")
			supervisord = int(open(pidfile).read().strip()) if os.path.exists(pidfile) else 0
			self.supervisorctl(folder, "shutdown")  # stops the programs, then itself
			if supervisord and not wait_until(lambda: not os.path.exists(f"/proc/{supervisord}"), 60):
				os.kill(supervisord, signal.SIGKILL)
			shutil.rmtree(folder, ignore_errors=True)
