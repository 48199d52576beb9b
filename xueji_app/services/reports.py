"""The app's script reports run live: neither a refusal nor a slow run switches them to prepared mode.

Frappe v15 starts a 15-second timer before a script report's ``execute`` and cancels it when ``execute``
returns; when ``execute`` raises (a filter outside the user's scope, a bad filter value) the timer is never
cancelled, and when it runs longer than 15 s the timer fires: either way the report becomes a "prepared
report" for every user, which opens blank until someone generates it. ``report`` cancels that timer.
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
	"""Decorate a script report's ``execute``: it runs live, and never switches itself to prepared mode.

	The timer is cancelled before the report runs, not only when it fails: a province's statistics on a
	cold cache may take longer than 15 s once, and must not then open blank for every user as a background
	report that nobody asked for. An administrator who wants a prepared report still sets it on the Report."""

	def decorate(execute):
		@functools.wraps(execute)
		def run(*args, **kwargs):
			cancel_prepared_report_timer(name)
			return execute(*args, **kwargs)

		return run

	return decorate
