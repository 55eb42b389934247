"""Throughput benchmark of the line-format parsers against the I/O floor and a Python UDF."""
