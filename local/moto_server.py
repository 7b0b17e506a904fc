"""moto's S3 server for the local stack, without "100 Continue" interim responses, and with an optional
modelled first-byte latency.

Trino's exchange manager uploads with the AWS SDK's asynchronous (Netty) client, which sends
"Expect: 100-continue" and then its body at once. Werkzeug, moto's HTTP server, answers such a request with
"100 Continue" and then a final response on a connection it closes; the Netty client takes the interim
response for the final one and fails the upload with "S3Exception (Status Code: 100)"
(aws/aws-sdk-java-v2#1969), so every fault-tolerant query failed. Amazon S3 does not close the connection.
Here the Expect header is dropped before Werkzeug sees it: the body is read as it arrives, and the client
gets one response.

--first-byte-latency-ms N (ours, default 0) makes every request wait N milliseconds before it is served.
moto on loopback answers from memory in about a millisecond, while Amazon S3's median latency for small
requests is in the tens of milliseconds (AWS whitepaper "Best Practices Design Patterns: Optimizing Amazon
S3 Performance", timeouts and retries). Without it, the benchmark cannot show what a cache in front of S3
saves. It is a model, opt-in, and only the benchmark turns it on.

--fault-rate R (ours, default 0) answers that share of requests (0 to 1, e.g. 0.05) with a fault instead of
serving them, drawn at random per request from --faults (default all three):
  slowdown  503 SlowDown, S3's answer when a prefix gets more requests than it serves (throttling);
  internal  500 InternalError, S3's answer to a transient failure on its side;
  drop      the connection closed without an answer (a reset connection, a load balancer that gave up).
Amazon S3 answers these rarely but does answer them, and the SDKs retry them. A model for the drills
(scripts/local-drills.sh), opt-in. GET /_fault-model says what was injected (JSON: the model, requests
seen, faults per kind); PUT /_fault-model?rate=R&faults=K,K changes the model while the server runs (rate=0
turns it off). That path is never faulted nor counted (no bucket name can start with "_").
The other arguments are moto_server's.
"""
import json
import random
import socket
import struct
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

from werkzeug.serving import WSGIRequestHandler

from moto.server import main

LATENCY_FLAG = "--first-byte-latency-ms"
FAULT_RATE_FLAG = "--fault-rate"
FAULTS_FLAG = "--faults"
FAULT_KINDS = ("slowdown", "internal", "drop")
CONTROL_PATH = "/_fault-model"


def take_latency(argv: list) -> float:
    """Removes our flag from argv and returns its value in seconds; exits with a usage error if it is bad."""
    if LATENCY_FLAG not in argv:
        return 0.0
    at = argv.index(LATENCY_FLAG)
    value = argv[at + 1] if at + 1 < len(argv) else ""
    del argv[at:at + 2]
    if not (value.isascii() and value.isdigit()) or int(value) > 1000:
        sys.exit(f"{LATENCY_FLAG}: '{value}' is not a whole number of milliseconds from 0 to 1000")
    return int(value) / 1000


def take_flag(argv: list, flag: str) -> "str | None":
    """Removes `flag VALUE` from argv and returns VALUE (None when the flag is absent)."""
    if flag not in argv:
        return None
    at = argv.index(flag)
    value = argv[at + 1] if at + 1 < len(argv) else ""
    del argv[at:at + 2]
    return value


def parse_fault_rate(value: str) -> float:
    """A share of requests from 0 to 1, as a decimal (0.05); raises ValueError saying what is allowed."""
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not (value.strip() == value and value != "" and 0 <= rate <= 1) or value.lower() in ("nan", "inf"):
        raise ValueError(f"{FAULT_RATE_FLAG}: '{value}' is not a share of requests from 0 to 1 (e.g. 0.05 for 5%)")
    return rate


def parse_fault_kinds(value: str) -> tuple:
    """A comma-separated list of FAULT_KINDS; raises ValueError naming the bad kind and the allowed ones."""
    kinds = tuple(kind.strip() for kind in value.split(","))
    for kind in kinds:
        if kind not in FAULT_KINDS:
            raise ValueError(f"{FAULTS_FLAG}: '{kind}' is not a fault kind; allowed: {','.join(FAULT_KINDS)} (comma-separated)")
    return kinds


class FaultModel:
    """Which requests get a fault: each independently with probability `rate`, the kind drawn from `kinds`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.random = random.Random()
        self.rate = 0.0
        self.kinds = FAULT_KINDS
        self.requests = 0
        self.injected = {kind: 0 for kind in FAULT_KINDS}

    def configure(self, rate: float, kinds: tuple) -> None:
        with self.lock:
            self.rate, self.kinds = rate, kinds

    def draw(self) -> "str | None":
        with self.lock:
            self.requests += 1
            if self.rate <= 0 or self.random.random() >= self.rate:
                return None
            kind = self.random.choice(self.kinds)
            self.injected[kind] += 1
            return kind

    def describe(self) -> dict:
        with self.lock:
            return {"rate": self.rate, "faults": list(self.kinds), "requests": self.requests, "injected": dict(self.injected)}


_run_wsgi = WSGIRequestHandler.run_wsgi
_latency = 0.0
_faults = FaultModel()

S3_ERRORS = {
    "slowdown": (503, "Service Unavailable", "SlowDown", "Please reduce your request rate."),
    "internal": (500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again."),
}


def _reply(handler: WSGIRequestHandler, status: int, reason: str, content_type: str, body: bytes) -> None:
    handler.close_connection = True
    handler.send_response(status, reason)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def _control(handler: WSGIRequestHandler) -> None:
    """GET: what was injected; PUT ?rate=R&faults=K,K: a new model (400 with the reason when a value is bad)."""
    if handler.command == "PUT":
        query = parse_qs(urlsplit(handler.path).query)
        try:
            rate = parse_fault_rate(query.get("rate", ["0"])[0])
            kinds = parse_fault_kinds(query["faults"][0]) if "faults" in query else FAULT_KINDS
        except ValueError as error:
            _reply(handler, 400, "Bad Request", "text/plain", str(error).encode())
            return
        _faults.configure(rate, kinds)
        print(f"fault model: {describe_model(rate, kinds)}", file=sys.stderr, flush=True)
    _reply(handler, 200, "OK", "application/json", json.dumps(_faults.describe()).encode())


def _inject(handler: WSGIRequestHandler, kind: str) -> None:
    handler.close_connection = True
    if kind == "drop":
        # An abortive close (RST), without reading the request: the client sees a reset connection.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        return
    # The request's body is read first, so that the client (still sending it) reads the answer, not a reset.
    length = int(handler.headers.get("Content-Length") or 0)
    while length > 0:
        chunk = handler.rfile.read(min(length, 1 << 20))
        if not chunk:
            break
        length -= len(chunk)
    status, reason, code, message = S3_ERRORS[kind]
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
            f"<RequestId>fault-model</RequestId></Error>").encode()
    _reply(handler, status, reason, "application/xml", body)


def _run_wsgi_modelled(self: WSGIRequestHandler) -> None:
    del self.headers["Expect"]
    if urlsplit(self.path).path == CONTROL_PATH:
        _control(self)
        return
    if _latency:
        # Werkzeug serves each connection in its own thread: the wait delays this request only.
        time.sleep(_latency)
    fault = _faults.draw()
    if fault:
        _inject(self, fault)
        return
    _run_wsgi(self)


def describe_model(rate: float, kinds: tuple) -> str:
    return f"{rate * 100:g}% of requests answered with {', '.join(kinds)}" if rate > 0 else "off"


WSGIRequestHandler.run_wsgi = _run_wsgi_modelled

if __name__ == "__main__":
    _latency = take_latency(sys.argv)
    if _latency:
        print(f"modelled first-byte latency: {round(_latency * 1000)} ms on every request", file=sys.stderr, flush=True)
    rate_value, kinds_value = take_flag(sys.argv, FAULT_RATE_FLAG), take_flag(sys.argv, FAULTS_FLAG)
    try:
        if kinds_value is not None and rate_value is None:
            raise ValueError(f"{FAULTS_FLAG} goes with {FAULT_RATE_FLAG} (the share of requests that get a fault)")
        fault_rate = parse_fault_rate(rate_value) if rate_value is not None else 0.0
        fault_kinds = parse_fault_kinds(kinds_value) if kinds_value is not None else FAULT_KINDS
    except ValueError as bad:
        sys.exit(str(bad))
    _faults.configure(fault_rate, fault_kinds)
    if fault_rate > 0:
        print(f"fault model: {describe_model(fault_rate, fault_kinds)}", file=sys.stderr, flush=True)
    main()
