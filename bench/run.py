"""Kamerzoek at scale: indexing throughput, index size, memory, search latency, and SQLite FTS5
over the same letters, side by side.

    nice python -m bench.run --letters 10000            # everything, JSON to var/bench/
    nice python -m bench.run --letters 10000 --profile  # pyinstrument profiles to bench/profiles/

Each measurement runs in a fresh child process, so peak RSS and start-up are that of one job:

1. indexing: ``add_letter`` of every generated letter into a new whoosh index, one
   writer and one commit, with ``procs=1``, ``procs=2`` (whoosh's multiprocessing writer,
   segments merged at commit) and ``procs=2, multisegment=True``;
2. index size on disk vs the raw text (passages, headings, footnotes and subject, UTF-8);
3. search: a new process opens the index and runs the first query (first-query latency,
   counted from the moment the parent spawned the process), then the fixed query mix through
   ``SearchService.search`` (facets and highlighted passages included, as the web page
   uses it): one warm-up round, then ``--reps`` measured rounds;
4. the same mix against SQLite FTS5 (unicode61, diacritics removed) over the same letters:
   top 10 by bm25, total count, four facets by GROUP BY with the same disjunctive rule,
   up to three passages per hit with snippet(), date range and ministry filter as WHERE.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import ensure_corpus, load_letters  # noqa: E402

# --- the query mix ----------------------------------------------------------------------------
# (class, Kamerzoek query, FTS5 query). Words were picked by document frequency in the
# generated corpus (seed 1): rare ~0.1 % of letters, common > 90 %.
QUERIES = [
    ("single", "mensenhandel", '"mensenhandel"'),
    ("single", "onderwijs", '"onderwijs"'),
    ("and2", "regering voorstel", '"regering" "voorstel"'),
    ("and2", "defensie begroting", '"defensie" "begroting"'),
    ("phrase", '"tweede kamer"', '"tweede kamer"'),
    ("phrase", '"openbaar ministerie"', '"openbaar ministerie"'),
    ("prefix", "begrot*", '"begrot"*'),
    ("prefix", "vluchteling*", '"vluchteling"*'),
    ("rare", "gietijzerschroot", '"gietijzerschroot"'),
    ("rare", "handelsbelemmeringen", '"handelsbelemmeringen"'),
    ("common", "kamer", '"kamer"'),
    ("common", "de", '"de"'),
]
DATE_FROM, DATE_TO = "2005-01-01", "2015-12-31"
MINISTRY = "Ministerie van Buitenlandse Zaken"  # the ministry with the most letters
VARIANTS = {
    "plain": {},
    "date": {"date_from": DATE_FROM, "date_to": DATE_TO},
    "facet": {"filters": {"ministry": [MINISTRY]}},
    "date+facet": {"date_from": DATE_FROM, "date_to": DATE_TO, "filters": {"ministry": [MINISTRY]}},
}
FIRST_QUERY = ("mensenhandel", {"filters": {"ministry": [MINISTRY]}})


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
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(me, 1), "largest_child_mb": round(kids, 1)}


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {}

    def pct(p: float) -> float:
        k = (len(values) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (k - lo)

    return {"n": len(values), "p50": round(pct(0.5), 1), "p95": round(pct(0.95), 1), "max": round(values[-1], 1)}


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def raw_text_bytes(letter) -> int:
    headings = {p.heading for p in letter.passages if p.heading}
    parts = [p.text for p in letter.passages] + [f.text for f in letter.footnotes] + list(headings) + [letter.subject or ""]
    return sum(len(t.encode("utf-8")) for t in parts)


# --- children ----------------------------------------------------------------------------------

def child_index(corpus: Path, index_dir: Path, procs: int, multisegment: bool, limitmb: int) -> dict:
    from indexer.layout import add_letter, open_or_create, open_writer

    if index_dir.exists():
        shutil.rmtree(index_dir)
    started = time.perf_counter()
    ix = open_or_create(index_dir, rebuild=True)
    kwargs = {"limitmb": limitmb}
    if procs > 1:
        kwargs.update(procs=procs, multisegment=multisegment)
    writer = open_writer(ix, **kwargs)
    letters = docs = 0
    for letter in load_letters(corpus):
        add_letter(writer, letter, letter.source.path)
        docs += 1
        letters += 1
    added = time.perf_counter()
    writer.commit()
    done = time.perf_counter()
    with ix.searcher() as s:
        segments = len(s.reader().leaf_readers())
    written_bytes, cpu = dir_size(index_dir), cpu_seconds()
    merge_s = 0.0
    if segments > 1:  # the searches run on one segment, as a finished index would be
        open_writer(ix).commit(optimize=True)
        merge_s = round(time.perf_counter() - done, 1)
    return {
        "procs": procs, "multisegment": multisegment, "limitmb": limitmb,
        "letters": letters, "documents": docs, "segments": segments,
        "add_s": round(added - started, 1), "commit_s": round(done - added, 1), "total_s": round(done - started, 1),
        "letters_per_s": round(letters / (done - started), 1),
        "index_bytes": written_bytes, "merge_s": merge_s, "merged_index_bytes": dir_size(index_dir),
        "rss": peak_rss_mb(), "cpu": cpu,
        "letters_per_cpu_s": round(letters / max(0.1, sum(cpu.values())), 1),
    }


def _request(q: str, variant: dict):
    from indexer.search import SearchRequest

    return SearchRequest(q=q, **json.loads(json.dumps(variant)))


def child_search(index_dir: Path, spawned_at: float, reps: int) -> dict:
    t0 = time.time()
    from indexer.search import SearchService

    imported = time.time()
    service = SearchService(str(index_dir))
    first = service.search(_request(FIRST_QUERY[0], FIRST_QUERY[1]))
    first_done = time.time()
    out = {
        "first_query": {
            "since_spawn_ms": round((first_done - spawned_at) * 1000, 1),
            "interpreter_start_ms": round((t0 - spawned_at) * 1000, 1),
            "imports_ms": round((imported - t0) * 1000, 1),
            "open_and_search_ms": round((first_done - imported) * 1000, 1),
            "total_hits": first.total,
        },
    }
    timings: dict[tuple[str, str, str], list[float]] = {}
    cpu_timings: dict[tuple[str, str, str], list[float]] = {}
    hits: dict[str, int] = {}
    for round_no in range(reps + 1):  # round 0 warms up and is not counted
        for cls, q, _ in QUERIES:
            for vname, variant in VARIANTS.items():
                started, cpu = time.perf_counter(), time.process_time()
                result = service.search(_request(q, variant))
                ms = (time.perf_counter() - started) * 1000
                if round_no:
                    timings.setdefault((cls, q, vname), []).append(ms)
                    cpu_timings.setdefault((cls, q, vname), []).append((time.process_time() - cpu) * 1000)
                hits[f"{q} | {vname}"] = result.total
    out.update(summarise(timings))
    out["cpu"] = summarise(cpu_timings)
    out["hits"] = hits
    out["rss"] = peak_rss_mb()
    return out


def summarise(timings: dict[tuple[str, str, str], list[float]]) -> dict:
    by_class: dict[str, list[float]] = {}
    by_variant: dict[str, list[float]] = {}
    by_query: dict[str, list[float]] = {}
    for (cls, q, vname), ms in timings.items():
        by_class.setdefault(cls, []).extend(ms)
        by_variant.setdefault(vname, []).extend(ms)
        by_query.setdefault(f"{q} | {vname}", []).extend(ms)
    every = [m for ms in timings.values() for m in ms]
    return {
        "overall": percentiles(every),
        "by_class": {k: percentiles(v) for k, v in by_class.items()},
        "by_variant": {k: percentiles(v) for k, v in by_variant.items()},
        "by_query": {k: percentiles(v) for k, v in by_query.items()},
    }


# --- SQLite FTS5 ---------------------------------------------------------------------------------

FTS_FACETS = {"directorate": "directorate", "ministry": "ministry", "year": "year", "type": "doc_type"}


def child_fts_build(corpus: Path, db: Path) -> dict:
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.executescript(
        """
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE letters (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, kenmerk TEXT, date TEXT,
            directorate TEXT, ministry TEXT, year TEXT, doc_type TEXT, subject TEXT);
        CREATE VIRTUAL TABLE letters_fts USING fts5(subject, body, tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE passages_fts USING fts5(heading, body, letter UNINDEXED, anchor UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2');
        """
    )
    n = 0
    for rowid, letter in enumerate(load_letters(corpus), start=1):
        body = "\n".join(p.text for p in letter.passages) + "\n" + "\n".join(f.text for f in letter.footnotes)
        con.execute(
            "INSERT INTO letters VALUES (?,?,?,?,?,?,?,?,?)",
            (rowid, letter.id, letter.kenmerk, letter.date.isoformat() if letter.date else None, letter.directorate,
             letter.ministry, str(letter.date.year) if letter.date else None, letter.doc_type, letter.subject),
        )
        con.execute("INSERT INTO letters_fts (rowid, subject, body) VALUES (?,?,?)", (rowid, letter.subject, body))
        con.executemany(
            "INSERT INTO passages_fts (heading, body, letter, anchor) VALUES (?,?,?,?)",
            [(p.heading, p.text, rowid, p.anchor) for p in letter.passages],
        )
        n += 1
    con.executescript("CREATE INDEX letters_date ON letters(date); CREATE INDEX letters_ministry ON letters(ministry);")
    con.commit()
    con.execute("INSERT INTO letters_fts(letters_fts) VALUES ('optimize')")
    con.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    con.commit()
    con.close()
    took = time.perf_counter() - started
    return {"letters": n, "total_s": round(took, 1), "letters_per_s": round(n / took, 1), "db_bytes": db.stat().st_size,
            "rss": peak_rss_mb()}


def fts_search(con: sqlite3.Connection, match: str, variant: dict) -> dict:
    """The FTS5 twin of SearchService.search: top 10, total, facets, three snippets per hit."""
    where, args = [], []
    if variant.get("date_from"):
        where.append("l.date >= ?")
        args.append(variant["date_from"])
    if variant.get("date_to"):
        where.append("l.date <= ?")
        args.append(variant["date_to"])
    facet_where: dict[str, tuple[str, list]] = {}
    for name, values in variant.get("filters", {}).items():
        facet_where[name] = (f"l.{FTS_FACETS[name]} IN ({','.join('?' * len(values))})", list(values))
    base = "FROM letters_fts JOIN letters l ON l.rowid = letters_fts.rowid WHERE letters_fts MATCH ?"

    def clause(skip: str | None = None) -> tuple[str, list]:
        parts, params = list(where), list(args)
        for name, (sql, vals) in facet_where.items():
            if name != skip:
                parts.append(sql)
                params.extend(vals)
        return "".join(f" AND {p}" for p in parts), params

    extra, params = clause()
    top = con.execute(
        f"SELECT l.rowid, l.id, l.kenmerk, l.date, l.directorate, l.ministry, l.subject, bm25(letters_fts, 3.0, 1.0) AS score "
        f"{base}{extra} ORDER BY score LIMIT 10", [match, *params]).fetchall()
    total = con.execute(f"SELECT count(*) {base}{extra}", [match, *params]).fetchone()[0]
    facets = {}
    for name, col in FTS_FACETS.items():
        extra_f, params_f = clause(skip=name)
        facets[name] = con.execute(
            f"SELECT l.{col}, count(*) AS n {base}{extra_f} GROUP BY l.{col} ORDER BY n DESC LIMIT 50",
            [match, *params_f]).fetchall()
    passages: dict[int, list] = {}
    if top:
        ids = [row[0] for row in top]
        rows = con.execute(
            f"SELECT letter, anchor, snippet(passages_fts, 1, '<mark>', '</mark>', '…', 40) FROM passages_fts "
            f"WHERE passages_fts MATCH ? AND letter IN ({','.join('?' * len(ids))}) ORDER BY rank",
            [match, *ids]).fetchall()
        for letter, anchor, snip in rows:
            if len(passages.setdefault(letter, [])) < 3:
                passages[letter].append((anchor, snip))
    return {"total": total, "hits": top, "facets": facets, "passages": passages}


def child_fts_search(db: Path, spawned_at: float, reps: int) -> dict:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    first = fts_search(con, '"mensenhandel"', FIRST_QUERY[1])
    out = {"first_query": {"since_spawn_ms": round((time.time() - spawned_at) * 1000, 1), "total_hits": first["total"]}}
    timings: dict[tuple[str, str, str], list[float]] = {}
    cpu_timings: dict[tuple[str, str, str], list[float]] = {}
    hits = {}
    for round_no in range(reps + 1):
        for cls, q, match in QUERIES:
            for vname, variant in VARIANTS.items():
                started, cpu = time.perf_counter(), time.process_time()
                result = fts_search(con, match, variant)
                ms = (time.perf_counter() - started) * 1000
                if round_no:
                    timings.setdefault((cls, q, vname), []).append(ms)
                    cpu_timings.setdefault((cls, q, vname), []).append((time.process_time() - cpu) * 1000)
                hits[f"{q} | {vname}"] = result["total"]
    out.update(summarise(timings))
    out["cpu"] = summarise(cpu_timings)
    out["hits"] = hits
    out["rss"] = peak_rss_mb()
    return out


# --- orchestration ---------------------------------------------------------------------------------

def spawn(*args: str) -> dict:
    cmd = [sys.executable, "-m", "bench.run", "--child", json.dumps([*args, time.time()])]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {args[0]} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(spec: str) -> None:
    *args, spawned_at = json.loads(spec)
    kind = args[0]
    if kind == "index":
        result = child_index(Path(args[1]), Path(args[2]), int(args[3]), args[4] == "1", int(args[5]))
    elif kind == "search":
        result = child_search(Path(args[1]), spawned_at, int(args[2]))
    elif kind == "fts-build":
        result = child_fts_build(Path(args[1]), Path(args[2]))
    elif kind == "fts-search":
        result = child_fts_search(Path(args[1]), spawned_at, int(args[2]))
    else:
        raise SystemExit(f"unknown child {kind}")
    result["loadavg_after"] = loadavg()
    print(json.dumps(result))


def machine() -> dict:
    import whoosh

    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "whoosh": whoosh.versionstring(), "sqlite": sqlite3.sqlite_version}
    try:
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        info["mem_total_mb"] = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))) // 1024
    except (OSError, StopIteration):
        pass
    return info


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Kamerzoek scale benchmark")
    ap.add_argument("--letters", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5, help="measured rounds of the query mix")
    ap.add_argument("--limitmb", type=int, default=128, help="whoosh writer memory per process")
    ap.add_argument("--index-modes", default="1,2,2m", help="procs=1, procs=2, procs=2 multisegment ('2m')")
    ap.add_argument("--profile", action="store_true", help="profile indexing and searching with pyinstrument")
    ap.add_argument("--search-only", action="store_true",
                    help="rerun only the searches, on the indexes and FTS5 database of the last run (its indexing figures are kept)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return run_child(args.child)
    if args.profile:
        from bench.profile import main as profile_main

        return profile_main(args.letters, args.seed)

    work = ROOT / "var" / "bench"
    corpus = ensure_corpus(args.letters, args.seed)
    raw = sum(raw_text_bytes(letter) for letter in load_letters(corpus))
    report = {"letters": args.letters, "seed": args.seed, "reps": args.reps, "machine": machine(),
              "raw_text_bytes": raw, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
              "loadavg_start": loadavg()}
    print(f"corpus {corpus.name}: {raw / 1e6:.1f} MB raw text", file=sys.stderr)

    search_index = None
    report["indexing"] = []
    out = work / f"results-{args.letters}.json"
    previous = json.loads(out.read_text()) if args.search_only and out.exists() else None
    for mode in [] if previous else args.index_modes.split(","):
        procs, multi = int(mode.rstrip("m")), mode.endswith("m")
        index_dir = work / f"index-{args.letters}-p{mode}"
        result = spawn("index", str(corpus), str(index_dir), str(procs), "1" if multi else "0", str(args.limitmb))
        result["index_to_raw"] = round(result["index_bytes"] / raw, 2)
        result["merged_to_raw"] = round(result["merged_index_bytes"] / raw, 2)
        report["indexing"].append(result)
        print(f"index procs={mode}: {result['letters_per_s']} letters/s, {result['index_to_raw']}x raw "
              f"({result['merged_to_raw']}x in one segment), "
              f"rss {result['rss']}", file=sys.stderr)
        if search_index is None and not multi:
            search_index = index_dir
    if previous:  # searches only: the indexes and the FTS5 database of the last run
        report["indexing"], report["fts5_build"] = previous["indexing"], previous["fts5_build"]
        report["indexing_started"] = previous["started"]
        search_index = work / previous["search"]["index"]
    search_index = search_index or index_dir

    report["search"] = spawn("search", str(search_index), str(args.reps))
    report["search"]["index"] = search_index.name
    print(f"kamerzoek: first {report['search']['first_query']['since_spawn_ms']} ms, overall {report['search']['overall']}",
          file=sys.stderr)

    db = work / f"fts5-{args.letters}.sqlite"
    if not previous:
        report["fts5_build"] = spawn("fts-build", str(corpus), str(db))
        report["fts5_build"]["db_to_raw"] = round(report["fts5_build"]["db_bytes"] / raw, 2)
    report["fts5_search"] = spawn("fts-search", str(db), str(args.reps))
    print(f"fts5: overall {report['fts5_search']['overall']}", file=sys.stderr)

    report["loadavg_end"] = loadavg()
    ratios = {}
    for group in ("overall",):
        ratios[group] = _ratio(report["search"][group], report["fts5_search"][group])
    for key in ("by_class", "by_variant"):
        ratios[key] = {k: _ratio(v, report["fts5_search"][key][k]) for k, v in report["search"][key].items()}
    report["ratio_kamerzoek_over_fts5"] = ratios
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"written {out.relative_to(ROOT)}", file=sys.stderr)
    print(render_markdown(report))


def _ratio(ours: dict, theirs: dict) -> dict:
    return {p: round(ours[p] / theirs[p], 1) if theirs.get(p) else None for p in ("p50", "p95")}


def _merged(x: dict) -> str:
    if not x.get("merge_s"):
        return ""
    return f"{x['merge_s']} s, {x['merged_index_bytes'] / 1e6:.1f} MB, {x['merged_to_raw']}"


def render_markdown(r: dict) -> str:
    lines = [f"### {r['letters']} letters (seed {r['seed']}, {r['reps']} measured rounds, {r['started']} UTC)", ""]
    if r.get("indexing_started"):
        lines += [f"Searches only (--search-only); indexing and the FTS5 build from the run of {r['indexing_started']} UTC.", ""]
    m = r["machine"]
    lines.append(f"Machine: {m['nproc']} cores ({m.get('cpu', '?')}), {m.get('mem_total_mb', '?')} MB RAM, "
                 f"Python {m['python']}, whoosh {m['whoosh']}, SQLite {m['sqlite']}. Raw text {r['raw_text_bytes'] / 1e6:.1f} MB.")
    lines.append(f"Load average at start {r.get('loadavg_start')} (the machine is shared: CPU-time figures are less disturbed by "
                 "other work than wall-clock ones).")
    lines += ["", "| indexing | letters/s (wall) | letters per CPU-s | total s | commit s | CPU s (parent + children) | segments | index MB | index / raw | merged into one segment: s, MB, / raw | peak RSS MB (parent / largest child) | load after |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for x in r["indexing"]:
        mode = f"procs={x['procs']}" + (", multisegment" if x["multisegment"] else "")
        lines.append(f"| {mode} | {x['letters_per_s']} | {x['letters_per_cpu_s']} | {x['total_s']} | {x['commit_s']} | "
                     f"{x['cpu']['self_s']} + {x['cpu']['children_s']} | {x['segments']} | "
                     f"{x['index_bytes'] / 1e6:.1f} | {x['index_to_raw']} | {_merged(x)} | {x['rss']['self_mb']} / {x['rss']['largest_child_mb']} | {x.get('loadavg_after')} |")
    f = r["fts5_build"]
    lines.append(f"| SQLite FTS5 | {f['letters_per_s']} | | {f['total_s']} | | | | {f['db_bytes'] / 1e6:.1f} | {f['db_to_raw']} | | {f['rss']['self_mb']} | |")
    s, t = r["search"], r["fts5_search"]
    fq = s["first_query"]
    lines += ["", f"First query after start-up: Kamerzoek {fq['since_spawn_ms']} ms from spawn (interpreter {fq['interpreter_start_ms']}, "
              f"imports {fq['imports_ms']}, open index + search {fq['open_and_search_ms']}); FTS5 {t['first_query']['since_spawn_ms']} ms. "
              f"Peak RSS of the searching process: Kamerzoek {s['rss']['self_mb']} MB, FTS5 {t['rss']['self_mb']} MB.", ""]
    lines += ["| latency ms | Kamerzoek p50 | p95 | max | FTS5 p50 | p95 | max | ratio p50 | ratio p95 |", "|---|---|---|---|---|---|---|---|---|"]
    rows = [("**overall**", s["overall"], t["overall"])]
    rows += [(f"class {k}", v, t["by_class"][k]) for k, v in s["by_class"].items()]
    rows += [(f"variant {k}", v, t["by_variant"][k]) for k, v in s["by_variant"].items()]
    for name, a, b in rows:
        lines.append(f"| {name} | {a['p50']} | {a['p95']} | {a['max']} | {b['p50']} | {b['p95']} | {b['max']} | "
                     f"{round(a['p50'] / b['p50'], 1)} | {round(a['p95'] / b['p95'], 1)} |")
    sc, tc = s["cpu"], t["cpu"]
    lines += ["", "Same, CPU time of the searching process per search (ms), which other work on the machine disturbs less:", "",
              "| CPU ms | Kamerzoek p50 | p95 | max | FTS5 p50 | p95 | max | ratio p50 | ratio p95 |", "|---|---|---|---|---|---|---|---|---|"]
    rows = [("**overall**", sc["overall"], tc["overall"])]
    rows += [(f"class {k}", v, tc["by_class"][k]) for k, v in sc["by_class"].items()]
    rows += [(f"variant {k}", v, tc["by_variant"][k]) for k, v in sc["by_variant"].items()]
    for name, a, b in rows:
        lines.append(f"| {name} | {a['p50']} | {a['p95']} | {a['max']} | {b['p50']} | {b['p95']} | {b['max']} | "
                     f"{round(a['p50'] / max(b['p50'], 0.1), 1)} | {round(a['p95'] / max(b['p95'], 0.1), 1)} |")
    lines += ["", "Slowest Kamerzoek queries (wall p95 ms): " + ", ".join(
        f"`{k}` {v['p95']}" for k, v in sorted(s["by_query"].items(), key=lambda kv: -kv[1]["p95"])[:6])]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
