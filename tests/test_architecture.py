"""The package's shape: read from the source (every import statement, function-level ones included),
no import cycle between modules and no stage importing a later one."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"
# The flow, earliest first: a module may import from its own rank or an earlier one.
RANKS = {"version": 0, "record": 0, "domain": 0, "read": 1, "crawl": 2, "text": 2, "tables": 3, "extract": 4,
         "validate": 5, "core": 6, "batch": 7, "compare": 7, "review": 8, "devtools": 8, "cli": 9,
         "__main__": 10, "__init__": 10}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The pipeline modules `path` imports, resolved to dotted names (package or module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "pipeline":
                continue
            for alias in node.names:  # `from .domain import template` names a module
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
    return found


def _exists(dotted: str) -> bool:
    p = PACKAGE.parent.joinpath(*dotted.split("."))
    return p.with_suffix(".py").exists() or (p / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def rank(module: str) -> int:
    parts = module.split(".")
    return RANKS[parts[1] if len(parts) > 1 else "__init__"]


def test_every_module_has_a_rank():
    assert not [m for m in graph() if m != "pipeline" and m.split(".")[1] not in RANKS]


def test_no_stage_imports_a_later_one():
    upward = [(m, t) for m, targets in graph().items() if m != "pipeline"
              for t in targets if t != "pipeline" and rank(t) > rank(m)]
    assert not upward


def test_no_import_cycle():
    g = graph()
    # a package's __init__ importing its own submodules is how a package is built, not a cycle
    edges = {m: {t for t in ts if t in g and not (t.startswith(m + ".") )} for m, ts in g.items()}
    seen, on_stack, cycles = set(), [], []

    def visit(m: str) -> None:
        if m in on_stack:
            cycles.append(on_stack[on_stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        on_stack.append(m)
        for t in sorted(edges.get(m, ())):
            visit(t)
        on_stack.pop()

    for m in sorted(edges):
        visit(m)
    assert not cycles


def test_import_graph_sees_function_level_imports():
    # the reader dispatcher imports each format's reader inside a function
    assert "pipeline.read.html" in imports_of(PACKAGE / "read" / "__init__.py")


def test_package_and_crawler_import_without_the_parser():
    code = ("import sys, pipeline, pipeline.crawl.scrape; "
            "heavy = [m for m in ('jieba', 'pipeline.core', 'pipeline.extract', 'pipeline.text.segment', 'pandas')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_no_module_over_500_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long
