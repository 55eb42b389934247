"""ALB access-log lines of every variant, with the row the parser must give for each."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from tests.lines.case import Case
from tests.lines.values import (
    hex_id,
    ipv4,
    ipv6,
    null_if_dash,
    number,
    number_value,
    or_dash,
    ports,
    quoted_text,
    times,
    token,
)

ACCOUNT = "123456789012"
REGION = "eu-west-1"
TYPES = ("http", "https", "h2", "grpcs", "ws", "wss")
VERBS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH")


def iso(t: datetime.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@st.composite
def endpoint(draw: st.DrawFn) -> tuple[str, str, int]:
    """``(token, ip, port)``; IPv6 addresses are bracketed."""
    port = draw(ports)
    if draw(st.booleans()):
        ip = draw(ipv4)
        return f"{ip}:{port}", ip, port
    ip = draw(ipv6)
    return f"[{ip}]:{port}", ip, port


@st.composite
def duration(draw: st.DrawFn) -> tuple[str, float | None]:
    if draw(st.integers(0, 4)) == 0:
        return "-1", None
    ms = draw(st.integers(0, 999_999))
    text = f"{ms // 1000}.{ms % 1000:03d}"
    return text, float(text)


@st.composite
def request(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """The request field and its verb/url/protocol; malformed requests included."""
    host = draw(st.sampled_from(("shop.example.net", "api.example.com", "10.0.0.5")))
    kind = draw(st.sampled_from(("normal", "normal", "space_in_uri", "unreadable", "old_unread")))
    if kind == "unreadable":
        url = f"http://{host}:80-"
        return f"- {url} -", {"request_url": url}
    if kind == "old_unread":
        url = f"http://{host}:80-"
        return f"- {url} ", {"request_url": url}
    path = "/" + draw(token(0, 20)).replace(":", "")
    if kind == "space_in_uri":
        path += " " + draw(token(1, 8))
    url = f"https://{host}:443{path}"
    verb = draw(st.sampled_from(VERBS))
    proto = draw(st.sampled_from(("HTTP/1.1", "HTTP/2.0", "HTTP/1.0")))
    return f"{verb} {url} {proto}", {
        "request_verb": verb,
        "request_url": url,
        "request_protocol": proto,
    }


def _list(text: str, sep: str) -> list[str] | None:
    return None if text in ("-", "") else text.split(sep)


@st.composite
def valid(draw: st.DrawFn) -> Case:
    t = draw(times)
    created = draw(times)
    kind = draw(st.sampled_from(TYPES))
    elb = f"app/{draw(token(1, 12)).replace('/', '')}/{draw(hex_id(16))}"
    client, client_ip, client_port = draw(endpoint())
    target = draw(st.one_of(st.none(), endpoint()))
    times3 = [draw(duration()) for _ in range(3)]
    elb_status = draw(st.integers(100, 599))
    target_status = draw(number(100, 599))
    received, sent = draw(st.integers(0, 10**12)), draw(st.integers(0, 10**12))
    req, req_fields = draw(request())
    agent = draw(or_dash(quoted_text))
    cipher, protocol = draw(or_dash(token())), draw(or_dash(token()))
    group = draw(or_dash(token().map(lambda x: f"arn:aws:elasticloadbalancing:{REGION}:tg/{x}")))
    trace = "Root=1-" + draw(hex_id(8)) + "-" + draw(hex_id(24))
    domain, cert = draw(or_dash(quoted_text)), draw(or_dash(quoted_text))
    priority = draw(number(0, 50000))
    actions = draw(
        or_dash(st.lists(st.sampled_from(("waf", "forward", "authenticate")), min_size=1)).map(
            lambda a: a if a == "-" else ",".join(a)
        )
    )
    redirect, error = draw(or_dash(quoted_text)), draw(or_dash(token()))
    variant = draw(st.sampled_from(("older", "current", "no_trace_id", "newest")))
    head = (
        f"{kind} {iso(t)} {elb} {client} {target[0] if target else '-'} "
        f"{' '.join(d[0] for d in times3)} {elb_status} {target_status} {received} {sent}"
    )
    line = (
        f'{head} "{req}" "{agent}" {cipher} {protocol} {group} "{trace}" "{domain}" "{cert}" '
        f'{priority} {iso(created)} "{actions}" "{redirect}" "{error}"'
    )
    expected: dict[str, Any] = {
        "event_time": t,
        "type": kind,
        "elb": elb,
        "client_ip": client_ip,
        "client_port": client_port,
        "target_ip": target[1] if target else None,
        "target_port": target[2] if target else None,
        "request_processing_time": times3[0][1],
        "target_processing_time": times3[1][1],
        "response_processing_time": times3[2][1],
        "elb_status_code": elb_status,
        "target_status_code": number_value(target_status),
        "received_bytes": received,
        "sent_bytes": sent,
        **req_fields,
        "user_agent": null_if_dash(agent),
        "ssl_cipher": null_if_dash(cipher),
        "ssl_protocol": null_if_dash(protocol),
        "target_group_arn": null_if_dash(group),
        "trace_id": trace,
        "domain_name": null_if_dash(domain),
        "chosen_cert_arn": null_if_dash(cert),
        "matched_rule_priority": number_value(priority),
        "request_creation_time": created,
        "actions_executed": _list(actions, ","),
        "redirect_url": null_if_dash(redirect),
        "error_reason": null_if_dash(error),
        "account_id": ACCOUNT,
        "region": REGION,
        "dt": t.date().isoformat(),
    }
    if variant != "older":
        targets = draw(or_dash(st.lists(endpoint().map(lambda e: e[0]), min_size=1, max_size=3)))
        targets = targets if targets == "-" else " ".join(targets)
        statuses = draw(or_dash(st.lists(number(100, 599), min_size=1, max_size=3)))
        statuses = statuses if statuses == "-" else " ".join(statuses)
        classification = draw(st.sampled_from(("Acceptable", "Ambiguous", "Severe", "-")))
        why = draw(or_dash(token()))
        line += f' "{targets}" "{statuses}" "{classification}" "{why}"'
        expected |= {
            "target_port_list": _list(targets, " "),
            "target_status_code_list": _list(statuses, " "),
            "classification": null_if_dash(classification),
            "classification_reason": null_if_dash(why),
        }
        if variant != "no_trace_id":
            trace_id = "TID_" + draw(hex_id(16))
            line += f" {trace_id}"
            expected["conn_trace_id"] = trace_id
        if variant == "newest":
            host, uri, status = (draw(or_dash(quoted_text)) for _ in range(3))
            line += f' "{host}" "{uri}" "{status}"'
            expected |= {
                "transformed_host": null_if_dash(host),
                "transformed_uri": null_if_dash(uri),
                "request_transform_status": null_if_dash(status),
            }
    return Case("valid", line.encode(), expected)


@st.composite
def damaged(draw: st.DrawFn) -> Case:
    """A valid line broken in a way that must reject it."""
    line = draw(valid()).line.decode()
    head_end = line.index('"')
    kind = draw(st.sampled_from(("cut_head", "quote_in_agent", "bad_status")))
    if kind == "cut_head":
        return Case("damaged", line[: draw(st.integers(1, head_end - 2))].encode())
    if kind == "quote_in_agent":
        at = line.index('" "') + 3
        return Case("damaged", (line[:at] + 'x"y ' + line[at:]).encode())
    tokens = line.split(" ")
    tokens[8] = draw(st.sampled_from(("2O0", "", "4xx", "99999999999")))
    return Case("damaged", " ".join(tokens).encode())
