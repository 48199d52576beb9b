"""The shape of the code, read from the code: which package may import which, and no import circle.

Every ``import`` and ``from … import`` of the app is collected with ``ast`` (those inside functions too: a lazy
import is still an arrow), so a new arrow upward or a new circle fails here, naming the two modules."""

from __future__ import annotations

import ast
import pathlib

import pytest

APP = pathlib.Path(__file__).resolve().parents[2] / "xueji_app"

#: the layers, lowest first: a package imports only packages at its own rank or below
LAYERS = [
	"rules",
	"services.core",
	"services.security",
	"services.cases",
	"services.roll",
	"services.outputs",
	"services.platform",
	"overrides",
]


def module_name(path: pathlib.Path) -> str:
	parts = list(path.relative_to(APP.parent).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts.pop()
	return ".".join(parts)


def app_modules() -> dict[str, pathlib.Path]:
	return {module_name(p): p for p in APP.rglob("*.py")}


def imports_of(path: pathlib.Path, name: str, known: set[str]) -> set[str]:
	"""The app's modules ``path`` imports (``from package import module`` resolved to the module)."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	package = name if path.name == "__init__.py" else name.rpartition(".")[0]
	found: set[str] = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			found.update(a.name for a in node.names if a.name.startswith("xueji_app"))
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				anchor = package.split(".")
				anchor = anchor[: len(anchor) - (node.level - 1)]
				base = ".".join([*anchor, base] if base else anchor)
			if not base.startswith("xueji_app"):
				continue
			for alias in node.names:
				candidate = f"{base}.{alias.name}"
				found.add(candidate if candidate in known else base)
	return {m for m in found if m in known and m != name}


def rank(module: str) -> int | None:
	"""The layer of ``module`` (None above every layer: DocTypes, reports, hooks, tests …)."""
	inner = module.removeprefix("xueji_app.")
	best = None
	for i, layer in enumerate(LAYERS):
		if inner == layer or inner.startswith(layer + "."):
			best = i
	return best


GRAPH: dict[str, set[str]] = {}
_known = app_modules()
for _name, _path in _known.items():
	GRAPH[_name] = imports_of(_path, _name, set(_known))


def test_the_layers_are_read_from_real_packages():
	for layer in LAYERS:
		assert (APP / layer.replace(".", "/") / "__init__.py").exists(), layer
	# the graph is not empty: the test reads the code it means to judge
	assert sum(len(v) for v in GRAPH.values()) > 200


def test_rules_are_pure():
	"""The regulation engine imports neither Frappe nor anything of the app outside ``rules``."""
	for name, path in _known.items():
		if rank(name) != 0:
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in ast.walk(tree):
			mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
			for mod in mods:
				assert not (mod == "frappe" or mod.startswith("frappe.")), f"{name} imports {mod}"
				assert not mod.startswith("xueji_app.") or mod.startswith("xueji_app.rules"), f"{name} imports {mod}"


@pytest.mark.parametrize("layer", LAYERS)
def test_no_arrow_upward(layer):
	"""A module of a layer imports only modules of its own layer or below (never a DocType module or a test)."""
	mine = LAYERS.index(layer)
	wrong = []
	for name, targets in GRAPH.items():
		if rank(name) != mine:
			continue
		for target in targets:
			there = rank(target)
			if there is None or there > mine:
				wrong.append(f"{name} → {target}")
	assert not wrong, "imports upward: " + "; ".join(sorted(wrong))


def test_no_import_circle():
	"""No module reaches itself through the app's imports (a circle is named in full)."""
	state: dict[str, int] = {}
	stack: list[str] = []
	circles: list[str] = []

	def visit(node: str) -> None:
		state[node] = 1
		stack.append(node)
		for nxt in sorted(GRAPH.get(node, ())):
			if state.get(nxt) == 1:
				circles.append(" → ".join([*stack[stack.index(nxt):], nxt]))
			elif not state.get(nxt):
				visit(nxt)
		stack.pop()
		state[node] = 2

	for node in sorted(GRAPH):
		if not state.get(node):
			visit(node)
	assert not circles, "import circles: " + " | ".join(circles)


def test_each_package_says_what_it_holds_and_may_import():
	for layer in LAYERS[1:]:
		init = APP / layer.replace(".", "/") / "__init__.py"
		doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
		assert "May import" in doc, f"{init} has no docstring saying what it may import"
