"""RFC 3161 against a real TSA on 127.0.0.1; no network at all when none is configured."""

from __future__ import annotations

import socket
import subprocess
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.integrity import tsa
from tests.core.export.fixtures import NOW, make_input
from tests.tsa_server import running_tsa


def test_tsa_client_gets_a_token_that_checks_out() -> None:
    with running_tsa() as server:
        [o] = tsa.stamp(b"batch", [server.url])
    assert o.ok, o.error
    good = tsa.check_token(o.response, data=b"batch")
    assert good.ok and good.code == "timestamp.ok" and good.args["time"] == good.gen_time
    bad = tsa.check_token(o.response, data=b"other")
    assert not bad.ok and bad.code == "timestamp.imprint"


def test_timestamped_export(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 3)
    with running_tsa() as server:
        dead = "http://127.0.0.1:9/tsa"  # nothing listens on port 9: one TSA of two fails
        res = export_bundle(inp, tmp_path / "b.pdf",
                            ExportOptions(make_zip=True, now=NOW, tsa_urls=(server.url, dead), tsa_timeout=3))
        n_requests = len(server.requests)
    assert res.timestamped
    # two import batches, then the document timestamp (pyHanko asks once more to size its placeholder)
    assert n_requests == 4
    assert any("failed" in n and dead in n for n in res.timestamp_notes)
    pdfsig = subprocess.run(["pdfsig", str(res.pdf_path)], capture_output=True, text=True).stdout
    assert "Signature #2" in pdfsig and "Signature is Valid" in pdfsig
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    assert "导入批次" in text and server.url in text.replace("\n", "")
    names = zipfile.ZipFile(res.zip_path).namelist()
    assert sum(n.endswith(".tsr") for n in names) == 2
    for p in (res.pdf_path, res.zip_path):
        rep = verify_bundle(p)
        assert rep.ok, rep.problems
    # the batch tokens are checked in the ZIP and again inside the PDF (which carries them too)
    rep = verify_bundle(res.zip_path)
    assert sum(c.name == "timestamp" and c.ok for c in rep.checks) == 4
    assert {c.code for c in rep.checks if c.name == "timestamp"} == {"zip.timestamp.ok", "pdf.timestamp.ok"}
    assert sum(c.name == "timestamp" and c.ok for c in verify_bundle(res.pdf_path).checks) == 2
    assert any(c.name == "pdf_timestamp" and c.ok for c in rep.checks)
    # openssl reads the token as a standard RFC 3161 reply
    z = zipfile.ZipFile(res.zip_path)
    tok = next(n for n in names if n.endswith(".tsr"))
    (tmp_path / "t.tsr").write_bytes(z.read(tok))
    out = subprocess.run(["openssl", "ts", "-reply", "-in", str(tmp_path / "t.tsr"), "-text"],
                         capture_output=True, text=True)
    assert "Status: Granted" in out.stdout


def test_a_failing_tsa_leaves_the_export_untimestamped(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2)
    with running_tsa() as server:
        server.fail = True
        res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(now=NOW, tsa_urls=(server.url,), tsa_timeout=3))
    assert not res.timestamped
    assert res.timestamp_notes[0] == "not timestamped"
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    assert "未加盖时间戳" in text
    assert verify_bundle(res.pdf_path).ok


def test_no_tsa_means_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*a: object, **k: object) -> None:
        raise AssertionError("network used without a TSA configured")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    inp = make_input(tmp_path, 2)
    res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(make_zip=True, now=NOW))
    assert not res.timestamped
    assert verify_bundle(res.zip_path).ok


def test_a_tampered_token_is_caught(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2)
    with running_tsa() as server:
        res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(make_zip=True, now=NOW, tsa_urls=(server.url,)))
    with zipfile.ZipFile(res.zip_path) as z:
        tok = next(n for n in z.namelist() if n.endswith(".tsr"))
        data = bytearray(z.read(tok))
    data[-40] ^= 0x01
    bad = tsa.check_token(bytes(data), data=b"whatever")
    assert not bad.ok and bad.code.startswith("timestamp.") and bad.code != "timestamp.ok"


def test_batch_tokens_are_kept_in_the_custody_log_and_reused(tmp_path: Path) -> None:
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case
    from tests.core.export.fixtures import draw_screenshot

    draw_screenshot(tmp_path / "s.png", ["请今日还款。"])
    with Case.create(tmp_path / "case", CaseMeta("催收短信", "张三")) as case:
        list(case.import_paths([tmp_path / "s.png"]))
        with running_tsa() as server:
            first = export_case(case, tmp_path / "a.pdf", ExportOptions(tsa_urls=(server.url,)))
            n_first = len(server.requests)
            second = export_case(case, tmp_path / "b.pdf", ExportOptions(tsa_urls=(server.url,), make_zip=True))
            n_second = len(server.requests) - n_first
            # a TSA named only by an earlier export's token is never contacted again
            n_before = len(server.requests)
            other = export_case(case, tmp_path / "d.pdf",
                                ExportOptions(tsa_urls=("http://127.0.0.1:9/tsa",), tsa_timeout=2))
            assert len(server.requests) == n_before
            assert not other.timestamped
        assert len(first.batch_tokens) == 1 and second.batch_tokens == ()  # the batch token was reused
        assert n_second == 2  # only the document timestamp (and pyHanko's sizing request)
        third = export_case(case, tmp_path / "c.pdf", ExportOptions(make_zip=True))  # offline
        assert not third.timestamped
        assert any(e.action == "timestamp_added" for e in case.log_entries())
    for p in (second.zip_path, third.zip_path):
        rep = verify_bundle(p)
        assert rep.ok, rep.problems
        assert any(c.name == "timestamp" and c.ok for c in rep.checks)
