"""Open a page in Debian's headless Chromium and return the DOM after its scripts ran."""
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def rendered_dom(page: Path, extra_flags: list[str] = ()) -> str:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed for the browser tests (scripts/ensure-test-tools.sh)"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, *FLAGS, *extra_flags, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
