"""``make demo``: the whole platform on one machine, without AWS.

Synthesizes the ``dev`` stack offline with its policy-gate verdict, generates a seeded log
corpus with planted incidents in the archive key layout, runs the Spark job over it into a
local Parquet lake, and answers every named Athena query over that lake with DuckDB.
Run from ``spark/`` as ``python -m demo``; everything is written under the repository's
``.demo/``.
"""
