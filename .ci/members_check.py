#!/usr/bin/env python3
"""The members' area as a subscriber uses it: in headless Chromium behind a real nginx that
`signalpress deploy-config nginx` configured, and in a real feed parser.

Usage: members_check.py SIGNALPRESS_BINARY CONTENT_DIR SCREENSHOT_DIR

Copies CONTENT_DIR (the example project) into a scratch folder, adds a pro subscriber, builds,
and serves the site with nginx on 127.0.0.1. Then, in Chromium: follows the sign-in link that
`signalpress links` prints, browses the members' dashboard, a symbol page, the reports archive
and a past report with no console error, CSP violation or failed resource, checks the cookie
(HttpOnly, Secure, SameSite=Lax), signs out and is turned away. A canary page that breaks the
CSP on purpose must be reported, or the check fails as blind. Last, the subscriber's private
Atom and JSON feeds are read with feedparser: well-formed, whole reports, every link absolute
and leading to a file of the members' area.

Runs in the browser check's virtualenv (Selenium, feedparser). Selenium drives Debian's
chromedriver by path, so Selenium Manager never runs; everything listens on 127.0.0.1.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

os.environ["SE_AVOID_STATS"] = "true"  # Selenium's usage statistics stay off

import feedparser  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from reader_check import driver, screenshot  # noqa: E402

SECRET = "members-check-0123456789abcdef"
CANARY = "__members_csp_canary.html"
CANARY_HTML = "<!DOCTYPE html><html><head><title>canary</title></head><body><script>document.title='ran'</script></body></html>"


def run(binary, project, *arguments):
    environment = {**os.environ, "SIGNALPRESS_LINK_SECRET": SECRET}
    result = subprocess.run([binary, *arguments, "--project", project], capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        sys.exit(f"members-check: signalpress {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(binary, project, scratch):
    """nginx with the server block `deploy-config nginx` prints; returns its process and base URL."""
    port = free_port()
    secret_file = os.path.join(scratch, "link-secret.conf")
    server = run(binary, project, "deploy-config", "nginx", "--listen", f"127.0.0.1:{port}", "--server-name", "localhost",
                 "--secret-file", secret_file, "--write-secret-file", "--access-log", os.path.join(scratch, "access.log"))
    user = "user root;\n" if os.getuid() == 0 else ""
    conf = (f"{user}daemon off;\nworker_processes 1;\npid {scratch}/nginx.pid;\nerror_log {scratch}/error.log warn;\n"
            "events { worker_connections 64; }\nhttp {\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
            + "".join(f"{name}_temp_path {scratch}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + server + "}\n")
    with open(os.path.join(scratch, "nginx.conf"), "w") as f:
        f.write(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx, "-p", scratch, "-c", os.path.join(scratch, "nginx.conf")], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("members-check: nginx did not start: " + open(os.path.join(scratch, "error.log")).read())


def console_problems(browser, what):
    """Console errors (a CSP violation, a failed resource, an exception) since the last call."""
    return [f"{what}: {entry['message']}" for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def browse(browser, base, sign_in, shots):
    failures = []
    browser.get(base + "/" + CANARY)
    if not any("Content Security Policy" in entry["message"] for entry in browser.get_log("browser")):
        failures.append("the CSP canary was not reported: the check cannot see CSP violations")

    browser.get(base + sign_in)
    if not browser.current_url.endswith("/members/pro/"):
        return failures + [f"the sign-in link led to {browser.current_url}, not /members/pro/"]
    cookie = next((c for c in browser.get_cookies() if c["name"] == "signalpress_member"), None)
    if cookie is None or not cookie.get("httpOnly") or not cookie.get("secure") or cookie.get("sameSite") != "Lax" or cookie.get("path") != "/members/":
        failures.append(f"the members' cookie is not HttpOnly, Secure, SameSite=Lax on /members/: {cookie}")
    failures += console_problems(browser, "the members' dashboard")
    screenshot(browser, os.path.join(shots, "members-dashboard.png"))

    symbol = browser.execute_script("const a = document.querySelector('a[href*=\"symbols/\"]'); return a ? a.href : null;")
    pages = [symbol, base + "/members/pro/reports/index.html"]
    for page in pages:
        if page is None:
            failures.append("the members' dashboard links to no symbol page")
            continue
        browser.get(page)
        failures += console_problems(browser, page)
        if browser.execute_script("return document.querySelector('main') === null || document.title === ''"):
            failures.append(f"{page}: a blank page")
    reports = browser.execute_script("return Array.from(document.querySelectorAll('main a[href$=\"/index.html\"]')).map(a => a.href)"
                                     ".filter(h => /reports\\/\\d{4}-\\d{2}-\\d{2}\\//.test(h));")
    if len(reports) < 2:
        failures.append(f"the members' archive lists {len(reports)} reports")
    else:
        browser.get(reports[-1])  # the oldest: a past report, which no bundle of today holds
        failures += console_problems(browser, reports[-1])
        screenshot(browser, os.path.join(shots, "members-past-report.png"))

    browser.get(base + "/members/signout")
    if any(c["name"] == "signalpress_member" for c in browser.get_cookies()):
        failures.append("sign-out left the members' cookie")
    browser.get(base + "/members/pro/index.html")
    if not browser.current_url.endswith("/sign-in/"):
        failures.append(f"signed out, /members/pro/ led to {browser.current_url}, not the sign-in page")
    failures += console_problems(browser, "the sign-in page")
    return failures


def feed_problems(base, feeds, site, base_url):
    """Each private feed read by feedparser: well-formed, whole reports, links absolute and inside the area."""
    failures = []
    area = base_url + "/members/pro/"
    for url in feeds:
        body = urllib.request.urlopen(base + url).read()
        if url.endswith(".xml"):
            parsed = feedparser.parse(body)
            if parsed.bozo:
                failures.append(f"{url}: feedparser: {parsed.bozo_exception}")
            entries = [(e.link, e.content[0].value if e.get("content") else "") for e in parsed.entries]
        else:
            items = json.loads(body)["items"]
            entries = [(item["url"], item.get("content_html", "")) for item in items]
        if not entries or not entries[0][1] or "<table" not in entries[0][1]:
            failures.append(f"{url}: the newest entry does not carry the whole report")
        for link, content in entries:
            for target in [link] + re.findall(r'(?:href|src)="([^"]+)"', content):
                if not target.startswith(area):
                    failures.append(f"{url}: {target} is not an absolute link into {area}")
                    continue
                path = os.path.join(site, "members", "pro", target[len(area):].split("#")[0])
                if not os.path.exists(path if not path.endswith("/") else path + "index.html"):
                    failures.append(f"{url}: {target} leads to no file of the members' area")
    return failures


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, content, shots = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(shots, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="signalpress-members-")
    project = os.path.join(scratch, "project")
    shutil.copytree(content, os.path.join(project, "content"))
    run(binary, project, "subscribers", "add", "--id", "reader", "--email", "reader@example.com", "--tier", "pro")
    run(binary, project, "build", "--quiet")
    links = run(binary, project, "links", "--subscriber", "reader").split()
    base_url = re.match(r"https?://[^/]+", links[0]).group(0)
    sign_in = links[3][len(base_url):]
    feeds = [link[len(base_url):] for link in links[4:]]
    site = os.path.join(project, "site")
    with open(os.path.join(site, CANARY), "w") as f:
        f.write(CANARY_HTML)
    nginx, base = start_nginx(binary, project, scratch)
    browser = driver(scratch)
    try:
        failures = browse(browser, base, sign_in, shots) + feed_problems(base, feeds, site, base_url)
    finally:
        browser.quit()
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    for failure in failures:
        print("members-check: " + failure, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"members-check: signed in by link, browsed the pro area (dashboard, a symbol, the archive, a past report) behind nginx "
          f"with no console error or CSP violation, signed out and was turned away; {len(feeds)} private feeds parse, carry whole "
          f"reports and link only into the area")


if __name__ == "__main__":
    main()
