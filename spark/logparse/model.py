"""The contract between the job and the per-source parsers.

A source module (``logparse/sources/<name>.py``) exposes:

- ``READ_MODE``: ``"lines"`` (one input row per physical line) or ``"files"`` (one input row
  per file, holding the whole decompressed text — for formats whose records span lines or
  whose file is one JSON document);
- ``DATASETS``: the dataset names it produces, each described by ``schemas/<dataset>.json``;
- ``input_globs(root, day)``: Hadoop glob patterns under the archive root for that day;
- ``parse(raw)``: ``raw`` has the columns :data:`VALUE` and :data:`SOURCE_FILE`; it returns
  ``{dataset: DataFrame}`` where each DataFrame has the dataset's columns and partition keys
  (exactly as the schema file lists them) followed by the bookkeeping columns below.

Every input row ends in exactly one output row: ``ok`` (a parsed record), ``reject`` (a
record that could not be parsed; ``_reason`` says why, ``_raw`` keeps the text) or ``skip``
(text that is not a record by the format's definition, such as a VPC flow-log header line
or a CloudTrail digest file). Hence ``lines in == ok + reject + skip`` by construction, and
``records in == out + rejected``.
"""

from __future__ import annotations

from typing import Final

VALUE: Final = "value"
SOURCE_FILE: Final = "source_file"

STATUS: Final = "_status"
REASON: Final = "_reason"
RAW: Final = "_raw"
BOOKKEEPING: Final = (STATUS, REASON, RAW)

OK: Final = "ok"
REJECT: Final = "reject"
SKIP: Final = "skip"
