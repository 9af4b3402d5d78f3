"""Errors to Sentry when SENTRY_DSN is set (issue 14 item 3): a process started with SENTRY_DSN pointing at a tiny
HTTP server on loopback sends it the envelope of a view's exception, without personal data."""

import gzip
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.security.test_deploy_settings import run

SCRIPT = """
import django
django.setup()
import sentry_sdk
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.sentry_urls"):
    status = Client(raise_request_exception=False).get("/boom/", HTTP_X_REQUEST_ID="req-sentry").status_code
sentry_sdk.flush(timeout=10)
print("status", status)
"""


def test_a_view_that_raises_sends_its_envelope_to_the_dsn_on_loopback(tmp_path):
    received = []

    class Sentry(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":  # sentry-sdk compresses with brotli only when brotli is installed
                import brotli

                body = brotli.decompress(body)
            received.append((self.path, body.decode("utf-8", "replace")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Sentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run(
            [sys.executable, "-c", SCRIPT],
            DEBUG="false",
            SECURE_SSL_REDIRECT="false",
            STATIC_MANIFEST="false",  # the 500 page renders without collectstatic
            ALLOWED_HOSTS="testserver",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            SENTRY_DSN=f"http://publickey@127.0.0.1:{server.server_port}/1",
            SENTRY_ENVIRONMENT="loopback-test",
        )
    finally:
        server.shutdown()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "status 500" in result.stdout
    assert received, "no envelope reached the DSN's host"
    path, envelope = received[0]
    assert path == "/api/1/envelope/"
    assert "RuntimeError" in envelope and "sentry loopback test" in envelope
    assert "loopback-test" in envelope
