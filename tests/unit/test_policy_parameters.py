"""Every Roll Policy parameter takes effect somewhere: a parameter nothing reads is a defect (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from xueji_app.rules import policy as p

APP = Path(__file__).resolve().parents[2] / "xueji_app"
#: where the parameters are declared, shipped or copied to and from the desk: reading them there is not using them
DECLARATIONS = {"rules/policy.py", "rules/standard_policies.py", "services/core/policy.py"}
#: read through a method of Policy rather than by name
THROUGH = {"approver": "approver_for", "required_evidence": "evidence_for", "change_reasons": "reasons_for"}


def code() -> str:
	return "\n".join(
		path.read_text(encoding="utf-8") for path in APP.rglob("*.py")
		if "tests" not in path.parts and str(path.relative_to(APP)) not in DECLARATIONS
	)


def test_every_parameter_is_read():
	text = code()
	unused = [name for name in p.PARAMETER_NAMES if not re.search(rf"\.{THROUGH.get(name, name)}\b", text)]
	assert not unused, f"policy parameters nothing reads: {unused}"
