"""Find the check codes the core can produce, in its source (used by the tests to prove that every
code has a sentence in every language; ``python -m evidencekit.core.checktext.codes`` lists those
missing from each catalog).

A code is a dotted string whose first part says where it was found (``pdf.signature.ok``). The
source spells most of them whole; the rest are f-strings (``f"{where}.{name}.mismatch"``) whose
parts are resolved from the values the code passes: a function's parameter from the literals its
callers pass, a local name from the literals assigned to it, ``x.code`` from the codes of the
function ``x`` was returned by. What cannot be resolved stays a ``*`` pattern.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOTS = ("bundle", "case", "custody", "pdf", "timestamp", "zip")
CODE = re.compile(r"(?:%s)(?:\.[a-z0-9_]+)+" % "|".join(ROOTS))
# what a file name ends with: "bundle.pdf", "custody.head" are no codes
_FILE_TYPES = frozenset({"head", "html", "js", "json", "jsonl", "lock", "pdf", "pem", "png", "sig", "txt", "zip"})
_PATTERN = re.compile(r"(?:%s|\*)(?:\.(?:[a-z0-9_]+|\*))+" % "|".join(ROOTS))


@dataclass
class Found:
    codes: set[str] = field(default_factory=set)  # spelled whole, or f-strings resolved
    patterns: set[str] = field(default_factory=set)  # f-strings with a part not resolved: "*"


def _core() -> Path:
    return Path(__file__).resolve().parent.parent


class _Source:
    """The core's modules parsed, with what resolving a value needs: every function by name, every
    call by the name it calls, and each node's parent."""

    def __init__(self, trees: list[ast.Module]) -> None:
        self.functions: dict[str, list[ast.FunctionDef]] = {}
        self.calls: dict[str, list[ast.Call]] = {}
        self.parent: dict[ast.AST, ast.AST] = {}
        for tree in trees:
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
                if isinstance(node, ast.FunctionDef):
                    self.functions.setdefault(node.name, []).append(node)
                elif isinstance(node, ast.Call):
                    callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                    self.calls.setdefault(callee, []).append(node)

    def enclosing(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def values(self, expr: ast.expr, func: ast.FunctionDef | None, depth: int = 0) -> set[str] | None:
        """The strings ``expr`` can be, or None when that cannot be told from the source."""
        if depth > 4:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            a, b = self.values(expr.body, func, depth + 1), self.values(expr.orelse, func, depth + 1)
            return None if a is None or b is None else a | b
        if isinstance(expr, ast.Name) and func is not None:
            return self._name(expr.id, func, depth)
        if isinstance(expr, ast.Attribute) and expr.attr == "code" and isinstance(expr.value, ast.Name) and func:
            return self._codes_of_result(expr.value.id, func)
        return None

    def _name(self, name: str, func: ast.FunctionDef, depth: int) -> set[str] | None:
        out: set[str] = set()
        assigned = False
        for node in ast.walk(func):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                assigned = True
                v = self.values(node.value, func, depth + 1)
                if v is None:
                    return None
                out |= v
        params = [a.arg for a in func.args.posonlyargs + func.args.args]
        if name in params or name in [a.arg for a in func.args.kwonlyargs]:
            got = self._passed(func, name, depth)
            if got is None:
                return None
            out |= got
        elif not assigned:
            return None
        return out

    def _passed(self, func: ast.FunctionDef, param: str, depth: int) -> set[str] | None:
        """What the callers of ``func`` (anywhere in the core) pass as ``param``."""
        positional = [a.arg for a in func.args.posonlyargs + func.args.args]
        index = positional.index(param) if param in positional else None
        out: set[str] = set()
        calls = 0
        for node in self.calls.get(func.name, []):
            arg: ast.expr | None = next((k.value for k in node.keywords if k.arg == param), None)
            if arg is None and index is not None and index < len(node.args):
                arg = node.args[index]
            if arg is None:
                continue
            calls += 1
            v = self.values(arg, self.enclosing(node), depth + 1)
            if v is None:
                return None
            out |= v
        return out if calls else None

    def _codes_of_result(self, name: str, func: ast.FunctionDef) -> set[str] | None:
        """``name.code`` where ``name = f(...)``: the codes spelled in ``f``."""
        for node in ast.walk(func):
            if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                    and isinstance(node.value, ast.Call)):
                callee = node.value.func
                fname = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", "")
                found = {c.value for f in self.functions.get(fname, []) for c in ast.walk(f)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str) and is_code(c.value)}
                return found or None
        return None


def collect(root: Path | None = None) -> Found:
    """Every code the core's source can produce (and the patterns it could not resolve)."""
    root = root or _core()
    trees = [ast.parse(p.read_text("utf-8"), str(p)) for p in sorted(root.rglob("*.py"))]
    src = _Source(trees)
    found = Found()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and is_code(node.value):
                found.codes.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                _template(src, node, found)
    return found


def is_code(text: str) -> bool:
    """``text`` is shaped as a code, and is not a file name such as ``bundle.pdf``."""
    return CODE.fullmatch(text) is not None and text.rsplit(".", 1)[-1] not in _FILE_TYPES


def _template(mod: _Source, node: ast.JoinedStr, found: Found) -> None:
    func = mod.enclosing(node)
    parts: list[list[str]] = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append([str(v.value)])
        elif isinstance(v, ast.FormattedValue):
            got = mod.values(v.value, func)
            parts.append(sorted(got) if got is not None else ["*"])
    for combo in itertools.product(*parts):
        text = "".join(combo)
        if "*" in text:
            if _PATTERN.fullmatch(text) and text.split(".")[0] in ROOTS:
                found.patterns.add(text)
        elif is_code(text):
            found.codes.add(text)


def matches(pattern: str, code: str) -> bool:
    """``code`` fits ``pattern`` (``*`` stands for one or more dotted parts)."""
    rx = re.escape(pattern).replace(r"\*", r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
    return re.fullmatch(rx, code) is not None


if __name__ == "__main__":
    f = collect()
    here = Path(__file__).resolve().parent / "catalog"
    for cat in sorted(here.glob("*.json")):
        table = json.loads(cat.read_text("utf-8"))
        gaps = sorted(f.codes - set(table["checks"]))
        print(f"{cat.name}: {len(gaps)} missing", file=sys.stderr)
        for g in gaps:
            print(g)
    for p in sorted(f.patterns):
        print(f"pattern {p}", file=sys.stderr)
