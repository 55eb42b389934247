"""Redshift audit logs: the log type from the key, padded pipe-delimited connection and user
logs of every generation, and multi-line user activity records reassembled per file."""

from __future__ import annotations

import datetime

from pyspark.sql import SparkSession

from logparse.schema import load_schema
from logparse.sources import redshift
from tests.rows import bytes_frame, collect, raw_frame, row

T = datetime.datetime
KEY = (
    "s3://archive-bucket/AWSLogs/111122223333/redshift/eu-west-1/2024/01/15/"
    "111122223333_redshift_eu-west-1_analytics-prod_{}_2024-01-15T10:00.gz"
)
CONN = KEY.format("connectionlog")
USER = KEY.format("userlog")
ACTIVITY = KEY.format("useractivitylog")
FROM_KEY = {"cluster_id": "analytics-prod", "account_id": "111122223333", "region": "eu-west-1"}

# Current generation: 22 columns and a trailing pipe.
CONN_CURRENT = (
    "authenticated      |Mon, 15 Jan 2024 10:01:55:177|::ffff:10.20.3.7 |52134 |40211|analytics"
    " |etl_user |password |0|TLSv1.2 |ECDHE-RSA-AES256-GCM-SHA384 |1500| | |"
    " |psql |Linux 5.10 |libpq 15.4 | |3 |a1b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b |off |"
)
# First generation: 14 columns.
CONN_OLDEST = (
    "disconnecting session |Mon, 15 Jan 2024 10:31:02:004|10.20.3.8 |50100 |40300|dev |bi_reader"
    " |password |1800123456| | |1500| | |"
)
# Middle generation: application_name added, nothing after it.
CONN_MIDDLE = (
    "initiating session |Mon, 15 Jan 2024 10:40:00:999|10.20.3.9 |50200 |40400|dev |svc_app"
    " |IAM |0|TLSv1.3 |TLS_AES_256_GCM_SHA384 |9001| | |AROA5EXAMPLE:svc |jdbc-app |"
)


def test_connection_log_lines_of_every_generation(spark: SparkSession) -> None:
    text = "\n".join([CONN_CURRENT, CONN_OLDEST, CONN_MIDDLE, "", "not|a|record"]) + "\n"
    out = redshift.parse(raw_frame(spark, [(CONN, text)]))
    conn = out[redshift.CONNECTIONLOG]
    assert conn.schema.fields[:-3] == load_schema("redshift_connectionlog").struct.fields
    base = {"source_file": CONN, **FROM_KEY}
    assert collect(conn) == [
        row(
            "redshift_connectionlog",
            event_time=T(2024, 1, 15, 10, 1, 55, 177000),
            event="authenticated",
            remotehost="::ffff:10.20.3.7",
            remoteport=52134,
            pid=40211,
            dbname="analytics",
            username="etl_user",
            authmethod="password",
            duration=0,
            sslversion="TLSv1.2",
            sslcipher="ECDHE-RSA-AES256-GCM-SHA384",
            mtu=1500,
            application_name="psql",
            os_version="Linux 5.10",
            driver_version="libpq 15.4",
            protocol_version="3",
            sessionid="a1b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b",
            compression="off",
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_connectionlog",
            event_time=T(2024, 1, 15, 10, 31, 2, 4000),
            event="disconnecting session",
            remotehost="10.20.3.8",
            remoteport=50100,
            pid=40300,
            dbname="dev",
            username="bi_reader",
            authmethod="password",
            duration=1800123456,
            mtu=1500,
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_connectionlog",
            event_time=T(2024, 1, 15, 10, 40, 0, 999000),
            event="initiating session",
            remotehost="10.20.3.9",
            remoteport=50200,
            pid=40400,
            dbname="dev",
            username="svc_app",
            authmethod="IAM",
            duration=0,
            sslversion="TLSv1.3",
            sslcipher="TLS_AES_256_GCM_SHA384",
            mtu=9001,
            iamauthguid="AROA5EXAMPLE:svc",
            application_name="jdbc-app",
            dt="2024-01-15",
            **base,
        ),
        row("redshift_connectionlog", "skip", "redshift.blank_line", **base),
        row("redshift_connectionlog", "reject", "redshift.too_few_fields", "not|a|record", **base),
    ]
    assert collect(out[redshift.USERLOG]) == []
    assert collect(out[redshift.USERACTIVITYLOG]) == []


def test_user_log_rows_and_a_bad_record_time(spark: SparkSession) -> None:
    create = (
        "  104|bi_reader      |               |create   |1|0|0|            |40211|918273"
        "|Mon, 15 Jan 2024 10:05:01:002|"
    )
    # Some deliveries end the line without the trailing pipe.
    rename = (
        "  104|bi_analyst     |bi_reader      |rename   |1|0|0|            |40212|918280"
        "|Mon, 15 Jan 2024 10:06:00:000"
    )
    bad = "  105|x|y|drop|0|0|0||1|2|15/01/2024 10:07|"
    text = "\n".join([create, rename, bad]) + "\n"
    out = collect(redshift.parse(raw_frame(spark, [(USER, text)]))[redshift.USERLOG])
    base = {"source_file": USER, **FROM_KEY}
    assert out == [
        row(
            "redshift_userlog",
            event_time=T(2024, 1, 15, 10, 5, 1, 2000),
            userid=104,
            username="bi_reader",
            action="create",
            usecreatedb=True,
            usesuper=False,
            usecatupd=False,
            pid=40211,
            xid=918273,
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_userlog",
            event_time=T(2024, 1, 15, 10, 6),
            userid=104,
            username="bi_analyst",
            oldusername="bi_reader",
            action="rename",
            usecreatedb=True,
            usesuper=False,
            usecatupd=False,
            pid=40212,
            xid=918280,
            dt="2024-01-15",
            **base,
        ),
        row("redshift_userlog", "reject", "redshift.bad_record_time", bad, **base),
    ]


def test_user_activity_records_span_lines_and_are_reassembled(spark: SparkSession) -> None:
    text = (
        "  and b.region = 'eu'\n"
        "'2024-01-15T10:06:07Z UTC [ db=analytics user=etl_user pid=40211 userid=104 xid=918274 ]'"
        " LOG: select a.id,\n       b.name\nfrom orders a\n\njoin customers b on a.cid = b.id;\n"
        "'2024-01-15T10:06:08Z UTC [ db=analytics user=etl_user pid=40211 userid=104 xid=918275 ]'"
        " LOG: commit;\n"
        "'2024-01-15T10:06:09Z UTC [ db=dev user=rdsdb pid=685 ]' no log marker\n"
    )
    out = redshift.parse(raw_frame(spark, [(ACTIVITY, text)]))[redshift.USERACTIVITYLOG]
    assert out.schema.fields[:-3] == load_schema("redshift_useractivitylog").struct.fields
    base = {"source_file": ACTIVITY, **FROM_KEY}
    assert collect(out) == [
        row(
            "redshift_useractivitylog",
            "reject",
            "redshift.orphan_continuation",
            "  and b.region = 'eu'",
            **base,
        ),
        row(
            "redshift_useractivitylog",
            event_time=T(2024, 1, 15, 10, 6, 7),
            dbname="analytics",
            username="etl_user",
            pid=40211,
            userid=104,
            xid=918274,
            query="select a.id,\n       b.name\nfrom orders a\n\njoin customers b on a.cid = b.id;",
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_useractivitylog",
            event_time=T(2024, 1, 15, 10, 6, 8),
            dbname="analytics",
            username="etl_user",
            pid=40211,
            userid=104,
            xid=918275,
            query="commit;",
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_useractivitylog",
            "reject",
            "redshift.malformed_header",
            "'2024-01-15T10:06:09Z UTC [ db=dev user=rdsdb pid=685 ]' no log marker",
            dt="2024-01-15",
            **base,
        ),
    ]


def test_a_key_without_a_known_log_type_is_rejected_line_by_line(spark: SparkSession) -> None:
    key = KEY.format("auditlog")
    out = redshift.parse(raw_frame(spark, [(key, "a|b\n")]))[redshift.CONNECTIONLOG]
    assert collect(out) == [
        row(
            "redshift_connectionlog",
            "reject",
            "redshift.unknown_log_type",
            "a|b",
            source_file=key,
            **FROM_KEY,
        )
    ]


def test_input_globs() -> None:
    assert redshift.input_globs("s3://archive", datetime.date(2024, 1, 15)) == [
        "s3://archive/AWSLogs/[0-9]*/redshift/*/2024/01/15/*"
    ]


def test_a_query_that_is_not_utf8_is_rejected_and_the_next_record_is_not(
    spark: SparkSession,
) -> None:
    """A Latin-1 literal in a statement (``'Müller'`` with ü as the byte 0xFC): that record is
    rejected with its text escaped; the record after it parses."""
    text = (
        b"'2024-01-15T10:06:07Z UTC [ db=analytics user=etl_user pid=40211 userid=104 xid=918274 ]'"
        b" LOG: select * from customers\nwhere name = 'M\xfcller';\n"
        b"'2024-01-15T10:06:08Z UTC [ db=analytics user=etl_user pid=40211 userid=104 xid=918275 ]'"
        b" LOG: commit;\n"
    )
    out = redshift.parse(bytes_frame(spark, [(ACTIVITY, text)]))[redshift.USERACTIVITYLOG]
    raw = (
        "'2024-01-15T10:06:07Z UTC [ db=analytics user=etl_user pid=40211 userid=104 xid=918274 ]'"
        " LOG: select * from customers\nwhere name = 'M\\xFCller';"
    )
    base = {"source_file": ACTIVITY, **FROM_KEY}
    assert collect(out) == [
        row(
            "redshift_useractivitylog",
            "reject",
            "redshift.invalid_utf8",
            raw,
            dt="2024-01-15",
            **base,
        ),
        row(
            "redshift_useractivitylog",
            event_time=T(2024, 1, 15, 10, 6, 8),
            dbname="analytics",
            username="etl_user",
            pid=40211,
            userid=104,
            xid=918275,
            query="commit;",
            dt="2024-01-15",
            **base,
        ),
    ]


def test_a_record_time_with_trailing_garbage_is_a_reject_not_a_failed_job(
    spark: SparkSession,
) -> None:
    """Spark 3's datetime parser raises, rather than returning null, on a valid time followed
    by garbage (the pre-3.0 parser would have read it); found by the property tests."""
    cut = CONN_OLDEST.replace("10:31:02:004|", '10:31:02:004☃}"7|')
    activity = "'2024-01-15T10:06:0xZ UTC [ db=dev user=rdsdb pid=685 ]' LOG: select 1;"
    conn = redshift.parse(raw_frame(spark, [(CONN, cut + "\n")]))[redshift.CONNECTIONLOG]
    act = redshift.parse(raw_frame(spark, [(ACTIVITY, activity + "\n")]))[redshift.USERACTIVITYLOG]
    base = {**FROM_KEY}
    assert collect(conn) == [
        row(
            "redshift_connectionlog",
            "reject",
            "redshift.bad_record_time",
            cut,
            source_file=CONN,
            **base,
        )
    ]
    assert [(r["_status"], r["_reason"]) for r in collect(act)] == [
        ("reject", "redshift.bad_record_time")
    ]
