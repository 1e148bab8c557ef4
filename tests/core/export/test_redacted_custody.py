"""A redacted bundle's custody log: the numbers masked in its entries, the chain still checkable."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault import custody
from evidencekit.core.vault.case import Case
from tests.core.export.fixtures import NOW, draw_screenshot

SECRETS = ("13912345678", "110101199003071234")


def test_the_custody_log_of_a_redacted_bundle_masks_the_numbers(tmp_path: Path) -> None:
    shot = tmp_path / "微信截图_13912345678.png"
    draw_screenshot(shot, ["请今日还款。"])
    with Case.create(tmp_path / "case", CaseMeta("催收短信", "张三")) as case:
        [o] = list(case.import_paths([shot]))
        assert o.item_id is not None
        case.update_item(o.item_id, proves="对方向第三人13912345678披露欠款，并提到身份证110101199003071234")
        full = custody.read_lines(case.path / "custody.jsonl")
        res = export_case(case, tmp_path / "r.pdf", ExportOptions(redact=True, make_zip=True, now=NOW))
    assert any(s in "".join(full) for s in SECRETS)  # the vault's own log keeps everything
    assert res.zip_path is not None
    lines = zipfile.ZipFile(res.zip_path).read("custody.jsonl").decode("utf-8").splitlines()
    text = "\n".join(lines)
    for s in SECRETS:
        assert s not in text
    marked = [json.loads(ln) for ln in lines if json.loads(ln).get("redacted")]
    assert marked and {m["action"] for m in marked} >= {"item_imported", "annotation_changed"}
    # same entries, same hashes and signatures, in the same order
    assert [json.loads(ln)["hash"] for ln in lines] == [json.loads(ln)["hash"] for ln in full]
    checks = list(custody.check_chain(lines, allow_redacted=True))
    assert [c.ok for c in checks] == [True]
    assert f"{len(marked)} with numbers masked" in checks[0].detail
    # the mark is no licence to edit: a full log never carries it, and links and signatures still bind
    assert not all(c.ok for c in custody.check_chain(lines))
    tampered = lines[:]
    i = next(n for n, ln in enumerate(lines) if json.loads(ln).get("redacted"))
    e = json.loads(tampered[i])
    e["hash"] = "0" * 64
    tampered[i] = json.dumps(e, ensure_ascii=False)
    assert not all(c.ok for c in custody.check_chain(tampered, allow_redacted=True))
    # and the bundle verifies, saying how many entries were masked
    for bundle in (res.pdf_path, res.zip_path):
        rep = verify_bundle(bundle)
        assert rep.ok, rep.problems
        assert any(c.name == "custody_chain" and "masked" in c.detail for c in rep.checks)
