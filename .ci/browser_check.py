#!/usr/bin/env python3
"""Loads built pages in headless Chromium under the site's own `_headers` (strict CSP).

Usage: browser_check.py SITE_DIR SCREENSHOT_DIR

Serves SITE_DIR (and each tier bundle, unzipped) on 127.0.0.1, opens the dashboard, a symbol
page and the reports archive of each, and fails on a blank page, a console error, an uncaught
exception, a CSP violation, a resource that failed to load, or a broken image. Screenshots go
to SCREENSHOT_DIR. Talks to Chromium over the DevTools pipe, so it needs only the standard library.

Before the real pages it loads a canary page that breaks the CSP on purpose: if that is not
reported, the check itself is broken and fails rather than passing silently.
"""
import base64
import fnmatch
import html.parser
import functools
import glob
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

CANARY = "__csp_canary.html"
CANARY_HTML = b"<!DOCTYPE html><html><head><title>canary</title></head><body><p style=\"color:red\">canary</p><script>document.title='ran'</script></body></html>"


def parse_headers(path):
    """Netlify/Cloudflare `_headers`: a path pattern line, then indented `Name: value` lines."""
    rules, current = [], None
    if not os.path.exists(path):
        return rules
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = (line.strip(), [])
            rules.append(current)
        elif current is not None and ":" in line:
            name, value = line.strip().split(":", 1)
            current[1].append((name.strip(), value.strip()))
    return rules


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, rules=(), **kwargs):
        self.rules = rules
        super().__init__(*args, **kwargs)

    def end_headers(self):
        path = self.path.split("?")[0]
        headers = {}
        for pattern, values in self.rules:
            if fnmatch.fnmatch(path, pattern):
                for name, value in values:
                    headers[name] = value
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    # Pages that break a rule on purpose, served at these paths: a check that does not report them is broken.
    canaries = {CANARY: CANARY_HTML}

    def do_GET(self):
        for name, body in self.canaries.items():
            if self.path.startswith("/" + name):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def log_message(self, *args):
        pass


def serve(directory):
    rules = parse_headers(os.path.join(directory, "_headers"))
    handler = functools.partial(Handler, directory=directory, rules=rules)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Browser:
    """Chromium with `--remote-debugging-pipe`: JSON messages separated by NUL on fds 3 and 4."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="signalpress-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            # Copies first, so that placing one end on fd 3 cannot close the other.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--hide-scrollbars", "--user-data-dir=" + self.profile, "about:blank"],
            preexec_fn=fds, close_fds=False,
            # Chromium's own scratch folders go in the profile, which close() removes.
            env={**os.environ, "TMPDIR": self.profile},
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.profile, "stderr.log"), "w"))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(f"{method}: no answer from Chromium in {timeout} s")

    def read(self, deadline):
        import select
        while b"\0" not in self.buffer:
            remaining = deadline - time.time()
            if remaining <= 0 or not select.select([self.from_child], [], [], remaining)[0]:
                raise TimeoutError("Chromium stopped answering")
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium exited")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return
            try:
                self.events.append(self.read(deadline))
            except TimeoutError:
                break
        raise TimeoutError(f"no {method} within {timeout} s")

    def drain(self, seconds):
        deadline = time.time() + seconds
        try:
            while True:
                self.events.append(self.read(deadline))
        except TimeoutError:
            pass

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def problems_on(browser, url, screenshot):
    """Loads one page in a fresh tab; returns the list of problems seen."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.events.clear()
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(domain + ".enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", session)
    browser.drain(0.5)

    problems = []
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            texts = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
            problems.append("console error: " + " ".join(texts))
        elif method == "Runtime.exceptionThrown":
            problems.append("uncaught exception: " + params["exceptionDetails"].get("text", ""))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            problems.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            problems.append("failed to load a resource: " + params.get("errorText", ""))
        elif method == "Network.responseReceived" and params["response"].get("status", 200) >= 400:
            problems.append(f"HTTP {params['response']['status']} for {params['response']['url']}")

    # A lazy image below the fold has not loaded yet; reader_check.py scrolls to it and checks it.
    check = ("JSON.stringify({text: document.body ? document.body.innerText.trim().length : 0,"
             " sheets: document.styleSheets.length,"
             " broken: Array.from(document.images).filter(i => i.complete ? i.naturalWidth === 0 : i.loading !== 'lazy').map(i => i.src)})")
    page = json.loads(browser.send("Runtime.evaluate", {"expression": check, "returnByValue": True},
                                   session=session)["result"]["value"])
    if page["text"] < 20:
        problems.append(f"blank page ({page['text']} characters of text)")
    if not url.endswith(CANARY) and page["sheets"] == 0:
        problems.append("no stylesheet applied")
    for src in page["broken"]:
        problems.append("broken image: " + src)

    if screenshot:
        shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TagBalance(html.parser.HTMLParser):
    """Every element that is opened is closed, in order: the HTML parses as written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append("line %d: </%s> does not close <%s>" % (self.getpos()[0], tag, self.stack[-1][0] if self.stack else "nothing"))
            return
        self.stack.pop()


def html_problems(directory):
    """Every HTML page below `directory` parsed with balanced elements; returns what is wrong."""
    problems = []
    for folder, _, files in os.walk(directory):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            parser = TagBalance()
            parser.feed(open(path, encoding="utf-8").read())
            parser.close()
            rel = os.path.relpath(path, directory)
            problems += ["%s: %s" % (rel, p) for p in parser.problems[:3]]
            if parser.stack:
                problems.append("%s: <%s> opened on line %d is never closed" % (rel, parser.stack[-1][0], parser.stack[-1][1]))
    return problems


def pages_of(directory):
    pages = ["index.html", "reports/index.html"]
    symbols = sorted(glob.glob(os.path.join(directory, "symbols", "*", "index.html")))
    if symbols:
        pages.append(os.path.relpath(symbols[0], directory))
    return [p for p in pages if os.path.exists(os.path.join(directory, p))]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, shots = sys.argv[1], sys.argv[2]
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        sys.exit("browser-check: no Chromium found (make browser-check installs Debian's chromium)")
    os.makedirs(shots, exist_ok=True)

    # The public root, then every tier's bundle as a subscriber would unpack it.
    sites = [("public", site, True)]
    unpacked = tempfile.mkdtemp(prefix="signalpress-bundles-")
    for archive in sorted(glob.glob(os.path.join(site, "bundles", "*", "*", "*.zip"))):
        tier = archive.split(os.sep)[-3]
        target = os.path.join(unpacked, tier)
        with zipfile.ZipFile(archive) as z:
            z.extractall(target)
        # Bundles travel without `_headers`; hold them to the public site's policy all the same.
        shutil.copy(os.path.join(site, "_headers"), os.path.join(target, "_headers"))
        sites.append((tier, target, False))

    failures, checked, parsed = [], 0, 0
    for name, directory, _ in sites:
        failures += ["%s/%s" % (name, p) for p in html_problems(directory)]
        parsed += sum(1 for _, _, files in os.walk(directory) for f in files if f.endswith(".html"))

    browser = Browser(binary)
    try:
        for name, directory, canary in sites:
            server = serve(directory)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            if canary:
                found = problems_on(browser, base + CANARY, None)
                if not any("Content Security Policy" in p for p in found):
                    failures.append("the CSP canary was not reported: the check cannot see CSP violations")
            for page in pages_of(directory):
                shot = os.path.join(shots, f"{name}-{page.replace('/', '_').replace('.html', '')}.png")
                for problem in problems_on(browser, base + page, shot):
                    failures.append(f"{name}/{page}: {problem}")
                checked += 1
            server.shutdown()
    finally:
        browser.close()
        shutil.rmtree(unpacked, ignore_errors=True)

    if checked == 0:
        failures.append("no pages were found to check")
    for failure in failures:
        print("browser-check: " + failure, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"browser-check: {parsed} HTML pages parse with balanced elements; {checked} pages in {len(sites)} sites "
          f"load cleanly under the CSP; screenshots in {shots}")


if __name__ == "__main__":
    main()
