"""How long a saved edit takes to reach the preview: `signalpress serve` on a bench project,
a page edit and a data edit, timed from the write until the status endpoint reports the new
build (an open tab polls every 250 ms, so a browser shows it up to 0.25 s later).

    python3 .ci/bench_preview.py BINARY PROJECT [--tier TIER] [--edits N]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request


def status(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/__signalpress/status" % port, timeout=5) as response:
        return json.load(response)


def wait_for(port, generation, limit=60):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            state = status(port)
            if state["generation"] >= generation:
                return state
        except OSError:
            pass
        time.sleep(0.01)
    sys.exit("bench_preview: no build %d within %d s" % (generation, limit))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("project")
    parser.add_argument("--tier")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    page = os.path.join(args.project, "content", "pages", "bench-preview.md")
    data_dir = os.path.join(args.project, "content", "data")
    data = os.path.join(data_dir, sorted(os.listdir(data_dir))[0])
    original = open(data).read()
    with open(page, "w") as f:
        f.write("---\ntitle: Bench preview\n---\nFirst.\n")
    command = [args.binary, "serve", "--project", args.project, "--port", "0"] + (["--tier", args.tier] if args.tier else [])
    log = open(os.path.join(args.project, "..", "serve.log"), "w+")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        while port is None:
            time.sleep(0.05)
            log.seek(0)
            found = re.search(r"serving http://127\.0\.0\.1:(\d+)/", log.read())
            port = int(found.group(1)) if found else None
        generation = wait_for(port, 1)["generation"]
        results = {"page": [], "data": []}
        for n in range(args.edits):
            for kind in ("page", "data"):
                time.sleep(0.5)
                start = time.perf_counter()
                if kind == "page":
                    with open(page, "w") as f:
                        f.write("---\ntitle: Bench preview\n---\nEdit %d.\n" % n)
                else:
                    with open(data, "w") as f:
                        f.write(original + ("\n" if n % 2 == 0 else ""))
                generation = wait_for(port, generation + 1)["generation"]
                results[kind].append(time.perf_counter() - start)
        label = args.tier or "public site"
        for kind, times in results.items():
            times.sort()
            print("%s, %s edit: median %.2f s, worst %.2f s over %d edits (save to new build; a tab shows it within 0.25 s more)"
                  % (label, kind, times[len(times) // 2], times[-1], len(times)))
    finally:
        server.terminate()
        server.wait()
        os.remove(page)
        with open(data, "w") as f:
            f.write(original)


if __name__ == "__main__":
    main()
