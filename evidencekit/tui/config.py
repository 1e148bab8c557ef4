"""The TUI's own settings: recent cases and the chosen language, in the user config folder."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

MAX_RECENT = 12


def default_config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("evidencekit", appauthor=False))


def crash_log_path() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("evidencekit", appauthor=False)) / "tui-errors.log"


@dataclass
class UiConfig:
    """Recent case folders (most recent first) and the language the user picked, if any."""

    path: Path
    recent: list[str] = field(default_factory=list)
    language: str | None = None
    theme: str | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> UiConfig:
        folder = folder or default_config_dir()
        p = folder / "tui.json"
        try:
            data = json.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            return cls(p)
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable %s: %s", p, e)
            return cls(p)
        recent = [str(r) for r in data.get("recent", []) if isinstance(r, str)]
        lang = data.get("language")
        theme = data.get("theme")
        return cls(
            p,
            recent[:MAX_RECENT],
            lang if isinstance(lang, str) else None,
            theme if theme in ("textual-dark", "textual-light") else None,
        )

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(
                json.dumps(
                    {"recent": self.recent, "language": self.language, "theme": self.theme},
                    ensure_ascii=False,
                    indent=1,
                ),
                "utf-8",
            )
            os.replace(tmp, self.path)
        except OSError as e:  # settings are a convenience: never fail the app for them
            log.warning("could not save %s: %s", self.path, e)

    def add_recent(self, case_dir: str | Path) -> None:
        p = str(Path(case_dir).resolve())
        self.recent = [p] + [r for r in self.recent if r != p]
        self.recent = self.recent[:MAX_RECENT]
        self.save()

    def forget(self, case_dir: str) -> None:
        self.recent = [r for r in self.recent if r != case_dir]
        self.save()


def guess_theme(environ: dict[str, str] | None = None) -> str:
    """Light when the terminal says its background is light (``COLORFGBG`` "fg;bg", set by
    rxvt, Konsole, iTerm2...; bg 7 or 15 is white), dark otherwise (Textual's default)."""
    value = (os.environ if environ is None else environ).get("COLORFGBG", "")
    bg = value.rsplit(";", 1)[-1]
    return "textual-light" if bg in ("7", "15") else "textual-dark"
