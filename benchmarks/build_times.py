"""Build times of the real site: cold, warm, and warm ÷ (snippets switched off). Not a test.

    python benchmarks/build_times.py            # builds into temp folders, 3 warm/off runs
    python benchmarks/build_times.py --runs 5 --runners

Cold = no cached run (the model stand-in, if any, already prepared); warm = the same inputs
again (every output from the cache); off = ``RUN_SNIPPETS=false``. The target is
warm ÷ off ≤ 1.15. ``--runners`` also times running every snippet the pages use with one warm
worker (forking a child per snippet) against a fresh Python process per snippet.

The developer's cache (``.cache/``) is never touched unless ``--use-dev-cache`` is given:
by default runs go to a temporary cache whose other entries (the stand-in checkpoint)
are links to the developer's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"snippets: \d+ executed, \d+ from cache, \d+ failed")


def config_file(tmp: Path) -> Path:
    """mkdocs.yml, or a copy beside it with the plugin added while mkdocs.yml lacks it."""
    config = ROOT / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "run-snippets" in text:
        return config
    patched = re.sub(r"(?m)^plugins:\n",
                     "plugins:\n  - run-snippets:\n      enabled: !ENV [RUN_SNIPPETS, true]\n",
                     text, count=1)
    copy = ROOT / f".bench-mkdocs-{os.getpid()}.yml"  # beside it: paths stay relative to ROOT
    copy.write_text(patched, encoding="utf-8")
    return copy


def plugin_shim(tmp: Path) -> str | None:
    """A dist-info declaring the plugin's entry point, while pyproject does not yet."""
    from importlib import metadata

    if any(ep.name == "run-snippets" for ep in metadata.entry_points(group="mkdocs.plugins")):
        return None
    info = tmp / "shim" / "run_snippets_shim-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: run-snippets-shim\nVersion: 0\n")
    (info / "entry_points.txt").write_text(
        "[mkdocs.plugins]\nrun-snippets = hf_model_guide.mkdocs_plugin:SnippetsPlugin\n")
    return str(info.parent)


def build(config: Path, site: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--config-file", str(config),
         "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    log = done.stdout + done.stderr
    if done.returncode:
        sys.exit(f"mkdocs build failed:\n{log}")
    return seconds, log


def temp_cache(tmp: Path) -> Path:
    from hf_model_guide.paths import cache_dir

    cache = tmp / "cache"
    cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.name != "runs":
            (cache / entry.name).symlink_to(entry)
    return cache


def time_runners(cache: Path) -> None:
    """One warm worker for all snippets vs a fresh interpreter per snippet."""
    from hf_model_guide.engine import Engine, parse

    pages = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "docs").rglob("*.md"))}
    paths = sorted(set().union(*(parse(text).paths for text in pages.values())))
    print(f"runners: {len(paths)} snippets")
    for label, parallel in (("warm worker, fork per snippet, 2 at a time", 2),
                            ("warm worker, fork per snippet, 1 at a time", 1)):
        shutil.rmtree(cache / "runs", ignore_errors=True)
        engine = Engine(ROOT, cache_folder=cache, parallel=parallel)
        start = time.monotonic()
        engine.prepare(pages)
        seconds = time.monotonic() - start
        engine.close()
        print(f"  {label}: {seconds:.1f} s ({engine.summary()})")
    shutil.rmtree(cache / "runs", ignore_errors=True)
    start = time.monotonic()
    for path in paths:
        engine = Engine(ROOT, cache_folder=cache, parallel=1)
        engine.prepare({"bench.md": f"{{* {path} *}}\n"})
        engine.close()
    print(f"  fresh process per snippet (imports torch+transformers each time): "
          f"{time.monotonic() - start:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="warm and off builds to take the median of")
    parser.add_argument("--use-dev-cache", action="store_true",
                        help="use (and empty the runs of) the developer's .cache/")
    parser.add_argument("--runners", action="store_true", help="also time worker vs process")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="build-times-") as name:
        tmp = Path(name)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if not args.use_dev_cache:
            env["HF_MODEL_GUIDE_CACHE"] = str(temp_cache(tmp))
        shim = plugin_shim(tmp)
        if shim:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (shim, env.get("PYTHONPATH", "")) if p)
        cache = Path(env.get("HF_MODEL_GUIDE_CACHE") or ROOT / ".cache")
        shutil.rmtree(cache / "runs", ignore_errors=True)
        config = config_file(tmp)
        try:
            cold, log = build(config, tmp / "site", env)
            print(f"cold build: {cold:.1f} s  ({', '.join(SUMMARY.findall(log)) or 'no summary'})")
            warm = [build(config, tmp / "site", env)[0] for _ in range(args.runs)]
            off_env = {**env, "RUN_SNIPPETS": "false"}
            off = [build(config, tmp / "site", off_env)[0] for _ in range(args.runs)]
        finally:
            if config.name != "mkdocs.yml":
                config.unlink()
        w, o = statistics.median(warm), statistics.median(off)
        print(f"warm build: {w:.2f} s (median of {args.runs})")
        print(f"build with RUN_SNIPPETS=false: {o:.2f} s (median of {args.runs})")
        print(f"warm / off: {w / o:.3f} (target ≤ 1.15)")
        if args.runners:
            time_runners(cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
