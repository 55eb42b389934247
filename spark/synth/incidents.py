"""The incidents planted in the demo corpus: what happened, who did it, when and from where.

Each is a fixed fact (the seed varies only the background traffic), written into the logs by
the source generators and reported in the corpus manifest, so the answers of the named
queries can be checked against exactly what was planted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from synth.world import (
    ALB_NAME,
    EMR_CLUSTER,
    INVOICE_BUCKET,
    MANAGEMENT,
    REDSHIFT_CLUSTER,
    REGION,
    SANDBOX,
    at,
)

DANA = f"arn:aws:iam::{SANDBOX}:user/dana.ops"
DANA_IP = "203.0.113.47"
CLI_AGENT = (
    "aws-cli/2.17.4 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-1008-aws md/arch#x86_64"
    " lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe"
)
BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/125.0.0.0 Safari/537.36"
)
GLOBAL_REGION = "us-east-1"
"""IAM and console sign-in are global services: CloudTrail records them in us-east-1."""


@dataclass(frozen=True)
class BucketDeletion:
    time: datetime.datetime
    bucket: str
    principal_arn: str
    source_ip: str
    user_agent: str
    account_id: str
    region: str


@dataclass(frozen=True)
class RootSignIn:
    """A root console sign-in without MFA, followed by an access key created for root."""

    time: datetime.datetime
    key_created_at: datetime.datetime
    account_id: str
    principal_arn: str
    source_ip: str
    user_agent: str
    region: str


@dataclass(frozen=True)
class DeniedCalls:
    event_source: str
    event_name: str
    error_code: str
    count: int
    first: datetime.datetime
    spacing: datetime.timedelta

    @property
    def last(self) -> datetime.datetime:
        return self.first + self.spacing * (self.count - 1)


@dataclass(frozen=True)
class AccessDeniedBurst:
    principal_arn: str
    account_id: str
    source_ip: str
    user_agent: str
    calls: tuple[DeniedCalls, ...]


@dataclass(frozen=True)
class PolicyAttached:
    time: datetime.datetime
    principal_arn: str
    policy_arn: str
    role_name: str
    account_id: str
    source_ip: str


@dataclass(frozen=True)
class SecurityGroupOpened:
    time: datetime.datetime
    group_id: str
    principal_arn: str
    account_id: str
    region: str
    source_ip: str
    port: int
    cidr: str


@dataclass(frozen=True)
class FailingStage:
    """Every attempt of one task fails the same way, so Spark aborts the job."""

    cluster_id: str
    application_id: str
    stage_id: int
    task_index: int
    exception_class: str
    attempts: tuple[datetime.datetime, ...]
    aborted_at: datetime.datetime


@dataclass(frozen=True)
class RedshiftDrop:
    time: datetime.datetime
    cluster_id: str
    dbname: str
    username: str
    query: str


@dataclass(frozen=True)
class Burst:
    """``count`` events, ``spacing`` apart from ``first``."""

    count: int
    first: datetime.datetime
    spacing: datetime.timedelta

    @property
    def last(self) -> datetime.datetime:
        return self.first + self.spacing * (self.count - 1)

    def times(self) -> list[datetime.datetime]:
        return [self.first + self.spacing * i for i in range(self.count)]


@dataclass(frozen=True)
class AlbErrorSpike:
    elb: str
    target_ip: str
    target_port: int
    path: str
    bad_gateway: Burst
    """502s: the target reset the connection, so it returned no status."""
    server_error: Burst
    """500s returned by the target itself."""


@dataclass(frozen=True)
class SshScan:
    """SYNs to port 22 that security groups rejected: each flow is a SYN and one retry."""

    srcaddr: str
    dstport: int
    flows: int
    targets: int
    first: datetime.datetime
    """Start of the first flow."""
    last: datetime.datetime
    """End of the last flow; each flow's capture window is one minute."""
    packets_per_flow: int
    bytes_per_flow: int


@dataclass(frozen=True)
class ObjectDeletions:
    bucket: str
    requester: str
    source_ip: str
    single_deletes: int
    first: datetime.datetime
    last: datetime.datetime
    batch_delete_at: datetime.datetime
    batch_keys: int


BUCKET_DELETION = BucketDeletion(
    time=at(2, 0, 13),
    bucket="acme-sandbox-exports",
    principal_arn=DANA,
    source_ip=DANA_IP,
    user_agent=CLI_AGENT + " command/s3.rb",
    account_id=SANDBOX,
    region=REGION,
)
ROOT_SIGN_IN = RootSignIn(
    time=at(3, 41, 7),
    key_created_at=at(3, 44, 52),
    account_id=MANAGEMENT,
    principal_arn=f"arn:aws:iam::{MANAGEMENT}:root",
    source_ip="198.51.100.200",
    user_agent=BROWSER,
    region=GLOBAL_REGION,
)
CI_ROLE = "ci-deployer"
ACCESS_DENIED_BURST = AccessDeniedBurst(
    principal_arn=f"arn:aws:sts::{SANDBOX}:assumed-role/{CI_ROLE}/gha-run-9921734",
    account_id=SANDBOX,
    source_ip="198.51.100.77",
    user_agent="Boto3/1.34.120 md/Botocore#1.34.120 ua/2.0 os/linux#6.5.0 md/arch#x86_64"
    " lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.120",
    calls=(
        DeniedCalls(
            "secretsmanager.amazonaws.com",
            "GetSecretValue",
            "AccessDenied",
            20,
            at(2, 31, 2),
            datetime.timedelta(seconds=9),
        ),
        DeniedCalls(
            "iam.amazonaws.com",
            "ListUsers",
            "AccessDenied",
            12,
            at(2, 31, 5),
            datetime.timedelta(seconds=14),
        ),
        DeniedCalls(
            "ec2.amazonaws.com",
            "DescribeInstances",
            "Client.UnauthorizedOperation",
            9,
            at(2, 31, 11),
            datetime.timedelta(seconds=17),
        ),
    ),
)
POLICY_ATTACHED = PolicyAttached(
    time=at(2, 48, 30),
    principal_arn=DANA,
    policy_arn="arn:aws:iam::aws:policy/AdministratorAccess",
    role_name=CI_ROLE,
    account_id=SANDBOX,
    source_ip=DANA_IP,
)
SECURITY_GROUP_OPENED = SecurityGroupOpened(
    time=at(2, 52, 10),
    group_id="sg-0b7f3c2d1e4a59681",
    principal_arn=ACCESS_DENIED_BURST.principal_arn,
    account_id=SANDBOX,
    region=REGION,
    source_ip=ACCESS_DENIED_BURST.source_ip,
    port=22,
    cidr="0.0.0.0/0",
)
FAILING_STAGE = FailingStage(
    cluster_id=EMR_CLUSTER,
    application_id="application_1748822400000_0003",
    stage_id=14,
    task_index=7,
    exception_class="java.lang.NumberFormatException",
    attempts=(at(3, 14, 7), at(3, 14, 19), at(3, 14, 33), at(3, 14, 48)),
    aborted_at=at(3, 14, 48),
)
REDSHIFT_DROP = RedshiftDrop(
    time=at(4, 5, 31),
    cluster_id=REDSHIFT_CLUSTER,
    dbname="analytics",
    username="mschmidt",
    query="DROP TABLE finance.invoice_lines CASCADE;",
)
ALB_ERROR_SPIKE = AlbErrorSpike(
    elb=ALB_NAME,
    target_ip="10.0.12.34",
    target_port=8080,
    path="/api/v1/checkout",
    bad_gateway=Burst(48, at(14, 5, 0), datetime.timedelta(seconds=9)),
    server_error=Burst(36, at(14, 12, 30), datetime.timedelta(seconds=12)),
)
SSH_SCAN = SshScan(
    srcaddr="203.0.113.77",
    dstport=22,
    flows=45,
    targets=12,
    first=at(1, 10, 0),
    last=at(1, 55, 0),
    packets_per_flow=2,
    bytes_per_flow=120,
)
OBJECT_DELETIONS = ObjectDeletions(
    bucket=INVOICE_BUCKET,
    requester=DANA,
    source_ip=DANA_IP,
    single_deletes=25,
    first=at(1, 48, 3),
    last=at(1, 51, 39),
    batch_delete_at=at(1, 53, 20),
    batch_keys=10,
)


@dataclass(frozen=True)
class WebScanner:
    """One client probing the web tier for well-known secret and admin paths, all 404."""

    client_ip: str
    user_agent: str
    paths: tuple[str, ...]
    first: datetime.datetime
    spacing: datetime.timedelta
    region: str

    @property
    def last(self) -> datetime.datetime:
        return self.first + self.spacing * (len(self.paths) - 1)


@dataclass(frozen=True)
class PaymentTimeouts:
    """The billing service's payment gateway timing out: ERROR records with one error code,
    each followed by its stack trace."""

    error_code: str
    component: str
    message: str
    burst: Burst


WEB_SCANNER = WebScanner(
    client_ip="203.0.113.66",
    user_agent="Mozilla/5.0 zgrab/0.x",
    paths=(
        "/.env",
        "/.git/config",
        "/wp-login.php",
        "/phpmyadmin/",
        "/admin/config.php",
        "/.aws/credentials",
        "/server-status",
        "/backup.sql",
        "/config.json",
        "/actuator/env",
        "/.DS_Store",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    ),
    first=at(4, 2, 0),
    spacing=datetime.timedelta(seconds=3),
    region=REGION,
)
PAYMENT_TIMEOUTS = PaymentTimeouts(
    error_code="PAY-504",
    component="billing.PaymentGateway",
    message="Card authorization timed out after 30000 ms (acquirer-eu)",
    burst=Burst(23, at(9, 40, 0), datetime.timedelta(seconds=37)),
)

ALL = {
    "bucket_deletion": BUCKET_DELETION,
    "root_sign_in_without_mfa": ROOT_SIGN_IN,
    "access_denied_burst": ACCESS_DENIED_BURST,
    "admin_policy_attached": POLICY_ATTACHED,
    "ssh_opened_to_the_world": SECURITY_GROUP_OPENED,
    "failing_emr_stage": FAILING_STAGE,
    "redshift_drop_table": REDSHIFT_DROP,
    "alb_5xx_spike": ALB_ERROR_SPIKE,
    "rejected_ssh_flows": SSH_SCAN,
    "invoice_objects_deleted": OBJECT_DELETIONS,
    "web_scanner_probes": WEB_SCANNER,
    "payment_gateway_timeouts": PAYMENT_TIMEOUTS,
}
