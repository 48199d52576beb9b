"""``whitelist``: Frappe's ``frappe.whitelist`` for the app's endpoints, with each argument's type checked against
the function's hints and a wrong one refused in the user's language, naming the argument (HTTP 417).

Frappe v15 checks hinted arguments itself, but skips hints written as text (every module here has
``from __future__ import annotations``) and answers in English with Python type names ("Argument
'student_number' should be of type 'str' but got 'list'"). Here the hints are resolved and checked with the
same pydantic adapter Frappe uses, a default's own type accepted as Frappe does; the function Frappe sees has
no hints, so its check stands aside."""

from __future__ import annotations

import contextlib
import functools
import random
import time
import types
import typing

import frappe
from frappe import _
from frappe.utils.typing_validations import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from xueji_app.rules.values import ArgumentTypeError
from xueji_app.services.core.errors import message_for

#: the arguments' names in the user's language
LABELS = {
	"doctype": "Document Type", "name": "Record Name", "action": "Workflow Action", "comment": "Opinion",
	"decision": "Decision", "student_number": "Student Number", "id_number": "ID Number", "kind": "Register",
	"school": "School", "academic_year": "Academic Year", "file_format": "File Format", "txt": "Search Text",
	"text": "Search Text", "filters": "Filters", "current_filters": "Filters", "query": "Search Query",
	"start": "Start Row", "limit": "Row Limit", "page_length": "Row Limit", "print_format": "Print Format",
	"field": "Field Name", "searchfield": "Search Field",
}
#: a type as the message says it
KINDS = {str: "text", int: "a whole number", float: "a number", bool: "yes or no", dict: "an object", list: "a list",
		 tuple: "a list", type(None): "nothing"}


#: how often a request that lost a deadlock is run again before the user is told
DEADLOCK_ATTEMPTS = 4


def whitelist(retry_deadlocks: bool = False, **options):
	"""``retry_deadlocks``: an endpoint whose transaction InnoDB chose as a deadlock's victim (two schools
	submitting at the same moment insert steps into neighbouring gaps of one index) runs again, from the
	start of the request: the victim's transaction was rolled back whole, so nothing of it remains."""
	def decorate(fn):
		hints = {k: v for k, v in typing.get_type_hints(fn).items() if k != "return"}

		@functools.wraps(fn)
		def endpoint(*args, **kwargs):
			if hints and (kwargs or args):
				kwargs = checked(fn, hints, args, kwargs)
				args = ()
			if retry_deadlocks and is_request_top():
				return with_deadlock_retries(fn, args, kwargs)
			return fn(*args, **kwargs)

		endpoint.__annotations__ = {}
		return frappe.whitelist(**options)(endpoint)

	return decorate


def is_request_top() -> bool:
	"""Whether this is the HTTP request's own call (not one endpoint calling another, nor a test in-process):
	only then is the whole transaction the endpoint's to run again."""
	return getattr(frappe.local, "request", None) is not None and not getattr(frappe.local, "xueji_in_endpoint", False)


@contextlib.contextmanager
def inside_endpoint():
	"""Calls made here belong to a larger transaction (a batch's records): none of them may run it again."""
	outer = getattr(frappe.local, "xueji_in_endpoint", False)
	frappe.local.xueji_in_endpoint = True
	try:
		yield
	finally:
		frappe.local.xueji_in_endpoint = outer


def with_deadlock_retries(fn, args: tuple, kwargs: dict):
	with inside_endpoint():
		for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
			try:
				return fn(*args, **kwargs)
			except frappe.QueryDeadlockError:
				if attempt == DEADLOCK_ATTEMPTS:
					raise
				frappe.db.rollback()
				frappe.local.message_log = []
				frappe.local.realtime_log = []
				time.sleep(random.uniform(0.02, 0.08) * attempt)


def checked(fn, hints: dict, args: tuple, kwargs: dict) -> dict:
	"""The arguments by name, each validated (and converted, "3" to 3 for an int) against its hint as Frappe
	would (a default's own type is accepted too); the first of the wrong type is refused."""
	names = fn.__code__.co_varnames[: fn.__code__.co_argcount]
	defaults = dict(zip(reversed(names), reversed(fn.__defaults__ or ()), strict=False))
	given = {**dict(zip(names, args, strict=False)), **kwargs}
	for name, value in given.items():
		hint = hints.get(name)
		if hint is None or hint is typing.Any:
			continue
		accepted = hint if name not in defaults else typing.Union[hint, type(defaults[name])]  # noqa: UP007
		try:
			given[name] = TypeAdapter(accepted).validate_python(value)
		except PydanticValidationError:
			violation = ArgumentTypeError(field=name, expected=describe(hint), kind=describe(type(value)))
			frappe.throw(message_for(violation, label=_(LABELS.get(name, name))), exc=ArgumentTypeError, title=_("Not allowed"))
	return given


def describe(hint) -> str:
	"""``str | None`` → "text"; ``dict | str`` → "an object or text" (in the user's language)."""
	if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
		parts = [describe(a) for a in typing.get_args(hint) if a is not type(None)]
		return _(" or ").join(dict.fromkeys(parts))
	origin = typing.get_origin(hint) or hint
	return _(KINDS.get(origin, getattr(origin, "__name__", str(origin))))


def reads_only(method: typing.Callable) -> typing.Callable:
	"""Marks a document method the desk calls for information only (``frm.call`` with the form's copy). Frappe's
	``run_doc_method`` sends the document back with the answer and the form takes that copy for its own: what the
	clerk typed while the request was on its way was lost (「患肺炎需住院治疗三个月」 saved as 「需住院治疗三个月」).
	For a marked method the copy is not sent back (``xueji_app.overrides.handler``)."""
	method.xueji_reads_only = True
	return method
