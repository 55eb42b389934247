"""One generator per log source, each writing its objects in the archive key layout the
job's parser reads, with its planted incidents and malformed records."""
