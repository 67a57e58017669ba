"""Kamerzoek beside tantivy and SQLite FTS5: the same letters, the same work per search, one run.

    nice python -m bench.run --letters 10000                # everything; JSON to var/bench/, table to stdout
    nice python -m bench.run --letters 10000 --search-only  # the searches again, on the last run's indexes
    nice python -m bench.run --letters 150000 --estimate    # what a run at that size would take (no run)

Steps, each in a fresh child process (so peak memory and start-up are those of one job):

1. build: Kamerzoek's index (whoosh's multiprocessing writer on both cores, searched as the
   two segments it leaves), tantivy's (two writer threads) and FTS5's, from the same letters;
2. cold: per system, a new process answers the first query (timed from the moment it was
   spawned), then the whole query mix once: every query the first time it is asked;
3. warm: one process opens all three systems, runs the mix once untimed, then ``--reps``
   rounds in which every search is run by each system in turn (the order rotating), so a
   change in the shared machine's load falls on all three alike. Wall and CPU time.

The query mix and the work per search are in ``bench/mix.py``. Totals are compared per query
(``agreement`` in the JSON and the report). ``--ingest`` adds the end-to-end ingest benchmark
(``bench/ingest.py``).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import ensure_corpus, load_letters, stats_path  # noqa: E402
from bench.mix import CLASSES, FIRST_QUERY, FIRST_VARIANT, QUERIES, VARIANTS  # noqa: E402

SYSTEMS = ("kamerzoek", "tantivy", "fts5")
WORK = ROOT / "var" / "bench"


def paths(letters: int) -> dict[str, Path]:
    return {"kamerzoek": WORK / f"index-{letters}", "tantivy": WORK / f"tantivy-{letters}",
            "fts5": WORK / f"fts5-{letters}.sqlite"}


# --- measuring helpers --------------------------------------------------------------------------

def cpu_seconds() -> dict:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"self_s": round(me.ru_utime + me.ru_stime, 1), "children_s": round(kids.ru_utime + kids.ru_stime, 1)}


def loadavg() -> list[float]:
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return []


def peak_rss_mb() -> dict:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(_own_peak_rss_mb(), 1), "largest_child_mb": round(kids, 1)}


def _own_peak_rss_mb() -> float:
    """This process's peak resident memory since it started. Linux keeps ru_maxrss across
    execve, so a child of a run that holds the corpus in memory reported the parent's peak
    (every system 529 MB in a full 150k run); the kernel's VmHWM starts again with the program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {}

    def pct(p: float) -> float:
        k = (len(values) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (k - lo)

    return {"n": len(values), "p50": round(pct(0.5), 2), "p95": round(pct(0.95), 2), "max": round(values[-1], 2)}


def raw_text_bytes(letter) -> int:
    headings = {p.heading for p in letter.passages if p.heading}
    parts = [p.text for p in letter.passages] + [f.text for f in letter.footnotes] + list(headings) + [letter.subject or ""]
    return sum(len(t.encode("utf-8")) for t in parts)


# --- the engines --------------------------------------------------------------------------------

def open_engine(system: str, path: Path):
    if system == "kamerzoek":
        from bench.kamerzoek_engine import Kamerzoek

        return Kamerzoek(path)
    if system == "tantivy":
        from bench.tantivy_engine import Tantivy

        return Tantivy(path)
    from bench.fts5 import FTS5

    return FTS5(path)


def build_engine(system: str, corpus: Path, path: Path) -> dict:
    letters = load_letters(corpus)
    if system == "kamerzoek":
        from bench.kamerzoek_engine import build
    elif system == "tantivy":
        from bench.tantivy_engine import build
    else:
        from bench.fts5 import build
    return build(letters, path)


def searches():
    """Every (query, variant name, variant) of one round of the mix."""
    for query in QUERIES:
        for vname, variant in VARIANTS.items():
            yield query, vname, variant


def key(query, vname: str) -> str:
    return f"{query.name} | {vname}"


# --- children -----------------------------------------------------------------------------------

def child_build(system: str, corpus: Path, path: Path) -> dict:
    result = build_engine(system, corpus, path)
    return {**result, "rss": peak_rss_mb(), "cpu": cpu_seconds()}


def child_cold(system: str, path: Path, spawned_at: float) -> dict:
    """First query after start-up, then the whole mix once, each query asked for the first time."""
    t0 = time.time()
    engine = open_engine(system, path)
    opened = time.time()
    engine.search(FIRST_QUERY, VARIANTS[FIRST_VARIANT])
    first_done = time.time()
    timings = {}
    for query, vname, variant in searches():
        started = time.perf_counter()
        page = engine.search(query, variant)
        if page is not None:
            timings[key(query, vname)] = (time.perf_counter() - started) * 1000
    return {
        "first_query": {"since_spawn_ms": round((first_done - spawned_at) * 1000, 1),
                        "interpreter_start_ms": round((t0 - spawned_at) * 1000, 1),
                        "open_ms": round((opened - t0) * 1000, 1),
                        "search_ms": round((first_done - opened) * 1000, 1)},
        "timings": timings, "rss": peak_rss_mb(),
    }


def child_warm(letters: int, reps: int) -> dict:
    """All systems in one process, every search run by each in turn (order rotating)."""
    engines = {system: open_engine(system, path) for system, path in paths(letters).items()}
    wall = {s: {} for s in SYSTEMS}
    cpu = {s: {} for s in SYSTEMS}
    totals = {s: {} for s in SYSTEMS}
    turn = 0
    for round_no in range(reps + 1):  # round 0 warms up and is not counted
        for query, vname, variant in searches():
            turn += 1
            order = SYSTEMS[turn % 3:] + SYSTEMS[:turn % 3]
            for system in order:
                started, cpu_started = time.perf_counter(), time.process_time()
                page = engines[system].search(query, variant)
                ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
                if page is None:
                    continue
                totals[system][key(query, vname)] = page.total
                if round_no:
                    wall[system].setdefault(key(query, vname), []).append(ms)
                    cpu[system].setdefault(key(query, vname), []).append(cpu_ms)
    return {"wall": wall, "cpu": cpu, "totals": totals, "rss": peak_rss_mb()}


def run_child(spec: str) -> None:
    *args, spawned_at = json.loads(spec)
    kind = args[0]
    if kind == "build":
        result = child_build(args[1], Path(args[2]), Path(args[3]))
    elif kind == "cold":
        result = child_cold(args[1], Path(args[2]), spawned_at)
    elif kind == "warm":
        result = child_warm(int(args[1]), int(args[2]))
    else:
        raise SystemExit(f"unknown child {kind}")
    result["loadavg_after"] = loadavg()
    print(json.dumps(result))


def spawn(*args: str) -> dict:
    cmd = [sys.executable, "-m", "bench.run", "--child", json.dumps([*args, time.time()])]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: child {args[0]} {args[1] if len(args) > 1 else ''} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- summaries ---------------------------------------------------------------------------------

CLASS_OF = {key(q, v): q.cls for q, v, _ in searches()}
VARIANT_OF = {key(q, v): v for q, v, _ in searches()}


def summarise(timings: dict[str, list[float] | float], only: set[str] | None = None) -> dict:
    """p50/p95/max overall, per query class and per variant (over ``only`` keys if given)."""
    def values(keys):
        out = []
        for k in keys:
            v = timings[k]
            out.extend(v if isinstance(v, list) else [v])
        return out

    keys = [k for k in timings if only is None or k in only]
    return {
        "overall": percentiles(values(keys)),
        "by_class": {c: percentiles(values([k for k in keys if CLASS_OF[k] == c])) for c in CLASSES
                     if any(CLASS_OF[k] == c for k in keys)},
        "by_variant": {v: percentiles(values([k for k in keys if VARIANT_OF[k] == v])) for v in VARIANTS},
        "by_query": {k: percentiles(values([k])) for k in keys},
    }


def agreement(totals: dict[str, dict[str, int]]) -> list[dict]:
    """Per search, the three totals and which of them agree."""
    rows = []
    for k in totals["kamerzoek"]:
        kz, tv, fts = totals["kamerzoek"][k], totals["tantivy"].get(k), totals["fts5"].get(k)
        rows.append({"search": k, "class": CLASS_OF[k], "kamerzoek": kz, "tantivy": tv, "fts5": fts,
                     "kamerzoek_eq_tantivy": kz == tv, "kamerzoek_eq_fts5": kz == fts if fts is not None else None})
    return rows


def ratio(a: dict, b: dict) -> dict:
    return {p: round(a[p] / b[p], 2) if b.get(p) else None for p in ("p50", "p95")}


def estimate(report: dict, letters: int) -> dict:
    """What a run at ``letters`` would take, scaled in proportion from a run at fewer letters.

    Times and disk grow about linearly with the letters (searching grows more slowly, so its
    time is an upper bound). Memory while building is bounded by the writers' budgets (whoosh's
    ``limitmb`` per process, tantivy's heap), so it is given as measured; memory while
    searching is scaled linearly, as an upper bound."""
    scale = letters / report["letters"]
    build = report["build"]
    return {
        "letters": letters,
        "raw_text_mb": round(report["raw_text_bytes"] * scale / 1e6),
        "generate_s": round(report["generate_s"] * scale) if report.get("generate_s") else None,
        "build_wall_s": {s: round((b["total_s"] + b.get("merge_s", 0)) * scale) for s, b in build.items()},
        "build_cpu_s": {s: round((b["cpu"]["self_s"] + b["cpu"]["children_s"]) * scale) for s, b in build.items()},
        "search_wall_s": round(report["search_s"] * scale),
        "disk_mb": {**{s: round(b.get("merged_bytes", b["bytes"]) * scale / 1e6) for s, b in build.items()},
                    "corpus": round(report["corpus_bytes"] * scale / 1e6)},
        "peak_rss_build_mb_as_measured": {s: max(b["rss"]["self_mb"], b["rss"]["largest_child_mb"]) for s, b in build.items()},
        "peak_rss_search_mb_upper_bound": round(report["warm"]["rss"]["self_mb"] * scale),
    }


# --- orchestration ------------------------------------------------------------------------------

def machine() -> dict:
    import tantivy
    import whoosh

    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "whoosh": whoosh.versionstring(), "sqlite": sqlite3.sqlite_version,
            "tantivy": getattr(tantivy, "__version__", "?")}
    try:
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        info["mem_total_mb"] = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))) // 1024
    except (OSError, StopIteration):
        pass
    return info


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Kamerzoek beside tantivy and SQLite FTS5")
    ap.add_argument("--letters", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3, help="measured rounds of the query mix")
    ap.add_argument("--search-only", action="store_true", help="searches only, on the last run's indexes")
    ap.add_argument("--ingest", action="store_true", help="also the end-to-end ingest benchmark (bench/ingest.py)")
    ap.add_argument("--estimate", action="store_true",
                    help="print what a run at --letters would take, scaled from the last 10k run, and stop")
    ap.add_argument("--profile", action="store_true", help="profile Kamerzoek's searches (bench/profile.py)")
    ap.add_argument("--report", action="store_true", help="print the tables of the last run at --letters again")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return run_child(args.child)
    if args.estimate:  # from this machine's last 10k run, else the one committed with RESULTS.md
        last_run = next(p for p in (WORK / "results-10000.json", ROOT / "bench" / "results-10000.json") if p.exists())
        return print(json.dumps(estimate(json.loads(last_run.read_text()), args.letters), indent=1))
    if args.profile:
        from bench.profile import main as profile_main

        return profile_main(args.letters, args.seed)
    if args.report:
        from bench.report import render

        last = json.loads((WORK / f"results-{args.letters}.json").read_text())
        add_summaries(last)
        return print(render(last))

    out = WORK / f"results-{args.letters}.json"
    previous = json.loads(out.read_text()) if args.search_only and out.exists() else None
    corpus = ensure_corpus(args.letters, args.seed)
    generated = stats_path(corpus)
    generate_s = json.loads(generated.read_text())["seconds"] if generated.exists() else None
    raw = sum(raw_text_bytes(letter) for letter in load_letters(corpus))
    report = {"letters": args.letters, "seed": args.seed, "reps": args.reps, "machine": machine(),
              "raw_text_bytes": raw, "corpus_bytes": corpus.stat().st_size, "generate_s": generate_s,
              "started": time.strftime("%Y-%m-%d %H:%M:%S"), "loadavg_start": loadavg()}
    log(f"corpus {corpus.name}: {raw / 1e6:.1f} MB raw text")

    if previous:
        report["build"] = previous["build"]
    else:
        report["build"] = {}
        for system, path in paths(args.letters).items():
            result = spawn("build", system, str(corpus), str(path))
            result["to_raw"] = round(result.get("merged_bytes", result["bytes"]) / raw, 2)
            report["build"][system] = result
            log(f"build {system}: {result['letters_per_s']} letters/s, {result['to_raw']}x raw")
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False))  # kept if the searches fail

    search_started = time.perf_counter()
    report["cold"] = {system: spawn("cold", system, str(path)) for system, path in paths(args.letters).items()}
    report["warm"] = spawn("warm", str(args.letters), str(args.reps))
    report["search_s"] = round(time.perf_counter() - search_started, 1)
    report["loadavg_end"] = loadavg()
    add_summaries(report)
    if args.ingest:
        from bench.ingest import run as run_ingest

        report["ingest"] = run_ingest()
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    log(f"written {out.relative_to(ROOT)}")
    from bench.report import render

    print(render(report))


def add_summaries(report: dict) -> None:
    warm = report["warm"]
    ran_by_fts5 = set(warm["wall"]["fts5"])
    report["summary"] = {
        "warm": {s: summarise(warm["wall"][s]) for s in SYSTEMS},
        "warm_cpu": {s: summarise(warm["cpu"][s]) for s in SYSTEMS},
        "warm_cpu_fts5_set": {s: summarise(warm["cpu"][s], ran_by_fts5) for s in SYSTEMS},
        "cold": {s: summarise(report["cold"][s]["timings"]) for s in SYSTEMS},
        # Kamerzoek and tantivy over the searches FTS5 can run too, for the ratios against FTS5
        "warm_fts5_set": {s: summarise(warm["wall"][s], ran_by_fts5) for s in SYSTEMS},
    }
    report["agreement"] = agreement(warm["totals"])


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
