"""Backup and restore (#14): ``bench backup --with-files`` of the test site, restored into a new site the standard
way (``new-site``, then ``restore`` with the public and private files), brings back every student, case, step,
evidence file and log: the two sites' fingerprints (``services.platform.backup``: row counts, checksums of key fields, the
bytes of every file) are equal. A file lost after the restore is then found by the same fingerprint."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import frappe

from xueji_app.tests.test_permission_matrix import fixture, fresh
from xueji_app.tests.utils import XuejiTestCase

RESTORED = "xueji-restore.localhost"


def cli(*args: str, site: str | None = None) -> str:
	"""Frappe's CLI (what ``bench`` forwards to), from the bench's sites folder."""
	command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *(["--site", site] if site else []), *args]
	done = subprocess.run(command, cwd=frappe.utils.get_bench_path() + "/sites", capture_output=True, text=True, timeout=600)
	if done.returncode:
		raise AssertionError(f"{' '.join(args[:2])} failed: {done.stdout[-1500:]} {done.stderr[-1500:]}")
	return done.stdout


def fingerprint(site: str) -> dict:
	output = cli("execute", "xueji_app.services.platform.backup.fingerprint", site=site)
	return json.loads(next(line for line in output.splitlines() if line.startswith("{")))


def root_password() -> str:
	return os.environ.get("XUEJI_DB_ROOT_PASSWORD", "xueji-root")


class TestBackupAndRestore(XuejiTestCase):
	def setUp(self):
		super().setUp()
		fixture()  # students, cases with steps and evidence files, logs: committed
		fresh()
		self.folder = tempfile.mkdtemp(prefix="xueji-backup-")
		self.drop_restored()

	def tearDown(self):
		self.drop_restored()
		shutil.rmtree(self.folder, ignore_errors=True)
		super().tearDown()

	def drop_restored(self) -> None:
		folder = os.path.join(frappe.utils.get_bench_path(), "sites", RESTORED)
		if os.path.exists(os.path.join(folder, "site_config.json")):
			cli("drop-site", RESTORED, "--db-root-username", "root", "--db-root-password", root_password(), "--force", "--no-backup")
		shutil.rmtree(folder, ignore_errors=True)  # what a job queued by the restore's migration may have left

	def test_backup_with_files_restores_every_record_and_file(self):
		source = frappe.local.site
		before = fingerprint(source)
		for doctype in ("Student", "Roll Change", "Student Transfer", "Case Step", "Case Evidence", "Export Log", "Print Log"):
			self.assertGreater(before["tables"][doctype]["rows"], 0, f"the test site has no {doctype} to prove anything with")
		self.assertGreater(before["files"]["files"], 0)
		self.assertEqual(before["files"]["missing_or_changed"], [])

		cli("backup", "--with-files", "--backup-path", self.folder, site=source)
		database = glob.glob(f"{self.folder}/*-database.sql.gz")[0]
		public = glob.glob(f"{self.folder}/*-files.tar")
		public = [p for p in public if not p.endswith("-private-files.tar")][0]
		private = glob.glob(f"{self.folder}/*-private-files.tar")[0]

		cli("new-site", RESTORED, "--db-root-username", "root", "--db-root-password", root_password(), "--admin-password", "admin")
		cli("restore", database, "--with-public-files", public, "--with-private-files", private, "--db-root-username", "root",
			"--db-root-password", root_password(), "--force", site=RESTORED)
		after = fingerprint(RESTORED)
		for doctype, table in before["tables"].items():
			self.assertEqual(after["tables"][doctype], table, f"{doctype} differs after the restore")
		self.assertEqual(after["files"], before["files"])
		print(f"\nbackup and restore: {sum(t['rows'] for t in before['tables'].values())} rows in {len(before['tables'])} tables "
			  f"and {before['files']['files']} files identical after the restore")

		# the fingerprint finds a file lost after the restore
		lost = next(u for u in json.loads(cli("execute", "frappe.get_all", "--kwargs",
											  json.dumps({"doctype": "File", "filters": {"is_private": 1, "is_folder": 0},
														  "pluck": "file_url", "limit": 1}), site=RESTORED).splitlines()[-1]))
		os.remove(os.path.join(frappe.utils.get_bench_path(), "sites", RESTORED, lost.lstrip("/")))
		self.assertEqual(fingerprint(RESTORED)["files"]["missing_or_changed"], [lost])
