"""VPC flow logs of the sandbox account, from two flow logs: one in the default (v2) format
under the daily prefix, one in a custom v5 field order (VPC, subnet, instance, packet
addresses, TCP flags, flow direction, traffic path) under hourly prefixes.

Flows come from the shared line generator (:mod:`synth.lines`, default order); the custom
flow log re-lays each of them in its own field order. The background holds no rejected flow:
the only rejections are the planted SSH scan, so the rejected-flows query shows exactly that.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.lines import ACCOUNT, VPC_HEADER, vpc_line
from synth.seeded import hex_id
from synth.world import DAY, REGION, SANDBOX

SOURCE: Final = "vpcflow"
DATASET: Final = "vpcflow"
MIN_LINES: Final = 1_500
FILES_PER_LOG: Final = 6
DEFAULT_FIELDS: Final = tuple(VPC_HEADER.split())
CUSTOM_LOG_FORMAT: Final = (
    "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type}"
    " ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol}"
    " ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}"
    " ${flow-direction} ${traffic-path}"
)
"""The flow log's LogFormat as configured in AWS; its header line names the same fields."""
CUSTOM_FIELDS: Final = tuple(f.strip("${}") for f in CUSTOM_LOG_FORMAT.split(" "))
DEFAULT_LOG: Final = "fl-0a1b2c3d4e5f60718"
CUSTOM_LOG: Final = "fl-09f8e7d6c5b4a3921"
_VPC: Final = "vpc-0c4d2e6f8a1b3c5d7"
_SUBNETS: Final = ("subnet-01a2b3c4d5e6f7a8b", "subnet-0b9c8d7e6f5a4b3c2")


def is_background(line: str) -> bool:
    """Flows the demo keeps from the line generator: everything but rejections."""
    return line.split(" ")[12] != "REJECT"


def _background(r: random.Random) -> Iterator[str]:
    while True:
        line = vpc_line(r).replace(ACCOUNT, SANDBOX)
        if is_background(line):
            yield line


def relay(line: str, r: random.Random) -> str:
    """A default-format flow laid out in the custom flow log's field order."""
    f = dict(zip(DEFAULT_FIELDS, line.split(" "), strict=True))
    nodata = f["log-status"] != "OK"
    inbound = not nodata and r.random() < 0.5
    tcp = f["protocol"] == "6"
    f |= {
        "version": "5",
        "vpc-id": _VPC,
        "subnet-id": r.choice(_SUBNETS),
        "instance-id": "-" if nodata else f"i-0{hex_id(r, 16)}",
        "type": "-" if nodata else "IPv4",
        "pkt-srcaddr": f["srcaddr"],
        "pkt-dstaddr": f["dstaddr"],
        "tcp-flags": "-" if nodata else (r.choice(("2", "3", "18", "19")) if tcp else "0"),
        "flow-direction": "-" if nodata else ("ingress" if inbound else "egress"),
        "traffic-path": "-" if nodata or inbound else r.choice(("1", "2", "8")),
    }
    return " ".join(f[name] for name in CUSTOM_FIELDS)


def ssh_scan_lines() -> list[str]:
    s = inc.SSH_SCAN
    targets = [f"10.0.{20 + i // 4}.{11 + i * 7}" for i in range(s.targets)]
    step = (s.last - datetime.timedelta(minutes=1) - s.first) / (s.flows - 1)
    lines = []
    for i in range(s.flows):
        start = int((s.first + step * i).timestamp())
        f = {
            "version": "5",
            "vpc-id": _VPC,
            "subnet-id": _SUBNETS[i % 2],
            "instance-id": f"i-0{i % s.targets:04d}5e6f7a8b9c0d1",
            "interface-id": f"eni-0{i % s.targets:04d}c3d4e5f6a7b8",
            "account-id": SANDBOX,
            "type": "IPv4",
            "srcaddr": s.srcaddr,
            "dstaddr": targets[i % s.targets],
            "srcport": str(40000 + i * 131 % 20000),
            "dstport": str(s.dstport),
            "pkt-srcaddr": s.srcaddr,
            "pkt-dstaddr": targets[i % s.targets],
            "protocol": "6",
            "bytes": str(s.bytes_per_flow),
            "packets": str(s.packets_per_flow),
            "start": str(start),
            "end": str(start + 60),
            "action": "REJECT",
            "tcp-flags": "2",
            "log-status": "OK",
            "flow-direction": "ingress",
            "traffic-path": "-",
        }
        lines.append(" ".join(f[name] for name in CUSTOM_FIELDS))
    return lines


def _key(log: str, n: int, r: random.Random) -> str:
    hour = n * 24 // FILES_PER_LOG
    stamp = f"{DAY:%Y%m%d}T{hour:02d}05Z"
    name = f"{SANDBOX}_vpcflowlogs_{REGION}_{log}_{stamp}_{hex_id(r, 8)}.log.gz"
    folder = f"AWSLogs/{SANDBOX}/vpcflowlogs/{REGION}/{DAY:%Y/%m/%d}"
    # The custom flow log was created with hourly partitions (…/DD/HH/).
    return f"{folder}/{hour:02d}/{name}" if log == CUSTOM_LOG else f"{folder}/{name}"


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of flow-log text, half in each flow log, the SSH scan in
    the custom one, and malformed lines: two cut short, one with a garbled packet count."""
    r = random.Random(f"demo-vpcflow:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    flows = _background(r)
    per_file = max(text_budget // (2 * FILES_PER_LOG), 1)
    min_lines = MIN_LINES // (2 * FILES_PER_LOG) + 1
    for log, header in ((DEFAULT_LOG, DEFAULT_FIELDS), (CUSTOM_LOG, CUSTOM_FIELDS)):
        for n in range(FILES_PER_LOG):
            lines: list[str] = []
            size = 0
            while size < per_file or len(lines) < min_lines:
                flow = next(flows)
                line = relay(flow, r) if log == CUSTOM_LOG else flow
                lines.append(line)
                size += len(line) + 1
            out.ok(DATASET, len(lines))
            if log == CUSTOM_LOG and n == 0:
                lines.extend(ssh_scan_lines())
                out.ok(DATASET, inc.SSH_SCAN.flows)
            if n == 1:
                lines.insert(len(lines) // 2, lines[0].rsplit(" ", 3)[0])
                lines.insert(len(lines) // 3, lines[1].rsplit(" ", 1)[0])
                out.reject(DATASET, "vpcflow.field_count_mismatch", 2)
                fields = lines[2].split(" ")
                fields[header.index("packets")] = "1O2"
                lines.insert(len(lines) // 4, " ".join(fields))
                out.reject(DATASET, "vpcflow.bad_value")
            write_text(root, _key(log, n, r), "\n".join([" ".join(header), *lines]) + "\n", out)
            out.skip(DATASET, "vpcflow.header")
    return out
