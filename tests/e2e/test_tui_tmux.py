"""End to end: the real ``evidencekit`` program in tmux at 80x24, in Chinese.

The first test creates a case from the start screen, drops files on the window the way a terminal does (a
bracketed paste of their paths), confirms, waits for import and OCR, exports, and checks with
``evidencekit verify`` that the case and the bundle verify. The second reopens a case whose
reading was interrupted, leaves a correction with Esc, and drops a file on the item screen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def _program() -> str:
    here = Path(sys.executable).parent / "evidencekit"
    return str(here) if here.exists() else (shutil.which("evidencekit") or "evidencekit")


class Tmux:
    def __init__(self, session: str, env: dict[str, str]) -> None:
        self.session = session
        self.env = env

    def run(self, *args: str) -> str:
        return subprocess.run([TMUX, *args], check=True, capture_output=True, text=True, env=self.env).stdout  # type: ignore[list-item]

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.session, "-l", text)
        time.sleep(0.3)

    def paste(self, text: str) -> None:
        """What a terminal does when files are dropped: a bracketed paste of their paths."""
        self.run("set-buffer", "-b", "drop", text)
        self.run("paste-buffer", "-p", "-d", "-b", "drop", "-t", self.session)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if any(t in screen for t in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"none of {texts!r} appeared within {timeout}s; the screen was:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run([TMUX, "has-session", "-t", self.session], capture_output=True, env=self.env).returncode == 0  # type: ignore[list-item]


@pytest.fixture
def tmux_factory(tmp_path: Path) -> Iterator[Callable[..., Tmux]]:
    """Starts the program (with arguments) in a private tmux server at 80x24, in Chinese."""
    env = dict(os.environ)
    env.update(
        LANG="zh_CN.UTF-8",
        LC_ALL="",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        TERM="xterm-256color",
        TMUX_TMPDIR=str(tmp_path),  # a private tmux server: never touches the user's sessions
    )
    env.pop("TMUX", None)
    env.pop("EVIDENCEKIT_LANG", None)
    session = f"ek-{uuid.uuid4().hex[:8]}"

    def start(*args: str) -> Tmux:
        t = Tmux(session, env)
        t.run("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(tmp_path),
              " ".join(shlex.quote(a) for a in (_program(), *args)))
        return t

    try:
        yield start
    finally:
        subprocess.run([TMUX, "kill-server"], capture_output=True, env=env)  # type: ignore[list-item]


@pytest.fixture
def tmux(tmux_factory: Callable[..., Tmux]) -> Tmux:
    return tmux_factory()


def test_drop_files_import_ocr_export_verify(tmux: Tmux, tmp_path: Path) -> None:
    drop = tmp_path / "手机 截图"
    drop.mkdir()
    for name in ("ios-light-hans-reminder.png", "ios-dark-hant-forwarded.jpg", "call-2026-11-20.m4a"):
        shutil.copy(SAMPLES / name, drop / name)
    (drop / "readme.bin").write_bytes(b"\x00\x01 not evidence")
    case_dir = tmp_path / "case"

    tmux.wait_for("新建案件")
    tmux.keys("n")
    tmux.wait_for("名称（例如")
    tmux.type("某某金融催收 2026年11月")
    for _ in range(6):  # name, other names, phone, institutions, purpose → the folder field
        tmux.keys("Tab")
        time.sleep(0.1)
    tmux.type(str(case_dir))
    tmux.keys("C-s")
    tmux.wait_for("0 份证据")

    # GNOME Terminal quotes names with spaces; the JPEG and the bad file come backslash-escaped.
    escaped = str(drop).replace(" ", "\\ ")
    tmux.paste(f"'{drop}/ios-light-hans-reminder.png' {escaped}/ios-dark-hant-forwarded.jpg "
               f"'{drop}/call-2026-11-20.m4a' {escaped}/readme.bin ")
    screen = tmux.wait_for("把这些导入案件吗")
    assert "ios-dark-hant-forwarded.jpg" in screen
    tmux.keys("Enter")
    screen = tmux.wait_for("导入完成", timeout=60)
    assert "导入 3 个，已存在 0 个，未接收 1 个" in screen
    assert "不支持的类型" in screen
    tmux.keys("Escape")
    # OCR runs by itself after the import; its result (or a clear "missing program") shows up.
    screen = tmux.wait_for("已识别 2 张截图的文字", "缺少程序", timeout=120)
    assert "Traceback" not in screen
    tmux.wait_for("3 份证据")

    tmux.keys("e")
    tmux.wait_for("导出证据包")
    tmux.keys("C-s")
    screen = tmux.wait_for("完好：", "有问题：", timeout=120)
    assert "完好：" in screen, screen
    tmux.keys("q")
    end = time.monotonic() + 10
    while tmux.alive() and time.monotonic() < end:
        time.sleep(0.2)

    pdfs = sorted((case_dir / "exports").glob("*.pdf"))
    zips = sorted((case_dir / "exports").glob("*.zip"))
    assert len(pdfs) == 1 and len(zips) == 1
    for target in (case_dir, pdfs[0], zips[0]):
        out = subprocess.run([_program(), "verify", str(target)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr


def test_resume_ocr_correct_on_the_item_screen_and_drop_there(tmux_factory, tmp_path: Path) -> None:
    """Reopen a case whose reading was interrupted, leave a correction unsaved with Esc (asked,
    saved), and drop a file on the item screen (imported, and the person stays there)."""
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case

    case_dir = tmp_path / "case"
    with Case.create(case_dir, CaseMeta("某某金融催收")) as c:  # imported, never read: as a stopped run leaves it
        outcomes = list(c.import_paths([SAMPLES / "ios-light-hans-reminder.png", SAMPLES / "android-light-hans-missent.png"]))
        assert [o.status for o in outcomes] == ["imported", "imported"]
    drop = tmp_path / "新 截图"
    drop.mkdir()
    shutil.copy(SAMPLES / "ios-dark-hant-forwarded.jpg", drop / "ios-dark-hant-forwarded.jpg")

    tmux = tmux_factory(str(case_dir))
    screen = tmux.wait_for("还有 2 张截图没有识别", "正在识别文字", timeout=30)
    screen = tmux.wait_for("已识别 2 张截图的文字", "缺少程序", timeout=120)
    assert "Traceback" not in screen
    if "缺少程序" in screen:
        pytest.skip("no OCR engine on this machine")

    tmux.keys("Home")
    tmux.keys("c")  # the item, its first message ready to correct
    tmux.wait_for("截图上显示", "截图上没有显示时间", timeout=20)
    tmux.type("（已核对）")
    tmux.keys("Escape")
    tmux.wait_for("保存修改吗")
    tmux.keys("Enter")  # Save is the first button
    tmux.wait_for("处校正", timeout=20)  # "已保存 1 处校正。…": the toast wraps at the space
    tmux.wait_for("2 份证据")  # back on the case screen

    tmux.keys("Enter")
    tmux.wait_for("截图上显示", "截图上没有显示时间", timeout=20)
    escaped = str(drop).replace(" ", "\\ ")
    tmux.paste(f"{escaped}/ios-dark-hant-forwarded.jpg ")
    tmux.wait_for("把这些导入案件吗")
    tmux.keys("Enter")
    screen = tmux.wait_for("导入完成", timeout=60)
    assert "导入 1 个" in screen
    tmux.keys("Escape")
    screen = tmux.wait_for("截图上显示", "截图上没有显示时间", timeout=20)  # still on the item screen
    assert "ios-light-hans-reminder.png" in screen or "android-light-hans-missent.png" in screen
    tmux.wait_for("已识别 1 张截图的文字", timeout=120)
    tmux.keys("Escape")
    tmux.wait_for("3 份证据", timeout=20)
    tmux.keys("q")
    end = time.monotonic() + 10
    while tmux.alive() and time.monotonic() < end:
        time.sleep(0.2)

    with Case.open(case_dir, readonly=True) as c:
        assert c.count() == 3
        assert any(e.action == "text_corrected" for e in c.log_entries())
        assert all(c.ocr_result(i) is not None for i in (1, 2, 3))
    out = subprocess.run([_program(), "verify", str(case_dir)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
