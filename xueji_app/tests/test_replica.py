"""Reports on the read replica (``scripts/replica.sh``): which server answered is proven by pausing
replication — a row written on the primary is not in the report until the replica is resumed — and writes
(the export's log) still land on the primary. Without a replica configured, the rest of the suite runs.

CI starts the replica (scripts/test.sh); XUEJI_NO_REPLICA=1 runs the suite on a machine that has none.
"""

from __future__ import annotations

import json
import os
import unittest

import frappe
import pymysql
from frappe.desk import query_report

from xueji_app.services.outputs import exports
from xueji_app.tests.factory import email, school
from xueji_app.tests.test_roll_change import registered
from xueji_app.tests.utils import XuejiTestCase

PORT = int(os.environ.get("XUEJI_REPLICA_PORT", "3307"))
SOCKET = "/run/mysqld/mysqld-replica.sock"


@unittest.skipIf(os.environ.get("XUEJI_NO_REPLICA") == "1", "XUEJI_NO_REPLICA=1: this machine runs no replica")
class TestReportsOnTheReplica(XuejiTestCase):
	"""Commits (replication carries only committed rows) and deletes what it made."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.replica = pymysql.connect(unix_socket=SOCKET, user="root", autocommit=True)

	@classmethod
	def tearDownClass(cls):
		cls.replica.close()
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		self.made = []
		self.conf = {k: frappe.local.conf.get(k) for k in ("read_from_replica", "replica_host", "replica_db_port")}
		frappe.local.conf.update({"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": PORT})

	def tearDown(self):
		self.replica_sql("START SLAVE")
		frappe.local.conf.update(self.conf)
		frappe.set_user("Administrator")
		for name in self.made:
			frappe.delete_doc("Student", name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDown()

	@staticmethod
	def new_request() -> None:
		"""Frappe connects the replica once per request (its connections live on ``frappe.local``, which a
		request starts empty); this process plays many requests, so it forgets the last one's."""
		for attribute in ("replica_db", "primary_db"):
			if hasattr(frappe.local, attribute):
				delattr(frappe.local, attribute)

	def replica_sql(self, sql: str, *args):
		with self.replica.cursor() as cursor:
			cursor.execute(sql, args or None)
			return cursor.fetchall()

	def caught_up(self) -> None:
		"""Wait until the replica has applied everything the primary committed."""
		position = frappe.db.sql("select @@gtid_binlog_pos")[0][0]
		self.assertEqual(self.replica_sql("select master_gtid_wait(%s, 30)", position)[0][0], 0, "the replica did not catch up")

	def on_roll_in_report(self) -> int:
		self.new_request()
		frappe.set_user(email("county_1"))
		result = query_report.run("Enrollment Statistics", filters={"breakdown": "Gender"})
		frappe.set_user("Administrator")
		return next(r["total"] for r in result["result"] if r.get("node_name") == school("A1"))

	def register(self) -> None:
		self.made.append(registered().name)
		frappe.db.commit()

	def test_a_report_reads_the_replica_and_sees_a_row_once_replicated(self):
		self.register()
		self.caught_up()
		seen = self.on_roll_in_report()

		@frappe.read_only()
		def server() -> int:
			return int(frappe.db.sql("select @@server_id")[0][0])

		self.new_request()
		self.assertEqual(server(), 2)  # the replica answers inside the read-only routing
		self.assertEqual(int(frappe.db.sql("select @@server_id")[0][0]), 1)  # and the primary outside it

		self.replica_sql("STOP SLAVE SQL_THREAD")
		self.register()
		self.assertEqual(self.on_roll_in_report(), seen)  # written on the primary, not yet on the replica
		frappe.local.conf.read_from_replica = 0
		self.assertEqual(self.on_roll_in_report(), seen + 1)  # the primary has it
		frappe.local.conf.read_from_replica = 1

		self.replica_sql("START SLAVE SQL_THREAD")
		self.caught_up()
		self.assertEqual(self.on_roll_in_report(), seen + 1)

	def test_an_export_reads_the_replica_and_logs_on_the_primary(self):
		self.register()
		self.caught_up()
		self.replica_sql("STOP SLAVE SQL_THREAD")
		self.register()  # on the primary only
		frappe.set_user(email("exp_1"))  # a county officer who may export
		form = {"doctype": "Student", "file_format_type": "CSV", "fields": json.dumps(["`tabStudent`.`name`"]),
				"filters": json.dumps([["Student", "school", "=", school("A1")]]), "title": "Student"}
		self.new_request()
		_content, _name, rows = exports.report_view_file(form)
		frappe.set_user("Administrator")
		primary_rows = frappe.db.count("Student", {"school": school("A1")})
		self.assertEqual(rows, primary_rows - 1)  # the replica's rows: the last one not there yet
		frappe.set_user(email("exp_1"))
		exports.log_export("Report Builder", "Student", "Student", "CSV", form["filters"], rows)
		frappe.db.commit()
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.exists("Export Log", {"user": email("exp_1"), "row_count": rows}))  # on the primary
		self.replica_sql("START SLAVE SQL_THREAD")
		self.caught_up()
		self.assertEqual(self.replica_sql("select @@read_only")[0][0], 1)  # nothing but replication writes there
