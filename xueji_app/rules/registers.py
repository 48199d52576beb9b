"""Registers: what a school's register may hold when it is made while the user waits."""

from __future__ import annotations

from xueji_app.rules.errors import _, RuleViolation


# --- refusals: one exception class per rule of this module ----------------------------------------


class RegisterTooLarge(RuleViolation):
	template = _("{field}: the register has {rows} rows, more than {limit} can be made while you wait; "
				 "ask for it from the school's form (Registers), which prepares it in the background")

