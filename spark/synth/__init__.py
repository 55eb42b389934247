"""Seeded synthetic AWS logs, shared by the demo (:mod:`demo`) and the benchmark (:mod:`bench`):
the organization and day they describe, the planted incidents, each source's record or line
builders, and writing objects in the archive's key layout. It imports neither of them."""
