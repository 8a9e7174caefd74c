#!/usr/bin/env python3
"""An alert endpoint for the delivery tests, on 127.0.0.1 only: verifies every Standard Webhooks
signature with the official `standardwebhooks` package, and answers as told.

Usage: webhook_receiver.py CONFIG.json   (prints the port it listens on, then serves)

CONFIG: {"secrets": {PATH: "whsec_..."}, "scenarios": {PATH: [answer, ...]}} (the secrets read again at each request)
Each POST to PATH takes the next answer of its list, then 200 once the list is spent:
"500", "410", "429:SECONDS" (429 with Retry-After), "hang:SECONDS" (answers 200 only after that long).
A PATH without a secret (Slack, Discord, Telegram) is recorded unverified. The timestamp's
window is left to the tests, whose sender runs on a pinned clock.
GET /__requests returns every POST: path, headers webhook-id and webhook-timestamp, whether the
signature verified (null without a secret), the answer given, and the body.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from datetime import datetime, timezone

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

os.closerange(3, os.sysconf("SC_OPEN_MAX"))

config = json.load(open(sys.argv[1]))
scenarios = {path: list(answers) for path, answers in config.get("scenarios", {}).items()}
lock = threading.Lock()
requests = []


class PinnedClockWebhook(Webhook):
    """The reference verifier, less its five-minute window around this machine's clock: the
    sender's clock is pinned by the tests (SOURCE_DATE_EPOCH), which compare each
    webhook-timestamp with it themselves."""

    def _Webhook__verify_timestamp(self, header):
        return datetime.fromtimestamp(int(header), tz=timezone.utc)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            body = json.dumps(requests).encode()
        self.answer(200, body, [("Content-Type", "application/json")])

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.split("?")[0]
        verified = None
        # Read at each request: a test may add a secret once the endpoint exists.
        secrets = json.load(open(sys.argv[1])).get("secrets", {})
        if path in secrets:
            try:
                PinnedClockWebhook(secrets[path]).verify(body, {k.lower(): v for k, v in self.headers.items()})
                verified = True
            except WebhookVerificationError:
                verified = False
        with lock:
            queue = scenarios.get(path, [])
            step = queue.pop(0) if queue else "200"
            requests.append({"path": path, "id": self.headers.get("webhook-id"), "timestamp": self.headers.get("webhook-timestamp"),
                             "verified": verified, "answer": step, "received": time.monotonic(), "body": body.decode("utf-8", "replace")})
        if step.startswith("hang:"):
            time.sleep(float(step.split(":")[1]))
            step = "200"
        if step.startswith("429:"):
            return self.answer(429, b"slow down", [("Retry-After", step.split(":")[1])])
        status = int(step)
        self.answer(status, b'{"ok":true}' if status == 200 else b"no")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
