"""``python -m demo [run] [--mb N]``: the whole demo; ``python -m demo queries``: only the
answers, over the lake a previous run left."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from demo import pipeline, queries, stack
from demo.console import Console
from demo.lake import LakeError

DEFAULT_MB = 20.0


def _mb(text: str) -> float:
    try:
        value = float(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--mb {text!r} is not a number of MiB") from e
    if value <= 0:
        raise argparse.ArgumentTypeError(f"--mb {text!r} must be greater than 0")
    return value


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    p.add_argument("command", nargs="?", choices=("run", "queries"), default="run")
    p.add_argument(
        "--mb", type=_mb, default=DEFAULT_MB, help=f"corpus size (default {DEFAULT_MB:g})"
    )
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    p.add_argument("--dir", type=Path, default=pipeline.REPO / ".demo", help="default .demo/")
    p.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    p.add_argument("--skip-stack", action="store_true", help="skip the Node stack/gate step")
    return p.parse_args(argv)


def run(args: argparse.Namespace, console: Console) -> int:
    layout = pipeline.Layout(args.dir)
    layout.root.mkdir(parents=True, exist_ok=True)
    gate_passed = True
    console.step(
        1, pipeline.STEPS, "Synthesize the dev fleet offline and run the policy gate on each stack"
    )
    if args.skip_stack:
        console.line("  skipped (--skip-stack)")
    else:
        gate_passed = pipeline.stack_step(console)
    console.step(2, pipeline.STEPS, "Generate the log corpus with planted incidents")
    manifest = pipeline.corpus_step(console, layout, args.mb, args.seed)
    console.step(3, pipeline.STEPS, "Run the Spark job in local mode into the Parquet lake")
    spark = pipeline.start_spark(layout, args.master)
    try:
        code = pipeline.job_step(console, spark, layout, manifest)
    finally:
        spark.stop()
    if code != 0:
        console.line(f"  the job failed (exit code {code}); see {pipeline.shown(layout.summary)}")
        return code
    console.step(4, pipeline.STEPS, "Answer the named Athena queries over the lake with DuckDB")
    pipeline.queries_step(console, layout, manifest.day)
    console.line(f"\nDone in {console.elapsed()}.")
    pipeline.locations(console, layout, manifest.day)
    if not gate_passed:
        console.line("  the policy gate FAILED on the dev fleet: see step 1")
        return 1
    return 0


def answer_again(args: argparse.Namespace, console: Console) -> int:
    layout = pipeline.Layout(args.dir)
    if not layout.manifest.is_file():
        console.line(f"no demo run in {pipeline.shown(layout.root)}: run `make demo` first")
        return 2
    day = json.loads(layout.manifest.read_text(encoding="utf-8"))["day"]
    pipeline.queries_step(console, layout, day)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    console = Console()
    try:
        return run(args, console) if args.command == "run" else answer_again(args, console)
    except (stack.StackStepError, queries.QueryFileError, LakeError) as e:
        console.line(f"demo: {e}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
