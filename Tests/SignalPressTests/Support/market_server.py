#!/usr/bin/env python3
"""A misbehaving market-data provider for the HTTP tests, on 127.0.0.1 only.

Usage: market_server.py CONFIG.json   (prints the port it listens on, then serves)

CONFIG: {"data": DIR, "delay": seconds per response, "scenarios": {SYMBOL: scenario}}
Scenarios: ok (ETag/Last-Modified, 304 on a match), 500-once, 429-once (Retry-After: 1),
hang (never answers), html (an error page with 200), truncated (a body cut mid-row),
partial (Content-Length longer than the body), empty, 404, old (a series that ends early).
GET /__stats returns request counts, conditional requests, peak concurrency and request times.
"""
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A server outlives the tests around it: a descriptor inherited from the test runner (the
# socket by which Foundation's Process sees another test's child exit, among them) would keep
# that child looking alive until this server stops. Close every one but the standard three.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))

config = json.load(open(sys.argv[1]))
lock = threading.Lock()
stats = {"requests": {}, "conditional": 0, "not_modified": 0, "active": 0, "peak": 0, "times": [], "api_keys": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__stats":
            with lock:
                body = json.dumps(stats).encode()
            return self.send(200, body, [("Content-Type", "application/json")])
        symbol = self.path.lstrip("/").split("?")[0].rsplit(".", 1)[0]
        with lock:
            count = stats["requests"].get(symbol, 0) + 1
            stats["requests"][symbol] = count
            stats["times"].append(time.monotonic())
            stats["active"] += 1
            stats["peak"] = max(stats["peak"], stats["active"])
            if self.headers.get("If-None-Match"):
                stats["conditional"] += 1
            if self.headers.get("X-Api-Key"):
                stats["api_keys"].append(self.headers.get("X-Api-Key"))
        try:
            if config.get("delay"):
                time.sleep(config["delay"])
            self.answer(symbol, config["scenarios"].get(symbol, "ok"), count)
        finally:
            with lock:
                stats["active"] -= 1

    def answer(self, symbol, scenario, count):
        path = os.path.join(config["data"], symbol + ".csv")
        body = open(path, "rb").read() if os.path.exists(path) else b""
        if scenario == "hang":
            time.sleep(60)
            return
        if scenario == "500-once" and count == 1:
            return self.send(500, b"internal error")
        if scenario == "429-once" and count == 1:
            return self.send(429, b"slow down", [("Retry-After", "1")])
        if scenario == "404" or not body:
            return self.send(404, b"not found")
        if scenario == "html":
            return self.send(200, b"<!DOCTYPE html><html><body>Service unavailable</body></html>", [("Content-Type", "text/html")])
        if scenario == "empty":
            return self.send(200, b"")
        if scenario == "truncated":
            lines = body.split(b"\n")
            cut = b"\n".join(lines[:-3]) + b"\n" + lines[-3][: len(lines[-3]) // 2]
            return self.send(200, cut, [("Content-Type", "text/csv")])
        if scenario == "partial":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if scenario == "old":
            body = b"\n".join(body.split(b"\n")[:-200]) + b"\n"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            with lock:
                stats["not_modified"] += 1
            return self.send(304, b"", [("ETag", etag)])
        return self.send(200, body, [("Content-Type", "text/csv"), ("ETag", etag), ("Last-Modified", "Fri, 27 Nov 2026 22:00:00 GMT")])


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
