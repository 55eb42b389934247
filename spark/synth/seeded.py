"""Small seeded helpers shared by the record and line builders: ids and instants of the day."""

from __future__ import annotations

import datetime
import random
import uuid

from synth.world import MIDNIGHT

SECONDS_PER_DAY = 86_400


def uuid4(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def time_of_day(r: random.Random) -> datetime.datetime:
    """A uniformly random instant of :data:`~synth.world.DAY`, to the millisecond."""
    return MIDNIGHT + datetime.timedelta(milliseconds=r.randrange(SECONDS_PER_DAY * 1000))


def hex_id(r: random.Random, digits: int) -> str:
    return f"{r.getrandbits(digits * 4):0{digits}x}"


def time_within(r: random.Random, first_hour: int, hours: int) -> datetime.datetime:
    """A uniformly random instant in ``hours`` hours of the day from ``first_hour``."""
    offset = datetime.timedelta(hours=first_hour, milliseconds=r.randrange(hours * 3_600_000))
    return MIDNIGHT + offset
