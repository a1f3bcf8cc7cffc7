"""Take the README's screenshot of the run report (docs/report.png) in headless Chromium.

    .venv/bin/python scripts/report_screenshot.py WAREHOUSE [--check]

WAREHOUSE is the bundled samples' warehouse (`make demo` writes warehouse/parley.duckdb). The
PNG carries a fingerprint of what the report says (its text, charts aside: they draw the same
numbers); --check rebuilds the report and exits 1 when the screenshot shows another one (the
tests use it), so that the README never shows a report older than the code.
"""
from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "docs" / "report.png"
FINGERPRINT_KEY = "parley-report-fingerprint"
WINDOW = "1280,2400"


def fingerprint(report_html: str) -> str:
    """A hash of the report's text from its first section on: the header's paths and run id
    differ from machine to machine, and the SVG charts carry a creation date."""
    body = report_html[report_html.index("<section"):]
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return hashlib.sha256(text.encode()).hexdigest()


def build_report(warehouse: Path, out_dir: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from parley.report import build

    return build(warehouse, out_dir)


def screenshot(page: Path, png: Path) -> None:
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("error: Debian's chromium is needed (scripts/ensure-test-tools.sh installs it)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--window-size={WINDOW}", f"--screenshot={png}",
                        page.resolve().as_uri()], check=True, capture_output=True, timeout=120)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    warehouse = Path(args[0]) if args else REPO / "warehouse" / "parley.duckdb"
    with tempfile.TemporaryDirectory() as scratch:
        page = build_report(warehouse.resolve(), Path(scratch))
        current = fingerprint(page.read_text(encoding="utf-8"))
        if "--check" in sys.argv:
            shown = Image.open(SCREENSHOT).text.get(FINGERPRINT_KEY)
            if shown != current:
                print(f"{SCREENSHOT} shows another report than {warehouse} gives now; "
                      f"regenerate it: .venv/bin/python scripts/report_screenshot.py {warehouse}")
                return 1
            return 0
        raw = Path(scratch) / "shot.png"
        screenshot(page, raw)
        info = PngInfo()
        info.add_text(FINGERPRINT_KEY, current)
        Image.open(raw).convert("RGB").save(SCREENSHOT, pnginfo=info, optimize=True)
    print(f"wrote {SCREENSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
