"""Heavy dependencies stay in one module each; the export core never prints or imports the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import evidencekit

ROOT = Path(evidencekit.__file__).parent


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_pyhanko_only_in_its_adapter() -> None:
    # signing, validation, RFC 3161 and the PDF parser the assembler reads the layout's parts with
    adapter = ROOT / "core/integrity/pdf/pyhanko_adapter.py"
    importers = {p for p in ROOT.rglob("*.py")
                 if any(m.split(".")[0] in ("pyhanko", "pyhanko_certvalidator") for m in imports(p))}
    assert importers == {adapter}


def test_platypus_only_in_the_pdf_package() -> None:
    for p in ROOT.rglob("*.py"):
        if ROOT / "core/export/pdf" not in p.parents:
            assert not any(m.startswith("reportlab.platypus") for m in imports(p)), p


def test_export_core_is_headless() -> None:
    for p in (ROOT / "core/export").rglob("*.py"):
        mods = imports(p)
        assert not any(m.split(".")[0] in ("textual", "rich") or m.startswith("evidencekit.cli") for m in mods), p
        tree = ast.parse(p.read_text("utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
        assert not calls, p


def test_the_layout_never_masks_by_itself() -> None:
    """Redaction is applied once, to the bundle's input, before the layout: no module of the
    PDF calls the redactor (each that did would be a place where a new field could be forgotten)."""
    for p in (ROOT / "core/export/pdf").rglob("*.py"):
        mods = imports(p)
        assert not any(m.startswith(("evidencekit.core.export.mask", "evidencekit.core.export.redact")) for m in mods), p


def test_one_module_of_the_export_reads_the_chronology() -> None:
    """The chronology is asked for by exhibit in ``timeline`` alone, so that a change of its home
    or input type is made there."""
    readers = set()
    for p in (ROOT / "core/export").rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(n.endswith((".analysis.chronology", ".export.chronology")) for n in names):
                readers.add(p.relative_to(ROOT).as_posix())
    assert readers == {"core/export/timeline.py"}


def test_the_verifiers_take_the_bundles_names_from_its_format() -> None:
    # One home for the format: the verifiers (Python and the page's script) never spell a member
    # name themselves, so a name changed in format.py cannot leave one of them behind.
    from evidencekit.core.export import format as fmt

    names = {fmt.MANIFEST, fmt.MANIFEST_SIG, fmt.CERT, fmt.CUSTODY, fmt.PDF_NAME, fmt.SHA256SUMS, fmt.SM3SUMS,
             fmt.README, fmt.VERIFY_HTML, fmt.ORIGINALS, fmt.TIMESTAMPS, fmt.ZIP_SIG_MAGIC.decode()}
    for mod in ("verify_bundle", "verify_pdf", "verify_content"):
        tree = ast.parse((ROOT / "core/export" / f"{mod}.py").read_text("utf-8"))
        spelled = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, (str, bytes))}
        spelled = {v.decode("latin-1") if isinstance(v, bytes) else v for v in spelled}
        assert not names & spelled, (mod, names & spelled)
    js = "\n".join(p.read_text("utf-8") for p in (ROOT / "core/export/verifier/js").glob("*.js"))
    for name in names:
        assert f'"{name}"' not in js and f"'{name}'" not in js, name
    assert "evidencekit-zip-v1" not in js
