"""Command line: ``python -m hf_model_guide <command>``.

standin   build the offline stand-in model if missing; print its folder (last line)
source    print where the article's checkpoint would come from now (kind, fingerprint)
version   print the package version
clean     empty the project's cache of runs and notebooks (--all: the stand-in and the Hub
          mirror too); the project is the folder of ./mkdocs.yml, as for a build
outputs diff OLD NEW   compare two output manifests (outputs.json files or built sites) and
          print a Markdown report; exit status 1 when anything changed, 2 on bad input
runs plan --shards N | runs run --shard I/N --into DIR | runs merge DIR... [--into CACHE]
          a build's snippets run as the shards of a CI matrix, then merged (hf_model_guide.runs)
"""

from __future__ import annotations

import argparse
import sys

from hf_model_guide.runs import cli as runs_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "standin", help="build the offline stand-in model if missing and print its folder"
    )
    source = sub.add_parser("source", help="print where the article's checkpoint comes from")
    source.add_argument("--mode", choices=["hub", "offline", "auto"], default=None)
    sub.add_parser("version", help="print the package version")
    clean = sub.add_parser("clean", help="empty the project's cache of snippet runs and notebooks")
    clean.add_argument(
        "--all", action="store_true", help="also the stand-in model and the Hub mirror"
    )
    outputs = sub.add_parser("outputs", help="the build's output manifest")
    outputs_sub = outputs.add_subparsers(dest="outputs_command", required=True)
    diff = outputs_sub.add_parser(
        "diff", help="compare two manifests or built sites; exit 1 when anything changed"
    )
    diff.add_argument("old", help="outputs.json, or a built site folder holding it")
    diff.add_argument("new", help="outputs.json, or a built site folder holding it")
    runs_cli.add(sub)
    args = parser.parse_args(argv)

    if args.command == "standin":
        from hf_model_guide.model import standin

        # Progress (on a terminal) goes to stderr; stdout is the folder, for $(...).
        print(standin.ensure())
    elif args.command == "source":
        from hf_model_guide.model import source as model_source

        try:
            found = model_source.resolve(args.mode)
        except model_source.ModelSourceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{found.kind} {found.fingerprint}")
    elif args.command == "version":
        from importlib.metadata import version

        print(version("hf-model-guide"))
    elif args.command == "clean":
        from hf_model_guide import paths

        for removed in paths.clean(everything=args.all):
            print(f"removed {removed}")
    elif args.command == "runs":
        return runs_cli.main(args)
    elif args.command == "outputs":
        from hf_model_guide.outputs import diff as outputs_diff
        from hf_model_guide.outputs import manifest

        try:
            old, new = manifest.load(args.old), manifest.load(args.new)
        except manifest.ManifestError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        report = outputs_diff.compare(old, new)
        sys.stdout.write(report.text)
        return 1 if report.changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
