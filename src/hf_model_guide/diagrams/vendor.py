"""Vendor Mermaid for drawing the pages' diagrams, with no request to a CDN.

``python -m hf_model_guide.diagrams`` draws each diagram to SVG with it when the site is made
(so it is kept in ``vendor/mermaid``, outside ``docs/``: it is not published, and no page loads
it). This copies Mermaid's ES-module build from the npm registry there, keeping only the files
reachable from its entry module.

    python -m hf_model_guide.diagrams.vendor            # the pinned version
    python -m hf_model_guide.diagrams.vendor 11.17.2    # another version (update the pin too)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from hf_model_guide.diagrams import MERMAID

PINNED_VERSION = "11.17.2"
ENTRY = "mermaid.esm.min.mjs"
# Relative module specifiers in `import ... from "./x"`, `export ... from "./x"` and `import("./x")`.
_SPECIFIER = re.compile(r"""(?:from|import)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""")


def reachable_files(dist: Path, entry: str = ENTRY) -> set[Path]:
    """Every file of ``dist`` the entry module can import, statically or dynamically."""
    seen: set[Path] = set()
    pending = [dist / entry]
    while pending:
        path = pending.pop().resolve()
        if path in seen:
            continue
        seen.add(path)
        for spec in _SPECIFIER.findall(path.read_text(encoding="utf-8")):
            pending.append(path.parent / spec)
    return seen


def vendor(version: str, target: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"mermaid@{version}", "--silent", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("mermaid-*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = (Path(tmp) / "package" / "dist").resolve()
        files = reachable_files(dist)
        staging = target.with_name(target.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        for path in files:
            dest = staging / path.relative_to(dist)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
        shutil.copyfile(Path(tmp) / "package" / "LICENSE", staging / "LICENSE")
        (staging / "VERSION").write_text(version + "\n", encoding="utf-8")
        # Swap in whole, so an interrupted run never leaves a half-vendored Mermaid.
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    version = args[0] if args else PINNED_VERSION
    target = MERMAID
    count = vendor(version, target)
    print(f"mermaid {version}: {count} files in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
