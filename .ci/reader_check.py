#!/usr/bin/env python3
"""What a subscriber sees, checked in a real browser: the pages of the public site and of the pro
bundle at 1280 and 390 px wide, in the light and the dark colour scheme, each run through axe-core
(no serious or critical violation), screenshotted, and looked at for the things a reader notices;
the screener sorted, filtered and grouped by clicking; and the feeds validated against the Atom
schema of RFC 4287 and a JSON Schema of JSON Feed 1.1.

Usage: reader_check.py SITE_DIR SCREENSHOT_DIR

Runs in its own virtualenv (make browser-check makes it from .ci/browser-requirements.txt).
Selenium drives Debian's chromedriver, named by path so that Selenium Manager, which would
download a driver, never runs; every server is on 127.0.0.1.
"""
import glob
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import zipfile
import functools

os.environ["SE_AVOID_STATS"] = "true"  # Selenium's usage statistics stay off

import jsonschema  # noqa: E402
import lxml.etree  # noqa: E402
import rnc2rng  # noqa: E402
from axe_core_python.selenium import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from browser_check import Handler, parse_headers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
BLOCKING = ("serious", "critical")


AXE_CANARY = "__axe_canary.html"
AXE_CANARY_HTML = (b'<!DOCTYPE html><html lang="en"><head><title>axe canary</title></head><body><main>'
                   b'<p>An image without a text alternative:</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
                   b'<p>A button with no name:</p><button type="button"></button></main></body></html>')


class SiteHandler(Handler):
    """Serves a missing path the way a CDN does: the site's 404.html, with status 404; and the axe canary."""

    canaries = {AXE_CANARY: AXE_CANARY_HTML}

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.directory, "404.html")
        if code != 404 or not os.path.exists(page):
            return super().send_error(code, message, explain)
        body = open(page, "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(directory):
    handler = functools.partial(SiteHandler, directory=directory, rules=parse_headers(os.path.join(directory, "_headers")))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def driver(scratch):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--metrics-recording-only", "--disable-default-apps"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    # Chromium's own scratch folders go in the run's folder, which main() removes.
    service = Service(executable_path=path, env={**os.environ, "TMPDIR": scratch})
    return webdriver.Chrome(service=service, options=options)


def emulate(browser, width, scheme):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 640})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def screenshot(browser, path):
    import base64
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def page_problems(browser, axe, page, width, scheme, directory):
    """axe-core's serious and critical violations, and what a reader would notice, on the loaded page."""
    problems = []
    results = axe.run(browser, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
    for violation in results["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"axe {violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    if not results["passes"]:
        problems.append("axe reported no passing rule: it did not really run")
    # Lazy images load as the reader scrolls: scroll to the end and wait for them, then back.
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight);")
    browser.execute_async_script("""
        const done = arguments[arguments.length - 1], started = Date.now();
        (function wait() {
          if (Array.from(document.images).every(i => i.complete) || Date.now() - started > 5000) { window.scrollTo(0, 0); done(); }
          else setTimeout(wait, 50);
        })();""")
    state = browser.execute_script("""
        const images = Array.from(document.images);
        const chart = document.querySelector('figure.chart img');
        const reason = document.querySelector('table.signals tbody td.reason');
        const skip = document.querySelector('body > a.skip');
        return {
          broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src),
          noAlt: images.filter(i => !i.hasAttribute('alt')).map(i => i.src),
          chart: chart ? chart.currentSrc : null,
          reasonShown: reason ? getComputedStyle(reason).display !== 'none' && reason.getBoundingClientRect().right <= innerWidth + 1 : null,
          overflow: document.documentElement.scrollWidth,
          background: getComputedStyle(document.body).backgroundColor,
          skipFirst: skip !== null && document.body.firstElementChild === skip,
          main: document.querySelector('main#main') !== null,
          // The header, the page and the footer share their left and right edges.
          aligned: (() => {
            const edges = ['header.site', 'main', 'footer.site'].map(s => document.querySelector(s)).filter(Boolean)
              .map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; });
            return edges.every(([l, r]) => Math.abs(l - edges[0][0]) <= 1 && Math.abs(r - edges[0][1]) <= 1);
          })(),
          // A name and its value sit together, not at the two ends of the page: the table is no
          // wider than its content needs.
          valueTable: (() => {
            const table = document.querySelector('table.indicators');
            return table ? table.getBoundingClientRect().width : null;
          })(),
          // Tables of numbers (the track record's) keep their column headers on a phone.
          headersShown: Array.from(document.querySelectorAll('table.record thead'))
            .every(head => head.getBoundingClientRect().height >= 10 && getComputedStyle(head).clipPath === 'none'),
          // Every piece of text a reader can see, at its rendered size (screen-reader-only text aside).
          smallText: (() => {
            const found = [], seen = new Set();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const element = walker.currentNode.parentElement;
              if (!walker.currentNode.textContent.trim() || seen.has(element)) continue;
              seen.add(element);
              const style = getComputedStyle(element), box = element.getBoundingClientRect();
              if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
              const size = parseFloat(style.fontSize);
              if (size < 12) found.push(`${element.tagName.toLowerCase()} "${walker.currentNode.textContent.trim().slice(0, 30)}" at ${size} px`);
            }
            return found.slice(0, 5);
          })(),
          // SVG charts: their text is checked from the file, scaled to the width drawn.
          svgImages: Array.from(document.images).filter(i => /\.svg$/.test(i.currentSrc || i.src))
            .map(i => [new URL(i.currentSrc || i.src).pathname, i.getBoundingClientRect().width]),
          // A report's links to the other reports stand apart from its last list (the events).
          archiveApart: (() => {
            const nav = document.querySelector('nav.archive'), events = document.querySelector('ul.events');
            if (!nav || !events) return null;
            const list = getComputedStyle(nav.querySelector('ul')).listStyleType, line = getComputedStyle(nav).borderTopStyle;
            return list === 'none' && line !== 'none' && nav.getBoundingClientRect().top >= events.getBoundingClientRect().bottom + 16;
          })(),
        };""")
    problems += [f"text below 12 px: {text}" for text in state["smallText"]]
    problems += svg_text_problems(directory, state["svgImages"])
    problems += [f"broken image {src}" for src in state["broken"]]
    problems += [f"image without alt {src}" for src in state["noAlt"]]
    if not state["skipFirst"] or not state["main"]:
        problems.append("no skip link to main as the first thing on the page")
    if state["chart"] is not None:
        wanted = "chart-narrow.svg" if width < 640 else "chart.svg"
        if not state["chart"].endswith("/" + wanted):
            problems.append(f"the chart at {width} px is {state['chart']}, not {wanted}")
    if not state["aligned"]:
        problems.append("the header, the page and the footer do not line up")
    # On a phone the table is the screen's width anyway; on a wide screen it must not stretch.
    if width >= 1000 and state["valueTable"] is not None and state["valueTable"] > 640:
        problems.append(f"the indicators table is {state['valueTable']:.0f} px wide: values stand far from their names")
    if not state["headersShown"]:
        problems.append(f"a table's column headers are hidden at {width} px")
    if state["archiveApart"] is False:
        problems.append("the report's previous/next links read as part of the events list")
    if state["reasonShown"] is False:
        problems.append(f"the screener's reason is hidden or off screen at {width} px")
    # Measured against the emulated width: on a phone an overflowing page widens the viewport itself.
    if state["overflow"] > width + 1:
        problems.append(f"the page is {state['overflow'] - width} px wider than a {width} px screen")
    dark = [int(x) for x in re.findall(r"\d+", state["background"])[:3]]
    if (scheme == "dark") != (sum(dark) < 3 * 128):
        problems.append(f"the {scheme} scheme's background is {state['background']}")
    for entry in browser.get_log("browser"):
        if entry["level"] == "SEVERE" and not (page.startswith("no/") and "404" in entry["message"]):
            problems.append("console: " + entry["message"])
    return problems


def svg_text_problems(directory, images):
    """An SVG's smallest text as the reader sees it: its font-size scaled by the width the page draws it at."""
    problems = []
    for path, shown in images:
        file = os.path.join(directory, path.lstrip("/"))
        if shown <= 0 or not os.path.exists(file):
            continue
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
        sizes = [float(size) for size in re.findall(r'font-size="([0-9.]+)"', text)]
        match = re.search(r'viewBox="[0-9.-]+ [0-9.-]+ ([0-9.]+) [0-9.]+"', text) or re.search(r'<svg[^>]* width="([0-9.]+)"', text)
        if not sizes or not match:
            continue
        smallest = min(sizes) * shown / float(match.group(1))
        if smallest < 12:
            problems.append(f"text below 12 px: {path} draws {min(sizes):g}-unit text at {smallest:.1f} px ({shown:.0f} px wide)")
    return problems


def cells(browser, css):
    """The data-value (or text) of one column over the visible rows, in page order."""
    return browser.execute_script("""
        return Array.from(document.querySelectorAll('table.signals tbody tr:not(.group)'))
          .filter(r => !r.hidden).map(r => { const c = r.querySelector(arguments[0]);
            return c.hasAttribute('data-value') ? c.getAttribute('data-value') : c.textContent.trim(); });""", css)


def ordered(values, descending, numeric):
    """In order: numbers by value with the empty (n/a) ones last, or text alphabetically."""
    if numeric:
        filled = [v for v in values if v != ""]
        if values[:len(filled)] != filled:
            return False
        filled = [float(v) for v in filled]
    else:
        filled = list(values)
    return filled == sorted(filled, reverse=descending)


def screener_problems(browser, base):
    """Sorting, filtering and grouping the pro dashboard by clicking, as a reader would."""
    problems = []
    emulate(browser, 1280, "light")
    browser.get(base + "index.html")
    if not ordered(cells(browser, "td.score"), True, True):
        problems.append("the dashboard does not open sorted by score, highest first")
    header = lambda text: browser.find_element(By.XPATH, f"//table[@class='signals']/thead//button[normalize-space()='{text}']")
    header("1D").click()
    if not ordered(cells(browser, "td.c-d1"), True, True):
        problems.append("clicking 1D does not sort by the day's change, highest first")
    header("1D").click()
    if not ordered(cells(browser, "td.c-d1"), False, True):
        problems.append("clicking 1D again does not reverse the order")
    if browser.find_element(By.CSS_SELECTOR, "th.c-d1").get_attribute("aria-sort") != "ascending":
        problems.append("the sorted column does not say so (aria-sort)")
    header("Symbol").click()
    symbols = cells(browser, "th.sym a")
    if symbols != sorted(symbols):
        problems.append("clicking Symbol does not sort alphabetically")
    header("Signal").click()
    if not ordered(cells(browser, "td.signal"), True, True):
        problems.append("clicking Signal does not put BUY first and SELL last")
    total = len(cells(browser, "td.score"))
    for name, value, attribute in (("action", "HOLD", "data-action"), ("watchlists", "income", "data-watchlists"),
                                   ("sector", "Technology", "data-sector")):
        select = Select(browser.find_element(By.CSS_SELECTOR, f"select[data-filter='{name}']"))
        select.select_by_value(value)
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll('table.signals tbody tr:not(.group)')).filter(r => !r.hidden)"
            ".map(r => r.getAttribute(arguments[0]));", attribute)
        shown = [r for r in rows if (value in r.split(" ") if name == "watchlists" else r == value)]
        count = browser.find_element(By.CSS_SELECTOR, "output[data-count]").text
        if not rows or len(shown) != len(rows) or count != f"{len(rows)} of {total} symbols":
            problems.append(f"filtering by {name} = {value} shows {rows} and says '{count}'")
        select.select_by_value("")
    Select(browser.find_element(By.CSS_SELECTOR, "select[data-group]")).select_by_value("sector")
    groups = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.signals tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.classList.contains('group') ? '#' + r.textContent : r.getAttribute('data-sector'));")
    headings = [g[1:] for g in groups if g.startswith("#")]
    runs = []
    for g in groups:
        if g.startswith("#"):
            runs.append([])
        elif runs:
            runs[-1].append(g)
    if len(headings) < 2 or headings != sorted(headings) or any(set(run) != {h} for run, h in zip(runs, headings)):
        problems.append(f"grouping by sector gives {groups}")
    # On a phone the header row is folded away: the menu sorts instead.
    emulate(browser, 390, "light")
    browser.get(base + "index.html")
    menu = Select(browser.find_element(By.CSS_SELECTOR, "select[data-sort-by]"))
    menu.select_by_visible_text("YTD, low first")
    if not ordered(cells(browser, "td.c-ytd"), False, True):
        problems.append("the sort menu on a phone does not sort by YTD, lowest first")
    return problems


def feed_problems(directory, name):
    """feed.xml against RFC 4287's schema (and its two Schematron rules), feed.json against JSON Feed 1.1."""
    problems = []
    rng = rnc2rng.dumps(rnc2rng.load(os.path.join(HERE, "atom.rnc"))).replace('xmlns:local=""', "")
    atom = lxml.etree.RelaxNG(lxml.etree.fromstring(rng.encode()))
    document = lxml.etree.parse(os.path.join(directory, "feed.xml"))
    if not atom.validate(document):
        problems += [f"{name}/feed.xml: {error.line}: {error.message}" for error in list(atom.error_log)[:5]]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = document.findall("a:entry", ns)
    if not document.findall("a:author", ns) and any(not e.findall("a:author", ns) for e in entries):
        problems.append(f"{name}/feed.xml: an entry without an author in a feed without one")
    for element in [document.getroot()] + entries:
        alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall("a:link", ns) if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{name}/feed.xml: two alternate links of one type and language")
    # The newest carry the whole report (older ones, past the feed's size budget, their summary and link).
    for entry in entries[:1] + [e for e in entries[1:] if e.find("a:content", ns) is not None]:
        content = entry.find("a:content", ns)
        if content is None or content.get("type") != "html" or "<table" not in (content.text or ""):
            problems.append(f"{name}/feed.xml: {entry.findtext('a:title', namespaces=ns)} does not carry the whole report as HTML")
    schema = json.load(open(os.path.join(HERE, "jsonfeed-1.1.schema.json")))
    feed = json.load(open(os.path.join(directory, "feed.json")))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    problems += [f"{name}/feed.json: {'/'.join(map(str, e.path))}: {e.message[:120]}" for e in validator.iter_errors(feed)]
    if len(feed.get("items", [])) != len(entries):
        problems.append(f"{name}: feed.json has {len(feed.get('items', []))} items, feed.xml {len(entries)} entries")
    with_content = [item for item in feed.get("items", []) if "content_html" in item]
    if not feed.get("items") or "content_html" not in feed["items"][0] or any("<table" not in item["content_html"] for item in with_content) \
            or len(with_content) != len([e for e in entries if e.find("a:content", ns) is not None]):
        problems.append(f"{name}/feed.json: an item without the whole report as HTML")
    if not entries:
        problems.append(f"{name}: the feed has no entries to check")
    return problems


def chart_problems(directory, name):
    """Every chart keeps its SVG title and description, and names them as its label."""
    problems = []
    charts = sorted(glob.glob(os.path.join(directory, "symbols", "*", "*.svg")))
    for path in charts:
        root = lxml.etree.parse(path).getroot()
        children = [child for child in root if isinstance(child.tag, str)]
        svg = "{http://www.w3.org/2000/svg}"
        if (root.get("role") != "img" or len(children) < 2 or children[0].tag != svg + "title" or children[1].tag != svg + "desc"
                or not (children[0].text or "").strip() or not (children[1].text or "").strip()
                or root.get("aria-labelledby") != "title desc"):
            problems.append(f"{name}/{os.path.relpath(path, directory)}: no title and description first, labelling the image")
    if not charts:
        problems.append(f"{name}: no charts or sparklines to check")
    return problems


def pages_of(directory, public):
    first = lambda pattern: sorted(glob.glob(os.path.join(directory, pattern)))
    pages = ["index.html", "reports/index.html", "track-record/index.html", "pricing/index.html", "methodology/index.html"]
    for pattern in ("watchlists/*/index.html", "symbols/*/index.html", "pages/*/index.html"):
        found = first(pattern)
        if found:
            pages.append(os.path.relpath(found[0], directory))
    reports = first("reports/2*/index.html")
    if reports:
        pages.append(os.path.relpath(reports[-1], directory))
    pages = [p for p in pages if os.path.exists(os.path.join(directory, p))]
    if public:
        pages.append("no/such/page/at/depth")  # served the 404 page, as a CDN serves it
    return pages


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, shots = sys.argv[1], sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    unpacked = tempfile.mkdtemp(prefix="signalpress-reader-")
    sites = [("public", site, True)]
    archives = sorted(glob.glob(os.path.join(site, "bundles", "pro", "*", "*.zip")))
    if archives:
        target = os.path.join(unpacked, "pro")
        with zipfile.ZipFile(archives[-1]) as z:
            z.extractall(target)
        shutil.copy(os.path.join(site, "_headers"), os.path.join(target, "_headers"))
        sites.append(("pro", target, False))
    else:
        print("reader-check: no pro bundle in the site; the charts and screener are checked on the public site only", file=sys.stderr)

    failures, loads = [], 0
    for name, directory, _ in sites:
        failures += feed_problems(directory, name) + chart_problems(directory, name)
    browser = driver(unpacked)
    axe = Axe()
    try:
        for name, directory, public in sites:
            server = serve(directory)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            if public:
                # A page that breaks two rules on purpose: if axe does not report them, the check is broken.
                browser.get(base + AXE_CANARY)
                found = {v["id"] for v in axe.run(browser)["violations"]}
                browser.get_log("browser")  # the canary's own console lines are not a page's
                if not {"image-alt", "button-name"} <= found:
                    failures.append(f"the axe canary's violations were not reported (found {sorted(found)}): the check cannot see them")
            for page in pages_of(directory, public):
                for width in WIDTHS:
                    for scheme in SCHEMES:
                        emulate(browser, width, scheme)
                        browser.get(base + page)
                        loads += 1
                        slug = page.replace("/index.html", "").replace(".html", "").replace("/", "_")
                        # Checked first: that scrolls the lazy images in, so the screenshot has them.
                        failures += [f"{name}/{page} at {width} px, {scheme}: {p}" for p in page_problems(browser, axe, page, width, scheme, directory)]
                        screenshot(browser, os.path.join(shots, f"{name}-{slug}-{width}-{scheme}.png"))
            if name == "pro" or len(sites) == 1:
                failures += [f"{name} screener: {p}" for p in screener_problems(browser, base)]
            server.shutdown()
    finally:
        browser.quit()
        shutil.rmtree(unpacked, ignore_errors=True)

    for failure in failures:
        print("reader-check: " + failure, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"reader-check: {loads} page loads ({len(WIDTHS)} widths x {len(SCHEMES)} colour schemes) pass axe-core with no serious or "
          f"critical violation; the screener sorts, filters and groups; feed.xml is valid Atom and feed.json valid JSON Feed 1.1 "
          f"with whole reports; screenshots in {shots}")


if __name__ == "__main__":
    main()
