"""Hypothesis strategies for the line formats: valid lines with the row the parser must give
for them, damaged lines, garbage; and the harness that runs them in batches."""
