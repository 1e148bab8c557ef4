"""Large images are drawn from reduced copies (memory bounded per image); the originals are
untouched, images the PDF embeds undecoded pass as they are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from evidencekit.core.export.page_images import MAX_PAGE_SIDE, page_images


def _image(path: Path, mode: str, size: tuple[int, int]) -> Path:
    im = Image.new(mode, size, "white")
    d = ImageDraw.Draw(im)
    for y in range(0, size[1], 300):
        d.rectangle((50, y, size[0] - 50, y + 120), fill="navy")
    im.save(path, compress_level=1)
    return path


def test_only_large_images_that_would_be_decoded_are_reduced(tmp_path: Path) -> None:
    big_rgba = _image(tmp_path / "a.png", "RGBA", (3000, 4000))
    big_rgb = _image(tmp_path / "b.png", "RGB", (3000, 4000))
    big_jpeg = tmp_path / "c.jpg"
    Image.open(big_rgb).save(big_jpeg, quality=80)
    small = _image(tmp_path / "d.png", "RGBA", (1080, 2340))
    tall = _image(tmp_path / "e.png", "P", (1080, 14000))  # a scrolling screenshot, palette PNG
    before = big_rgba.read_bytes()
    shown = page_images({1: big_rgba, 2: big_rgb, 3: big_jpeg, 4: small, 5: tall}, tmp_path)
    assert not shown.undecodable
    out = shown.paths
    assert out[2] == big_rgb and out[4] == small  # embedded undecoded / small enough
    for i in (1, 3, 5):
        assert out[i].parent == tmp_path and out[i].name == f"page-{i}.png"
        with Image.open(out[i]) as im:
            assert im.mode == "RGB" and im.format == "PNG"
            assert im.width <= MAX_PAGE_SIDE and im.height <= 4 * MAX_PAGE_SIDE
    with Image.open(out[5]) as im:
        assert im.height == 9600 and abs(im.width - 1080 * 9600 / 14000) <= 1  # its length kept for the page
    assert big_rgba.read_bytes() == before


def test_a_large_screenshot_is_exported_in_bounded_memory(tmp_path: Path) -> None:
    _image(tmp_path / "shot.png", "RGBA", (6000, 7000))  # 42 million pixels, with alpha
    code = f"""
import re
from pathlib import Path
from evidencekit.core.vault.case import Case
from evidencekit.core.models import CaseMeta
from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
d = Path({str(tmp_path)!r})
with Case.create(d / "case", CaseMeta("big", "x")) as case:
    list(case.import_paths([d / "shot.png"]))
    import gc; gc.collect()
    open("/proc/self/clear_refs", "w").write("5")  # the peak of the export alone, not the import's
    export_case(case, d / "b.pdf", ExportOptions(language="en"))
print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))
"""
    peak = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()[-1])
    # decoded once (4 bytes a pixel) and one RGB copy (3): about 300 MB, not reportlab's several copies
    assert peak < 480_000, f"peak {peak // 1024} MB"
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "b.pdf")], capture_output=True, text=True).stdout
    widths = [int(line.split()[3]) for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    assert widths and max(widths) <= MAX_PAGE_SIDE
    # the original itself is attached whole
    from evidencekit.core.verify import verify_path

    assert verify_path(tmp_path / "b.pdf").ok
    assert re.search(rb"shot\.png", (tmp_path / "b.pdf").read_bytes())
