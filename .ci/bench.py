#!/usr/bin/env python3
"""`make bench`: whole builds of synthetic universes, measured from outside the process.

Usage: bench.py SIGNALPRESS WORKDIR [--sizes 100 500 2000 10000] [--days 2520] [--jobs-check 500]
       bench.py SIGNALPRESS WORKDIR --peer PYTHON --sizes 500      (make bench-peer)

Against the peer, two projects are built over the same data: one that writes what
py_pipeline.py writes (a dashboard, a page and a chart per symbol, a report: one tier, no
exports), the like-for-like ratio; and the three-tier project above, which also writes every
symbol's full-precision export (about 1 MB a symbol) and zips three bundles.

Old outputs are moved aside, not deleted, before a timed run and removed at the end: on an
ext4 without a journal, inodes freed in the last 30 s make every file the next run creates
slower to allocate, which would charge the deletion to whichever run came next.

For each size N it generates N fictional symbols x DAYS bars (`signalpress sample-data`,
seed 1), a project with watchlists of 50 symbols and three tiers (free: the first
watchlist, a day late; pro: all, charts and reports; enterprise: all, with exports), then
runs, each in a fresh process: a full build (no previous site, no cache), a no-op rebuild,
and a rebuild after one symbol's file changed. It prints one table: wall and CPU seconds,
peak RSS, HTML pages and bytes written, files rewritten, pages per second, and seconds per
stage as the build reports them (--log-format json).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

STAGES = ["load", "log", "data", "hook", "stream", "index", "leak_check", "bundles", "seal", "publish", "ledger"]


TIERS = {
    "three": "  - { id: free, price_cents: 0, delay_days: 1, watchlists: [%(first)s], features: [dashboard, reports] }\n"
             "  - { id: pro, price_cents: 2900, watchlists: all, features: [dashboard, charts, reports] }\n"
             "  - { id: enterprise, price_cents: 19900, watchlists: all, features: [dashboard, charts, reports, exports] }\n",
    "peer": "  - { id: pro, price_cents: 2900, watchlists: all, features: [dashboard, charts, reports] }\n",
}
trash = None


def discard(path):
    """Moves path into the bench's trash (emptied at the end) so no inode is freed mid-bench."""
    if os.path.lexists(path):
        os.makedirs(trash, exist_ok=True)
        os.rename(path, os.path.join(trash, "%d-%s" % (len(os.listdir(trash)), os.path.basename(path))))


def project(binary, root, size, days, tiers="three", data=None):
    if data is not None:
        # Hard links, not a symbolic link: a build follows symbolic links only inside the project.
        target = os.path.join(root, "content", "data")
        if os.path.islink(target):
            discard(target)
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(data):
            path = os.path.join(target, name)
            if os.path.exists(path) and os.path.samefile(path, os.path.join(data, name)):
                continue
            if os.path.lexists(path):
                os.unlink(path)
            os.link(os.path.join(data, name), path)
    data = os.path.join(root, "content", "data")
    if not os.path.isdir(data) or len(os.listdir(data)) != size:
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([binary, "sample-data", "--out", data, "--symbols", str(size), "--days", str(days), "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
    symbols = sorted(name[:-4] for name in os.listdir(data) if name.endswith(".csv"))
    lists = os.path.join(root, "content", "watchlists")
    shutil.rmtree(lists, ignore_errors=True)
    os.makedirs(lists)
    ids = []
    for start in range(0, len(symbols), 50):
        wid = "list-%02d" % (start // 50 + 1)
        ids.append(wid)
        with open(os.path.join(lists, wid + ".yml"), "w") as f:
            f.write("title: List %d\nsymbols: [%s]\n" % (start // 50 + 1, ", ".join(symbols[start:start + 50])))
    with open(os.path.join(root, "content", "site.yml"), "w") as f:
        f.write("title: Bench\nbase_url: https://bench.example.com\ntiers:\n" + TIERS[tiers] % {"first": ids[0]})
    return symbols


def snapshot(site):
    state = {}
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            info = os.stat(path)
            state[os.path.relpath(path, site)] = (info.st_ino, info.st_mtime_ns)
    return state


def written(site):
    pages, size = 0, 0
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            size += os.path.getsize(path)
            if name.endswith(".html"):
                pages += 1
            elif name.endswith(".zip"):
                with zipfile.ZipFile(path) as z:
                    pages += sum(1 for entry in z.namelist() if entry.endswith(".html"))
    return pages, size


def measured(argv):
    """Runs argv in a child and returns (stdout, wall, cpu, peak RSS MiB) from its own rusage.
    Earlier runs' files are flushed to disk first, so their writeback does not share the cores
    with this run."""
    os.sync()
    time.sleep(1)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        out = os.open(argv_log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(fd, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed (%s)" % (" ".join(argv), open(argv_log).read()[-2000:]))
    return open(argv_log).read(), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def stages(log):
    """Seconds per stage, and the stage that raised the peak RSS (the first whose end saw it)."""
    result, peak, peak_stage = {}, 0, ""
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("message") == "stage finished":
            result[entry["stage"]] = entry["duration"]
            if int(entry.get("peak_rss_kib", 0)) > peak:
                peak, peak_stage = int(entry["peak_rss_kib"]), entry["stage"]
    return result, peak_stage


def build(binary, root, jobs):
    site = os.path.join(root, "site")
    log, wall, cpu, rss = measured([binary, "build", "--project", root, "--jobs", str(jobs), "--log-format", "json"])
    seconds, peak_stage = stages(log)
    return {"wall": wall, "cpu": cpu, "rss": rss, "stages": seconds, "peak_stage": peak_stage, "site": site}


def row(label, result, pages, size, rewritten):
    per_second = pages / result["wall"] if result["wall"] > 0 else 0
    cells = [label, "%.2f" % result["wall"], "%.2f" % result["cpu"], "%.0f" % result["rss"], result["peak_stage"], str(pages), "%.1f" % (size / 1e6),
             str(rewritten), "%.0f" % per_second] + ["%.2f" % result["stages"].get(stage, 0) for stage in STAGES]
    print(" | ".join(cells), flush=True)


def main():
    global argv_log, trash
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("workdir")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000, 10000])
    parser.add_argument("--days", type=int, default=2520)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--jobs-check", type=int, default=500, help="size at which --jobs 1 is also measured")
    parser.add_argument("--repeat", type=int, default=3,
                        help="full builds at --jobs per size; the table shows the fastest, and the spread is printed after it")
    parser.add_argument("--peer", help="python with the reference requirements: run py_pipeline.py instead")
    parser.add_argument("--peer-repeat", type=int, default=3, help="runs of the peer; its median is compared with ours")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    os.makedirs(args.workdir, exist_ok=True)
    argv_log = os.path.join(args.workdir, "last-run.log")
    trash = os.path.join(args.workdir, "trash")
    shutil.rmtree(trash, ignore_errors=True)
    try:
        run(args, binary)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def median(runs):
    """The run of median wall time among (wall, cpu, rss) tuples."""
    return sorted(runs)[len(runs) // 2]


def spread(runs):
    walls = sorted(run[0] for run in runs)
    return "from %.2f to %.2f s" % (walls[0], walls[-1])


def fresh_build(binary, root, jobs, remove=False):
    """A full build: no previous site, no state, no cache. `remove`: the last build's output is
    deleted, not kept aside, and the build waits out ext4's 30 seconds for the freed inodes
    (see bench_archive.py's `a_night_later`): three whole markets do not fit on the disk."""
    for name in ("site", ".signalpress"):
        if remove:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        else:
            discard(os.path.join(root, name))
    if remove:
        os.sync()
        time.sleep(36)
    return build(binary, root, jobs)


def fastest(binary, root, jobs, repeat):
    """The fastest of `repeat` full builds, with every wall time kept: on a shared machine the
    fastest run is the one least disturbed by neighbours, and the spread says how much they did."""
    runs = [fresh_build(binary, root, jobs, remove=index > 0) for index in range(max(1, repeat))]
    best = min(runs, key=lambda result: result["wall"])
    best["walls"] = sorted(result["wall"] for result in runs)
    return best


def run(args, binary):

    if args.peer:
        peer = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reference", "py_pipeline.py")
        for size in args.sizes:
            root = os.path.join(args.workdir, "u%d" % size)
            project(binary, root, size, args.days)
            like = os.path.join(args.workdir, "p%d" % size)
            project(binary, like, size, args.days, tiers="peer", data=os.path.join(root, "content", "data"))
            out = os.path.join(args.workdir, "peer-%d" % size)
            runs = []
            for _ in range(max(1, args.peer_repeat)):
                discard(out)
                runs.append(measured([args.peer, os.path.abspath(peer), os.path.join(root, "content", "data"), out, "--jobs", "2"])[1:])
            wall, cpu, rss = median(runs)
            print("%d symbols: py_pipeline.py --jobs 2 %.1f s, the median of %d (%s; cpu %.1f s, peak %.0f MiB)"
                  % (size, wall, len(runs), spread(runs), cpu, rss), flush=True)
            for label, where in (("same outputs as the peer (one tier, no exports)", like),
                                 ("three tiers with exports (bench project)", root)):
                ours = [fresh_build(binary, where, 2) for _ in range(max(1, args.repeat))]
                walls = [(result["wall"], result["cpu"], result["rss"]) for result in ours]
                mine = median(walls)
                print("  signalpress --jobs 2, %s: %.2f s, the median of %d (%s; cpu %.1f s, peak %.0f MiB); %.1fx faster (%.1fx to %.1fx)"
                      % (label, mine[0], len(walls), spread(walls), mine[1], mine[2], wall / mine[0],
                         min(r[0] for r in runs) / max(w[0] for w in walls), max(r[0] for r in runs) / min(w[0] for w in walls)), flush=True)
        return

    print("machine: %d cores; %s" % (os.cpu_count(), subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()))
    print(" | ".join(["run", "wall s", "cpu s", "peak MiB", "peak in", "pages", "MB", "rewritten", "pages/s"] + STAGES))
    print(" | ".join(["---"] * (9 + len(STAGES))))
    walls = {}
    for size in args.sizes:
        root = os.path.join(args.workdir, "u%d" % size)
        symbols = project(binary, root, size, args.days)
        for jobs in ([1] if size == args.jobs_check else []) + [args.jobs]:
            # Every size the same number of times, the fastest kept: a ratio of the fastest of three
            # at 2,000 symbols to a single run at 10,000 put the machine's drift into the ratio.
            full = fastest(binary, root, jobs, args.repeat if jobs == args.jobs else 1)
            pages, size_bytes = written(full["site"])
            row("%d full --jobs %d" % (size, jobs), full, pages, size_bytes, len(snapshot(full["site"])))
            if jobs == args.jobs:
                walls[size] = full["walls"]
        before = snapshot(os.path.join(root, "site"))
        noop = build(binary, root, args.jobs)
        after = snapshot(os.path.join(root, "site"))
        row("%d no-op" % size, noop, 0, 0, sum(1 for k, v in after.items() if before.get(k) != v))
        # One symbol's last close moves by one cent.
        path = os.path.join(root, "content", "data", symbols[-1] + ".csv")
        lines = open(path).read().rstrip("\n").split("\n")
        fields = lines[-1].split(",")
        fields[4] = "%.2f" % (float(fields[4]) + (0.01 if float(fields[4]) + 0.01 <= float(fields[2]) else -0.01))
        lines[-1] = ",".join(fields)
        open(path, "w").write("\n".join(lines) + "\n")
        before = after
        one = build(binary, root, args.jobs)
        after = snapshot(os.path.join(root, "site"))
        changed = sum(1 for k, v in after.items() if before.get(k) != v)
        row("%d one symbol" % size, one, 0, 0, changed)
    print()
    for size, times in walls.items():
        print("full builds of %d symbols, --jobs %d, %d runs: %s s" % (size, args.jobs, len(times), ", ".join("%.2f" % t for t in times)))
    sizes = sorted(walls)
    for small, large in zip(sizes, sizes[1:]):
        print("%d/%d: %.2fx (fastest runs), %.2fx (medians)" % (large, small, walls[large][0] / walls[small][0],
              walls[large][len(walls[large]) // 2] / walls[small][len(walls[small]) // 2]))


if __name__ == "__main__":
    main()
