"""``python -m bench.jvm_loop --source alb --mb 64``: the JVM parsers without Spark.

Compiles ``bench/jvm/ParseLoop.java`` against the built jar and PySpark's jars, writes the
benchmark corpus, and runs the loop in one JVM (same JIT flag as the job): per round, the
thread CPU of reading every line (gzip and line split, ``LineReader``) and of parsing them on
top. It shows what bounds the Spark figures of ``bench.parse``: if the parse costs more than
the read, no Spark plumbing gets the task-thread ratio past about 0.5."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

import pyspark

from bench.corpus import write_corpus
from bench.jar import require_fresh
from logparse import native
from logparse.session import build_session
from logparse.sources import load_source

_SOURCE = Path(__file__).resolve().parent / "jvm" / "ParseLoop.java"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.jvm_loop", description=__doc__)
    ap.add_argument("--source", choices=native.SOURCES, required=True)
    ap.add_argument("--mb", type=float, default=64.0, help="uncompressed MiB of logs")
    ap.add_argument("--rounds", type=int, default=8, help="rounds; the first ones warm the JIT")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    jar = native.jar_path()
    if jar is None:
        ap.error("the awslogs jar is not built: run `make jar`")
    if native.JAR_ENV not in os.environ:
        require_fresh(jar)
    classpath = f"{jar}:{Path(pyspark.__file__).parent / 'jars'}/*"
    with tempfile.TemporaryDirectory(prefix="jvm-loop-") as tmp:
        work = Path(tmp)
        classes = work / "classes"
        subprocess.run(["javac", "-cp", classpath, "-d", str(classes), str(_SOURCE)], check=True)
        corpus = write_corpus(args.source, work / "corpus", args.mb, args.seed)
        schema = work / "schema.json"
        (dataset,) = load_source(args.source).DATASETS
        # The schema files' DDL types are parsed by Spark: a short local session, stopped
        # before the loop so its JVM does not share the machine with the timed one.
        spark = build_session("jvm-loop-schema", "local[1]", {"spark.ui.enabled": "false"})
        try:
            schema.write_text(native.output_schema(dataset).json())
        finally:
            spark.stop()
        print(f"{args.source}: {len(corpus.files)} files, {corpus.bytes / 2**20:.0f} MiB")
        command = [
            "java",
            "-XX:-DontCompileHugeMethods",
            "-cp",
            f"{classpath}:{classes}",
            "ParseLoop",
            args.source,
            str(work / "corpus"),
            str(schema),
            str(args.rounds),
        ]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
