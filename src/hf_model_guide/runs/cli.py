"""``hf-model-guide runs plan|run|merge``: the command line of ``hf_model_guide.runs``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hf_model_guide.engine.sandbox.limits import LimitError


def add(sub: argparse._SubParsersAction) -> None:
    runs = sub.add_parser("runs", help="run a build's snippets as shards (a CI matrix), merge them")
    how = runs.add_subparsers(dest="runs_command", required=True)
    plan = how.add_parser("plan", help="print the runs a build would start, split into shards")
    plan.add_argument("--shards", type=int, default=1, help="how many shards (default 1)")
    plan.add_argument("--runner", default=None, help="the CPU shards' runs-on label")
    plan.add_argument("--gpu-runner", default=None, help="the GPU shard's runs-on label")
    run = how.add_parser("run", help="run one shard's snippets into a cache folder of its own")
    run.add_argument("--shard", required=True, help="I/N: shard I of a plan of N shards")
    run.add_argument("--into", required=True, type=Path, help="the shard's cache folder")
    merge = how.add_parser("merge", help="check the shards' folders and merge them")
    merge.add_argument("folders", nargs="+", type=Path, help="the shards' folders")
    merge.add_argument("--into", type=Path, default=None, help="default: the project's cache")


def main(args: argparse.Namespace) -> int:
    from . import merge, plan, shard
    from .project import Project, ProjectError

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        project = Project.at(Path.cwd())
        if args.runs_command == "plan":
            runners = {"cpu_runner": args.runner, "gpu_runner": args.gpu_runner}
            made = plan.make(project, args.shards, **{k: v for k, v in runners.items() if v})
            print(json.dumps(made.to_json(), ensure_ascii=False, indent=1))
            return 0
        if args.runs_command == "run":
            return shard.run(project, args.shard, args.into, say)
        into = args.into or project.cache_folder()
        done = merge.merge(args.folders, into)
    except (ProjectError, plan.PlanError, LimitError) as exc:
        say(f"error: {exc}")
        return 2
    except merge.MergeError as exc:
        say(f"error: runs merge: nothing merged:\n{exc}")
        return 1
    say(
        f"runs merge: {done.added} runs from {done.shards} shard folder(s) into {into} "
        f"({done.present} already there)"
    )
    return 0
