"""Find the message ids in the UI source (``_("…")``, ``N_("…")``, ``Binding(key, action, "…")``).

Used by the tests to prove every catalog covers every string, and to list what a translator
has to do: ``python -m evidencekit.locale.msgids`` prints the ids missing from each catalog.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

UI_PACKAGES = ("tui",)


def _from_file(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        arg: ast.expr | None = None
        if name in ("_", "N_") and node.args:
            arg = node.args[0]
        elif name == "Binding":
            arg = node.args[2] if len(node.args) > 2 else next(
                (k.value for k in node.keywords if k.arg == "description"), None
            )
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
            out.add(arg.value)
    return out


def collect_msgids(root: Path | None = None) -> set[str]:
    root = root or Path(__file__).resolve().parent.parent
    ids: set[str] = set()
    for pkg in UI_PACKAGES:
        for f in sorted((root / pkg).rglob("*.py")):
            ids |= _from_file(f)
    return ids


def missing(lang_file: Path, ids: set[str]) -> list[str]:
    table = json.loads(lang_file.read_text("utf-8"))
    return sorted(i for i in ids if not table.get(i))


if __name__ == "__main__":
    ids = collect_msgids()
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.json")):
        gaps = missing(f, ids)
        print(f"{f.name}: {len(gaps)} missing", file=sys.stderr)
        for g in gaps:
            print(json.dumps(g, ensure_ascii=False))
