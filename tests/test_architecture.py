"""The core knows nothing of the UI: importing it never loads textual, rich or our UI packages."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import evidencekit.core

def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(evidencekit.core.__path__, "evidencekit.core."))


def test_core_never_loads_ui_modules() -> None:
    mods = _core_modules()
    assert "evidencekit.core.vault.case" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        f"bad = sorted(k for k in sys.modules if k.split('.')[0] in {('textual', 'rich', 'textual_image')!r} "
        "or k.startswith(('evidencekit.tui', 'evidencekit.cli')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core pulled in UI modules: {out.stdout}"


def test_import_linter_contract() -> None:
    """The same rule as declared for import-linter in pyproject.toml."""
    lint = Path(sysconfig.get_path("scripts")) / "lint-imports"
    res = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


# The whole package is held to mypy --strict.
STRICT = ["evidencekit"]


def test_typed_modules_pass_mypy_strict() -> None:
    repo = Path(evidencekit.core.__file__).parents[2]
    mypy = Path(sysconfig.get_path("scripts")) / "mypy"
    res = subprocess.run([str(mypy), "--strict", "--follow-imports=silent", "--no-incremental", *STRICT],
                         capture_output=True, text=True, cwd=repo)
    assert res.returncode == 0, res.stdout + res.stderr
