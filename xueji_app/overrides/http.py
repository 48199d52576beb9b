"""What a refused or malformed request gets back (checked against Frappe 15.55.1).

Frappe answers many malformed requests with HTTP 500 — an IndexError, a TypeError for a missing argument, a
JSON decode error, a ProgrammingError for a filter with one value or NaN — and a syntax error in a query puts
the whole SQL, permission conditions included, in the response's ``_debug_messages``. Each 500 also writes an
Error Log row with a traceback, so anyone logged in could grow the log without bound. For every user but the
platform administrator:

- an exception that is not one of Frappe's own (a Python or database error raised while handling what the
  client sent) is answered 417 with one Chinese message, and logged at most once per method and error type
  every ``LOG_EVERY`` seconds, so a bug still reaches the Error Log but a flood does not;
- no debug messages (the SQL) go out with an error;
- ``frappe.SecurityException`` — raised by the login limit alone (``frappe.auth.get_login_attempt_tracker``) —
  is answered 429 Too Many Requests, not 500.

Frappe has no hook for its error handler; ``install`` (a ``before_request`` hook) wraps
``frappe.app.handle_exception`` once per process, which ``frappe.app.application`` calls by name."""

from __future__ import annotations

import frappe
from frappe import _

#: seconds between two Error Log rows for the same method and error type from non-administrators
LOG_EVERY = 600


def install() -> None:
	if getattr(frappe.SecurityException, "http_status_code", None) != 429:
		frappe.SecurityException.http_status_code = 429
	from frappe import app as frappe_app

	if not getattr(frappe_app.handle_exception, "xueji", False):
		original = frappe_app.handle_exception

		def handle_exception(e):
			mapped = answer(e)
			if mapped is e:
				return original(e)
			try:  # raised, so that the handler's sys.exc_info() names the refusal, not the Python error
				raise mapped from e
			except frappe.ValidationError as refusal:
				return original(refusal)

		handle_exception.xueji = True
		handle_exception.original = original
		frappe_app.handle_exception = handle_exception


def privileged() -> bool:
	"""The platform's administrators (``scope.is_admin``) see Frappe's own answers."""
	from xueji_app.services.security.scope import is_admin

	user = getattr(getattr(frappe.local, "session", None), "user", None) or "Guest"
	try:
		return user != "Guest" and is_admin(user)
	except Exception:  # no database to ask (the error may be that): answer as to anyone
		return False


def is_frappes(e: BaseException) -> bool:
	"""One of Frappe's own exceptions (they carry their status and message), or an HTTP one."""
	from werkzeug.exceptions import HTTPException

	return isinstance(e, HTTPException) or type(e).__module__.startswith("frappe") or hasattr(e, "http_status_code")


def answer(e: BaseException) -> BaseException:
	"""The exception Frappe's handler should answer for ``e``: for a non-administrator, no SQL in the
	response, and a foreign exception turned into a 417 with a message (logged, rate-limited)."""
	if privileged():
		return e
	if getattr(frappe.local, "debug_log", None):
		frappe.local.debug_log = []
	if is_frappes(e) or (frappe.db and isinstance(e, frappe.db.InternalError)
						 and (frappe.db.is_deadlocked(e) or frappe.db.is_timedout(e))):
		return e
	log_once(e)
	frappe.local.message_log = []
	frappe.msgprint(_("The request could not be carried out: one of its values is missing or not valid"),
					title=_("Not allowed"))
	refused = frappe.ValidationError(_("The request could not be carried out"))
	refused.__cause__ = e
	return refused


def log_once(e: BaseException) -> None:
	"""An Error Log row for ``e``, at most once per method and error type every ``LOG_EVERY`` seconds."""
	method = frappe.local.form_dict.get("cmd") or getattr(getattr(frappe.local, "request", None), "path", "") or ""
	key = f"xueji-error:{method}:{type(e).__name__}"[:200]
	try:
		if frappe.cache.get_value(key, expires=True):  # expires: read Redis, not the request's local copy
			return
		frappe.cache.set_value(key, 1, expires_in_sec=LOG_EVERY)
		# deferred: the request's transaction is rolled back after an error
		frappe.log_error(title=f"{type(e).__name__} in {method}"[:140], message=frappe.get_traceback(), defer_insert=True)
	except Exception:
		pass
