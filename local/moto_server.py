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
saves. It is a model, opt-in, and only the benchmark turns it on. The other arguments are moto_server's.
"""
import sys
import time

from werkzeug.serving import WSGIRequestHandler

from moto.server import main

LATENCY_FLAG = "--first-byte-latency-ms"


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


_run_wsgi = WSGIRequestHandler.run_wsgi
_latency = 0.0


def _run_wsgi_modelled(self: WSGIRequestHandler) -> None:
    del self.headers["Expect"]
    if _latency:
        # Werkzeug serves each connection in its own thread: the wait delays this request only.
        time.sleep(_latency)
    _run_wsgi(self)


WSGIRequestHandler.run_wsgi = _run_wsgi_modelled

if __name__ == "__main__":
    _latency = take_latency(sys.argv)
    if _latency:
        print(f"modelled first-byte latency: {round(_latency * 1000)} ms on every request", file=sys.stderr, flush=True)
    main()
