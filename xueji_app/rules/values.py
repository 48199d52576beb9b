"""What any stored value must be, whatever path it came by (form, REST, import): a number finite and within
what its column and its meaning allow, a text field a single text. Checked before anything uses the value,
so hostile input gets a message naming the field instead of a database error."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from .errors import RuleViolation, _

# --- refusals: one exception class per rule of this module ----------------------------------------


class ValueNotANumber(RuleViolation):
	template = _("{field}: «{value}» is not a number")


class UploadEmpty(RuleViolation):
	template = _("{field}: the file «{value}» is empty (0 bytes); choose the file again")


class ValueNotADate(RuleViolation):
	template = _("{field}: «{value}» is not a date (yyyy-mm-dd)")


class ValueNotFinite(RuleViolation):
	template = _("{field}: «{value}» is not a finite number")


class ValueOutOfRange(RuleViolation):
	template = _("{field}: {value} is outside the allowed range {low} to {high}")


class ValueNotText(RuleViolation):
	template = _("{field}: expected a single value, got {kind}")


class ValueNotRows(RuleViolation):
	template = _("{field}: expected a list of rows")


class ArgumentTypeError(RuleViolation):
	template = _("{field}: expected {expected}, got {kind}")



#: Frappe's column types: Int is int(11); Float, Currency and Percent are decimal(21,9) (12 digits before the point)
DECIMAL_LIMIT = 10**12 - 1
TYPE_RANGES: Mapping[str, tuple[float, float]] = {
	"Int": (-(2**31), 2**31 - 1),
	"Float": (-DECIMAL_LIMIT, DECIMAL_LIMIT),
	"Currency": (-DECIMAL_LIMIT, DECIMAL_LIMIT),
	"Percent": (-DECIMAL_LIMIT, DECIMAL_LIMIT),
	"Check": (0, 1),
}
#: what a value means allows less than its column does (km, a class number, a capacity of pupils)
FIELD_RANGES: Mapping[str, tuple[float, float]] = {
	"commute_distance": (0, 1000),
	"class_number": (1, 99),
	"capacity": (0, 100_000),
	"year": (1949, 2200),
	"stale_after_months": (1, 600),
}
#: field types whose value is one text (or nothing): a list or an object there is refused
SCALAR_TYPES = frozenset({
	"Data", "Small Text", "Text", "Long Text", "Link", "Dynamic Link", "Select", "Date", "Datetime", "Time",
	"Phone", "Read Only", "Code", "Text Editor", "Attach", "Attach Image", "Autocomplete", "Barcode", "Color",
	"Duration", "HTML Editor", "Markdown Editor", "Password", "Rating",
})


def number_range(fieldname: str, fieldtype: str, non_negative: bool = False) -> tuple[float, float] | None:
	"""The range a numeric field's value must lie in: its meaning's, within its column's."""
	column = TYPE_RANGES.get(fieldtype)
	if column is None:
		return None
	low, high = FIELD_RANGES.get(fieldname, column)
	low, high = max(low, column[0]), min(high, column[1])
	return (max(low, 0), high) if non_negative else (low, high)


def check_number(fieldname: str, value: object, low: float, high: float, integer: bool = False) -> float | int | None:
	"""``value`` (a number or its text) as a finite number in [low, high]; None or "" is no value."""
	if value is None or value == "":
		return None
	if isinstance(value, bool):
		value = int(value)
	if isinstance(value, int | float):
		number = value
	elif isinstance(value, str):
		raw = value.strip().replace(",", "")
		try:
			number = int(raw) if integer and raw.lstrip("+-").isdigit() else float(raw)
		except ValueError:
			raise ValueNotANumber(field=fieldname, value=value[:40]) from None
	else:
		raise ValueNotANumber(field=fieldname, value=type(value).__name__)
	if isinstance(number, float) and not math.isfinite(number):
		raise ValueNotFinite(field=fieldname, value=str(value)[:40])
	if not low <= number <= high:
		raise ValueOutOfRange(field=fieldname, value=_short(number), low=_short(low), high=_short(high))
	return number


def check_scalar(fieldname: str, value: object) -> None:
	"""A text field holds one value, not a list or an object."""
	if isinstance(value, list | tuple | set):
		raise ValueNotText(field=fieldname, kind="a list")
	if isinstance(value, dict):
		raise ValueNotText(field=fieldname, kind="an object")


def check_date(fieldname: str, value: object) -> dt.date | None:
	"""A date given as a date or as yyyy-mm-dd text (what the desk and the API send)."""
	if value is None or value == "":
		return None
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	if isinstance(value, str):
		try:
			return dt.date.fromisoformat(value.strip()[:10])
		except ValueError:
			pass
	raise ValueNotADate(field=fieldname, value=str(value)[:40])


def text_limit(fieldtype: str, length: int | None) -> tuple[int, str] | None:
	"""How long a text field's value may be: (limit, "chars") for varchar columns, (limit, "bytes") for TEXT."""
	if fieldtype in ("Data", "Link", "Dynamic Link", "Select", "Phone", "Autocomplete", "Read Only", "Attach", "Attach Image"):
		return (length or 140, "chars")
	if fieldtype in ("Small Text", "Text", "Code"):
		return (65_535, "bytes")
	return None


def text_length(value: str, unit: str) -> int:
	return len(value.encode("utf-8")) if unit == "bytes" else len(value)


def _short(number: float) -> str:
	if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
		number = int(number)
	return f"{number:g}" if isinstance(number, float) else str(number)
