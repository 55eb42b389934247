"""Each source is measured in a child process with exactly the parent's settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.parse import _child_argv


def _args(**over: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "mb": 64.0,
        "scales": "1,4",
        "repeat": 2,
        "master": "local[*]",
        "driver_memory": "4g",
        "seed": 11,
        "jvm_warm_up": 30.0,
        "no_udf": False,
        "workdir": None,
    }
    base.update(over)
    return argparse.Namespace(**base)


def test_the_child_gets_every_setting_and_one_source() -> None:
    argv = _child_argv(_args(), "vpcflow", Path("/tmp/out.json"))
    assert argv[:3] == [sys.executable, "-m", "bench.parse"]
    pairs = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert pairs == {
        "--source": "vpcflow",
        "--mb": "64.0",
        "--scales": "1,4",
        "--repeat": "2",
        "--master": "local[*]",
        "--driver-memory": "4g",
        "--seed": "11",
        "--jvm-warm-up": "30.0",
        "--json": "/tmp/out.json",
    }


def test_no_udf_and_a_workdir_per_source_carry_over() -> None:
    argv = _child_argv(_args(no_udf=True, workdir="/data/bench"), "alb", Path("o.json"))
    assert "--no-udf" in argv
    assert argv[argv.index("--workdir") + 1] == "/data/bench/alb"
