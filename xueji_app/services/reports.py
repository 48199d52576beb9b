"""The app's script reports run live: a refusal never switches them to prepared-report mode.

Frappe v15 starts a 15-second timer before a script report's ``execute`` and cancels it when ``execute``
returns; when ``execute`` raises (a filter outside the user's scope, a bad filter value), the timer is
never cancelled and switches the report to "prepared report" for every user 15 s later. ``report``
cancels that timer whenever ``execute`` raises.
"""

from __future__ import annotations

import functools
import threading


def cancel_prepared_report_timer(report: str) -> int:
	"""Cancel the pending switch of ``report`` to prepared mode; returns how many timers were cancelled."""
	cancelled = 0
	for thread in threading.enumerate():
		if isinstance(thread, threading.Timer) and getattr(thread.function, "__name__", "") == "enable_prepared_report":
			if (thread.kwargs or {}).get("report") == report:
				thread.cancel()
				cancelled += 1
	return cancelled


def report(name: str):
	"""Decorate a script report's ``execute``: errors still reach the user, the timer does not fire."""

	def decorate(execute):
		@functools.wraps(execute)
		def run(*args, **kwargs):
			try:
				return execute(*args, **kwargs)
			except BaseException:
				cancel_prepared_report_timer(name)
				raise

		return run

	return decorate
