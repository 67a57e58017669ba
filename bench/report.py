"""The Markdown tables of one ``bench.run`` report (the JSON it writes to var/bench/)."""
from __future__ import annotations

from bench.mix import CLASSES, VARIANTS

SYSTEMS = ("kamerzoek", "tantivy", "fts5")
NAMES = {"kamerzoek": "Kamerzoek", "tantivy": "tantivy", "fts5": "FTS5"}


def _pp(stats: dict) -> str:
    return f"{stats['p50']:.1f} / {stats['p95']:.1f}" if stats else "–"


def _ratio(a: dict, b: dict, p: str) -> str:
    return f"{a[p] / b[p]:.1f}x" if a and b and b.get(p) else "–"


def render(r: dict) -> str:
    lines = [f"### {r['letters']:,} letters (seed {r['seed']}, {r['reps']} warm rounds, {r['started']} UTC)", ""]
    m = r["machine"]
    lines.append(f"{m['nproc']} cores ({m.get('cpu', '?')}), Python {m['python']}, whoosh {m['whoosh']}, "
                 f"tantivy-py {m.get('tantivy', '?')}, SQLite {m['sqlite']}. Raw text {r['raw_text_bytes'] / 1e6:.1f} MB. "
                 f"Load average at start {r.get('loadavg_start')}, at end {r.get('loadavg_end')} (shared machine: "
                 "compare the systems within this run; CPU time is less disturbed than wall time).")
    lines += ["", *build_table(r), "", *latency_tables(r), "", *cold_table(r), "", *agreement_table(r)]
    if r.get("ingest"):
        from bench.ingest import render as render_ingest

        lines += ["", render_ingest(r["ingest"])]
    return "\n".join(lines)


def build_table(r: dict) -> list[str]:
    lines = ["| build | letters/s (wall) | s | CPU s | letters per CPU-s | index MB | index / raw | peak RSS MB (process / largest child) |",
             "|---|---|---|---|---|---|---|---|"]
    for system in SYSTEMS:
        b = r["build"][system]
        extra = f" (+ merge {b['merge_s']} s)" if b.get("merge_s") else ""
        size = b.get("merged_bytes", b["bytes"])
        if b.get("cpu"):
            cpu_s = b["cpu"]["self_s"] + b["cpu"]["children_s"]
            cpu = f"{cpu_s:.0f} | {b['letters'] / cpu_s:.1f}"
        else:
            cpu = "– | –"  # not recorded (see the note beside the table)
        rss = f"{b['rss']['self_mb']} / {b['rss']['largest_child_mb']}" if b.get("rss") else "–"
        lines.append(f"| {NAMES[system]} | {b['letters_per_s']} | {b['total_s']}{extra} | {cpu} | "
                     f"{size / 1e6:.1f} | {b['to_raw']} | {rss} |")
    cold = r["cold"]
    lines += ["", "First query after start-up (from spawn: interpreter + imports and open + search): " + ", ".join(
        f"{NAMES[s]} {cold[s]['first_query']['since_spawn_ms']:.0f} ms" for s in SYSTEMS)
        + ". Peak RSS of a process running the whole mix once: " + ", ".join(
        f"{NAMES[s]} {cold[s]['rss']['self_mb']:.0f} MB" for s in SYSTEMS) + "."]
    return lines


def latency_tables(r: dict) -> list[str]:
    s, fset, cpu = r["summary"]["warm"], r["summary"]["warm_fts5_set"], r["summary"]["warm_cpu"]
    kz, tv, fts = s["kamerzoek"], s["tantivy"], s["fts5"]
    lines = [
        "Warm rounds, ms per search (wall; every search run by the three in turn). Ratios are Kamerzoek / other;"
        " against FTS5 over the searches FTS5 can run (not the fuzzy ones, which it lacks).", "",
        "| | Kamerzoek p50 / p95 | tantivy p50 / p95 | FTS5 p50 / p95 | Kz/tantivy p50 | p95 | Kz/FTS5 p50 | p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def row(name, a, b, c, a_f):
        return (f"| {name} | {_pp(a)} | {_pp(b)} | {_pp(c)} | {_ratio(a, b, 'p50')} | {_ratio(a, b, 'p95')} | "
                f"{_ratio(a_f, c, 'p50')} | {_ratio(a_f, c, 'p95')} |")

    lines.append(row("**all searches**", kz["overall"], tv["overall"], fts["overall"], fset["kamerzoek"]["overall"]))
    lines.append(row("all, CPU time", cpu["kamerzoek"]["overall"], cpu["tantivy"]["overall"], cpu["fts5"]["overall"],
                     r["summary"]["warm_cpu_fts5_set"]["kamerzoek"]["overall"]))
    nf = r["summary"]["warm_fts5_set"]  # the searches FTS5 runs: all but the fuzzy words
    lines.append(row("all but fuzzy words", nf["kamerzoek"]["overall"], nf["tantivy"]["overall"], fts["overall"],
                     nf["kamerzoek"]["overall"]))
    for cls in CLASSES:
        lines.append(row(cls, kz["by_class"].get(cls), tv["by_class"].get(cls), fts["by_class"].get(cls),
                         kz["by_class"].get(cls)))
    for variant in VARIANTS:
        lines.append(row(f"variant {variant}", kz["by_variant"][variant], tv["by_variant"][variant],
                         fts["by_variant"][variant], fset["kamerzoek"]["by_variant"][variant]))
    slowest = sorted(kz["by_query"].items(), key=lambda kv: -kv[1]["p95"])[:6]
    lines += ["", "Slowest Kamerzoek searches (warm p95 ms): " + ", ".join(f"`{k}` {v['p95']:.0f}" for k, v in slowest)]
    return lines


def cold_table(r: dict) -> list[str]:
    c, w = r["summary"]["cold"], r["summary"]["warm"]
    lines = ["Cold round (each system in a fresh process, every search asked for the first time) beside the warm rounds,"
             " p50 / p95 ms:", "",
             "| | Kamerzoek cold | warm | tantivy cold | warm | FTS5 cold | warm |", "|---|---|---|---|---|---|---|"]
    rows = [("**all searches**", "overall", None)] + [(cls, "by_class", cls) for cls in CLASSES]
    for name, group, sub in rows:
        cells = []
        for system in SYSTEMS:
            for source in (c, w):
                stats = source[system][group] if sub is None else source[system][group].get(sub)
                cells.append(_pp(stats))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def agreement_table(r: dict) -> list[str]:
    rows = r["agreement"]
    same_tv = sum(1 for x in rows if x["kamerzoek_eq_tantivy"])
    ran_fts = [x for x in rows if x["fts5"] is not None]
    same_fts = sum(1 for x in ran_fts if x["kamerzoek_eq_fts5"])
    lines = [f"Totals: Kamerzoek = tantivy in {same_tv} of {len(rows)} searches, Kamerzoek = FTS5 in {same_fts} of "
             f"{len(ran_fts)} (FTS5 cannot run {len(rows) - len(ran_fts)}: fuzzy words). Unfiltered totals per query:", "",
             "| query | class | Kamerzoek | tantivy | FTS5 |", "|---|---|---|---|---|"]
    for x in rows:
        if x["search"].endswith("| plain"):
            fts = "–" if x["fts5"] is None else x["fts5"]
            lines.append(f"| `{x['search'][:-8]}` | {x['class']} | {x['kamerzoek']} | {x['tantivy']} | {fts} |")
    return lines
