"""The organization the generated logs describe: the ``dev`` stack's accounts and Region
(Pulumi.dev.yaml), the day every log is from, and the names the planted incidents use.

The line generators (:mod:`synth.lines`) write that day's times too, so the benchmark's
corpora and the demo's are of the same day.
"""

from __future__ import annotations

import datetime
from typing import Final

ORG_ID: Final = "o-d3v0rg12345"
MANAGEMENT: Final = "210987654321"
LOG_ARCHIVE: Final = "321098765432"
AUDIT: Final = "432109876543"
SANDBOX: Final = "543210987654"
ACCOUNTS: Final = (MANAGEMENT, LOG_ARCHIVE, AUDIT, SANDBOX)
REGION: Final = "eu-west-1"

DAY: Final = datetime.date(2025, 6, 2)
MIDNIGHT: Final = datetime.datetime(DAY.year, DAY.month, DAY.day, tzinfo=datetime.timezone.utc)

EMR_CLUSTER: Final = "j-2AB3CD4EF5GH6"
INVOICE_BUCKET: Final = "invoices-prod"
REDSHIFT_CLUSTER: Final = "analytics-warehouse"
ALB_NAME: Final = "app/shop-alb/50dc6c495c0c9188"


def at(hour: int, minute: int, second: float = 0.0) -> datetime.datetime:
    """A UTC time on :data:`DAY`."""
    return MIDNIGHT + datetime.timedelta(hours=hour, minutes=minute, seconds=second)


def iso(t: datetime.datetime) -> str:
    """CloudTrail's eventTime form: ``2025-06-02T02:00:13Z``."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
