"""Open a file in the system's own viewer (``xdg-open``, ``open``, Windows' file association).

The viewer gets a copy of the original, named as it was imported, in the item's derived folder:
a viewer that saves (or an editor opened by mistake) can never touch the evidence, and a file
with its extension opens in the right program.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def viewer_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """The command that opens a file in the desktop's viewer, or None when there is none here
    (no such program, or a terminal with no desktop behind it, as over SSH)."""
    env = os.environ if environ is None else environ
    if sys.platform == "darwin":
        found = shutil.which("open")
        return [found] if found else None
    if sys.platform == "win32":
        return ["cmd", "/c", "start", ""]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None
    for name in ("xdg-open", "gio", "gnome-open", "kde-open"):
        found = shutil.which(name)
        if found:
            return [found, "open"] if name == "gio" else [found]
    return None


def viewing_copy(original: Path, folder: Path, name: str) -> Path:
    """A read-only copy of ``original`` called ``name`` in ``folder`` (made once)."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = Path(name).name or "original"
    copy = folder / safe
    if not copy.exists() or copy.stat().st_size != original.stat().st_size:
        tmp = folder / f".{safe}.part"
        shutil.copyfile(original, tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, copy)
    return copy


def open_in_viewer(path: Path, command: list[str]) -> None:
    """Start the viewer on ``path`` and return at once (it lives on after the app closes).

    Raises:
        OSError: the program could not be started.
    """
    subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
