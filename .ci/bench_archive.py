#!/usr/bin/env python3
"""`make bench-archive`: does a night cost the same in year five as in week one?

Usage: bench_archive.py SIGNALPRESS WORKDIR [--symbols 100] [--short 10] [--long 250]

Two projects over the same synthetic universe (the bench's three tiers, `sample-data --seed 1`,
its list of sample files removed so the editions are not demo): one whose archive holds SHORT
editions, one whose archive holds LONG (both made by `backfill`, which is timed per night).
On each, in fresh processes: the next nightly build, a no-op rebuild, and a rebuild after a
page edit, with wall and CPU seconds and peak RSS; then the bytes that night added to site/
and the size of each tier's new bundle. The last column is LONG against SHORT: the issue's
bar is 1.10 (within 10%). The nightly build runs `--repeats` times from the same state, the
fastest kept; each timed run waits out ext4's 30-second window first (see `a_night_later`).
The no-op is the median of five runs after an untimed one; the page edit the fastest of
three edits. The two archives take turns at every measurement (see `nights`). Last, for the
nightly build and the page edit, the sum of each stage's fastest run at either size and the
stages that grew most: the archive's own cost, apart from the machine's drift. And the
instructions of one more night at either size, counted by valgrind: the same on every run.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def trading_days(data):
    with open(data) as f:
        return [line.split(",")[0] for line in f.read().splitlines()[1:]]


def tree_bytes(folder):
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, files in os.walk(folder) for name in files)


def run(argv, log):
    bench.argv_log = log
    return bench.measured(argv)


def a_night_later():
    """Nights are a day apart. ext4 does not reuse an inode freed in the last 30 seconds, and
    searches past every such one when it makes a file: right after a backfill (or a copy of
    the project) that search is most of a build's system time, more so the bigger the archive,
    which a real night never sees. So a timed run waits that window out first."""
    os.sync()
    time.sleep(36)


def backfilled(binary, root, days, count, log):
    """The archive: `count` editions made by backfill, ending two trading days before the data's last."""
    end, start = days[-3], days[-3 - count + 1]
    _, wall, cpu, rss = run([binary, "backfill", "--project", root, "--from", start, "--to", end, "--jobs", "2", "--today", days[-1]], log)
    return wall / count, cpu / count, rss


def instructions(binary, roots, days, workdir):
    """The instructions (valgrind's callgrind) of the night after the timed one on each archive:
    a count that does not move with the machine, where seconds drift by 10-25% over minutes. The
    binary is copied without its debug information, which this valgrind cannot read. Under
    valgrind the executable a build fingerprints is valgrind's own, so each archive first has
    its last night built again under valgrind, uncounted (it is sealed: nothing changes but
    what the next build may reuse). The archives run side by side: a count does not mind."""
    if not shutil.which("valgrind") or not shutil.which("objcopy"):
        return None
    stripped = os.path.join(workdir, "signalpress-nodebug")
    subprocess.run(["objcopy", "--strip-debug", binary, stripped], check=True)

    def build(root, day, counted):
        out = os.path.join(workdir, "callgrind.%s.out" % os.path.basename(root))
        argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + (out if counted else "/dev/null")]
        argv += [] if counted else ["--instr-atstart=no"]
        argv += [stripped, "build", "--project", root, "--as-of", day, "--jobs", "2", "--today", days[-1]]
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), out

    counts = {root: {} for root in roots}
    # The last night again, uncounted (see above); the next night; that build again (a no-op); and
    # again after a page's text changed.
    for day, counted in ((days[-2], None), (days[-1], "nightly build"), (days[-1], "no-op"), (days[-1], "page edit")):
        if counted == "page edit":
            for root in roots:
                with open(os.path.join(root, "content", "pages", "about.md"), "a") as f:
                    f.write("\nEdited under valgrind.\n")
        runs = {root: build(root, day, counted) for root in roots}
        for root, (process, out) in runs.items():
            _, err = process.communicate()
            if process.returncode != 0:
                raise SystemExit("valgrind build of %s failed:\n%s" % (root, err[-2000:]))
            if counted:
                total = [line for line in err.splitlines() if "Collected :" in line]
                counts[root][counted] = int(total[-1].split(":")[-1].strip().replace(",", ""))
                os.remove(out)
    os.remove(stripped)
    return counts


def median(runs):
    return sorted(runs)[len(runs) // 2]


def nights(binary, roots, days, log_path, repeats):
    """The next night, a no-op and a page edit on every archive, taking turns: this machine's
    speed drifts by 10-25% over minutes, and measuring one archive after the other put that
    drift into the ratio (a run that timed the small archive first read 1.80 for the nightly
    build; built by hand right after, the two were within 3%)."""
    argv = {root: [binary, "build", "--project", root, "--as-of", days[-2], "--jobs", "2", "--log-format", "json", "--today", days[-1]] for root in roots}
    site = {root: os.path.join(root, "site") for root in roots}
    before = {root: tree_bytes(site[root]) for root in roots}
    timed = {root: {"nightly build": [], "no-op": [], "page edit": []} for root in roots}
    # Each stage's seconds in every timed nightly build and page edit: the fastest of each stage
    # says what the archive costs a stage apart from the machine's drift.
    staged = {root: {"nightly build": [], "page edit": []} for root in roots}

    def timed_run(root, name):
        log, wall, cpu, rss = run(argv[root], log_path)
        timed[root][name].append((wall, cpu, rss))
        if name in staged[root]:
            staged[root][name].append(bench.stages(log)[0])

    # The same night `repeats` times, each from the project as backfill left it (restored in
    # place: the output's path is part of what a build reuses); the fastest kept.
    for root in roots:
        subprocess.run(["cp", "-a", root, root + ".before-night"], check=True)
    for repeat in range(repeats):
        for root in roots:
            if repeat:
                subprocess.run(["rm", "-rf", root], check=True)
                subprocess.run(["cp", "-a", root + ".before-night", root], check=True)
            a_night_later()
            timed_run(root, "nightly build")
    for root in roots:
        shutil.rmtree(root + ".before-night")
    # A no-op is tens of milliseconds, most of it starting the process: one run varies by half
    # on this machine (the first after a pause pays for faulting the binary in). The median of
    # five, after one untimed run, says what the archive costs it.
    for root in roots:
        run(argv[root], log_path)
    for _ in range(5):
        for root in roots:
            timed_run(root, "no-op")
    # Three edits, each its own build (the page changes every time), the fastest kept.
    for edit in range(3):
        for root in roots:
            with open(os.path.join(root, "content", "pages", "about.md"), "a") as f:
                f.write("\nEdited %d.\n" % edit)
            a_night_later()
            timed_run(root, "page edit")
    results = {}
    for root in roots:
        bundles = {}
        for tier in ("free", "pro", "enterprise"):
            path = os.path.join(site[root], "bundles", tier, days[-2], "%s-%s.zip" % (tier, days[-2]))
            bundles[tier] = os.path.getsize(path) if os.path.exists(path) else 0
        measured = {"nightly build": min(timed[root]["nightly build"]), "no-op": median(timed[root]["no-op"]),
                    "page edit": min(timed[root]["page edit"])}
        fastest = {name: {stage: min(run[stage] for run in runs if stage in run) for stage in set().union(*runs)}
                   for name, runs in staged[root].items()}
        results[root] = (measured, tree_bytes(site[root]) - before[root], bundles, fastest)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("workdir")
    parser.add_argument("--symbols", type=int, default=100)
    parser.add_argument("--short", type=int, default=10)
    parser.add_argument("--long", type=int, default=250)
    parser.add_argument("--repeats", type=int, default=3, help="nightly builds per archive, the fastest kept")
    args = parser.parse_args()
    bench.trash = os.path.join(args.workdir, "trash")
    log = os.path.join(args.workdir, "archive-run.log")
    os.makedirs(args.workdir, exist_ok=True)
    roots, backfill = {}, {}
    for count in (args.short, args.long):
        root = os.path.join(args.workdir, "archive-%d" % count)
        bench.discard(root)
        bench.project(args.binary, root, args.symbols, max(600, args.long + 300))
        os.remove(os.path.join(root, "content", "data", "SAMPLE-DATA.txt"))
        pages = os.path.join(root, "content", "pages")
        os.makedirs(pages, exist_ok=True)
        with open(os.path.join(pages, "about.md"), "w") as f:
            f.write("---\ntitle: About\n---\nA bench project.\n")
        data = os.path.join(root, "content", "data")
        days = trading_days(os.path.join(data, sorted(os.listdir(data))[0]))
        roots[count] = root
        backfill[count] = backfilled(args.binary, root, days, count, log)
    results = nights(args.binary, [roots[args.short], roots[args.long]], days, log, args.repeats)
    measured = {}
    for count in (args.short, args.long):
        timings, added, bundles, fastest = results[roots[count]]
        measured[count] = (dict({"backfill per night": backfill[count]}, **timings), added, bundles, fastest)
    short, long = measured[args.short], measured[args.long]
    print("archive bench: %d symbols, three tiers; %d editions against %d (each in a fresh process, --jobs 2)" % (args.symbols, args.long, args.short))
    print("%-20s %10s %10s %10s %10s %8s" % ("", "wall s", "cpu s", "peak MiB", "wall s", "ratio"))
    print("%-20s %10s %10s %10s %10s %8s" % ("", "(%d)" % args.short, "", "", "(%d)" % args.long, ""))
    for name in short[0]:
        a, b = short[0][name], long[0][name]
        print("%-20s %10.3f %10.3f %10.0f %10.3f %8.2f" % (name, a[0], a[1], a[2], b[0], b[0] / a[0] if a[0] else 0))
    print("%-20s %10d %32d %8.2f" % ("site bytes a night", short[1], long[1], long[1] / short[1] if short[1] else 0))
    for tier in ("free", "pro", "enterprise"):
        a, b = short[2][tier], long[2][tier]
        print("%-20s %10d %32d %8.2f" % ("bundle " + tier, a, b, b / a if a else 0))
    # Stage by stage, the fastest of each: what the archive adds, apart from the machine's drift.
    for name in ("nightly build", "page edit"):
        a, b = short[3][name], long[3][name]
        grown = sorted(((b.get(stage, 0) - a.get(stage, 0), stage) for stage in set(a) | set(b)), reverse=True)
        print("%s, fastest stages: %.3f s (%d) against %.3f s (%d), %.2f; grew most: %s" % (
            name, sum(a.values()), args.short, sum(b.values()), args.long, sum(b.values()) / sum(a.values()),
            ", ".join("%s %+.3f s" % (stage, delta) for delta, stage in grown[:5])))
    nightly = long[0]["nightly build"][0]
    print("backfill: %.3f s a night against a nightly build's %.3f s (%.2fx)" % (long[0]["backfill per night"][0], nightly,
                                                                              long[0]["backfill per night"][0] / nightly))
    counts = instructions(args.binary, [roots[args.short], roots[args.long]], days, args.workdir)
    if counts is None:
        print("instructions: not measured (needs valgrind and objcopy: make bench-archive installs them)")
    else:
        for name in ("nightly build", "no-op", "page edit"):
            a, b = counts[roots[args.short]][name], counts[roots[args.long]][name]
            print("instructions (callgrind, they do not drift), %s: %d (%d) against %d (%d), %.3f" % (name, a, args.short, b, args.long, b / a))
    shutil.rmtree(bench.trash, ignore_errors=True)


if __name__ == "__main__":
    main()
