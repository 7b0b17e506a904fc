"""moto's S3 server for the local stack, without "100 Continue" interim responses.

Trino's exchange manager uploads with the AWS SDK's asynchronous (Netty) client, which sends
"Expect: 100-continue" and then its body at once. Werkzeug, moto's HTTP server, answers such a request with
"100 Continue" and then a final response on a connection it closes; the Netty client takes the interim
response for the final one and fails the upload with "S3Exception (Status Code: 100)"
(aws/aws-sdk-java-v2#1969), so every fault-tolerant query failed. Amazon S3 does not close the connection.
Here the Expect header is dropped before Werkzeug sees it: the body is read as it arrives, and the client
gets one response. Arguments are moto_server's.
"""
from werkzeug.serving import WSGIRequestHandler

from moto.server import main

_run_wsgi = WSGIRequestHandler.run_wsgi


def _run_wsgi_without_continue(self: WSGIRequestHandler) -> None:
    del self.headers["Expect"]
    _run_wsgi(self)


WSGIRequestHandler.run_wsgi = _run_wsgi_without_continue

if __name__ == "__main__":
    main()
