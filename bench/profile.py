"""Where Kamerzoek's search time goes: profiles of the query mix on the benchmark's index.

    nice python -m bench.run --letters 10000 --profile

Needs the index that ``python -m bench.run --letters N`` built (var/bench/index-N). Writes to
bench/profiles/:

- ``search-N.txt``: pyinstrument's call tree of a round of the query mix (after a warm-up
  round), and cProfile's top functions by own time over a round without the fuzzy words;
- ``search-components-N.txt``: per query class, the milliseconds spent in each step of
  ``SearchService.search`` (parsing the query, matching and ranking, facet counts, loading
  the page's letters, best passages with their highlighting), measured by wrapping those
  functions in this process (the indexer's code is not changed; a step whose function has
  moved is left out of the split and stays in "matching, ranking and the rest").
"""
from __future__ import annotations

import cProfile
import io
import pstats
import time
from pathlib import Path

from bench.ingest import without_root
from bench.kamerzoek_engine import Kamerzoek
from bench.mix import CLASSES, QUERIES, VARIANTS
from bench.run import ROOT, paths

OUT = ROOT / "bench" / "profiles"
STEPS = [  # (module, attribute, label)
    ("indexer.search", "parse_query", "parse query"),
    ("indexer.facets", "count", "facet counts"),
    ("indexer.search:SearchService", "_page", "page: stored letters, unpacked"),
    ("indexer.search:SearchService", "_best_passages", "best passages"),
    ("indexer.search", "snippet", "  highlighting (snippet)"),
    ("indexer.search", "_first_passages", "  first passage when none matches"),
    ("indexer.search", "query_terms", "query terms"),
    ("indexer.search:SearchService", "_suggest", "did you mean"),
]
OWN_STEPS = {"parse query", "facet counts", "page: stored letters, unpacked", "best passages", "query terms", "did you mean",
             "  first passage when none matches"}


def _mix(engine: Kamerzoek, cls: str | None = None, leave_out: str | None = None) -> int:
    n = 0
    for query in QUERIES:
        if (cls is None or query.cls == cls) and query.cls != leave_out:
            for variant in VARIANTS.values():
                engine.search(query, variant)
                n += 1
    return n


def profile_search(index_dir: Path) -> str:
    from pyinstrument import Profiler

    engine = Kamerzoek(index_dir)
    _mix(engine)  # warm-up
    profiler = Profiler(interval=0.001)
    profiler.start()
    _mix(engine)
    profiler.stop()
    tree = without_root(profiler.output_text(unicode=True, color=False, show_all=False))
    cp = cProfile.Profile()
    cp.enable()
    _mix(engine, leave_out="fuzzy")  # under cProfile a fuzzy word's Python scan takes many minutes
    cp.disable()
    buf = io.StringIO()
    pstats.Stats(cp, stream=buf).sort_stats("tottime").print_stats(30)
    flat = without_root("\n".join(line for line in buf.getvalue().splitlines() if line.strip()))
    return (f"# the query mix ({len(QUERIES) * len(VARIANTS)} searches) on {index_dir.name}\n\n"
            f"## pyinstrument (wall clock, calls below 1 % hidden)\n\n{tree}\n\n## cProfile, top 30 by own time (the mix without its fuzzy words)\n\n{flat}\n")


def _wrap(spent: dict[str, float]) -> list:
    import importlib

    undo = []
    for target, attr, label in STEPS:
        module_name, _, cls = target.partition(":")
        owner = importlib.import_module(module_name)
        owner = getattr(owner, cls) if cls else owner
        original = owner.__dict__.get(attr)
        if original is None:
            continue
        is_static = isinstance(original, staticmethod)
        function = original.__func__ if is_static else original

        def timed(*args, _f=function, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - started

        setattr(owner, attr, staticmethod(timed) if is_static else timed)
        undo.append((owner, attr, original))
    return undo


def search_components(index_dir: Path, rounds: int = 2) -> str:
    spent: dict[str, float] = {}
    undo = _wrap(spent)
    try:
        engine = Kamerzoek(index_dir)
        rows = []
        for cls in CLASSES:
            _mix(engine, cls)  # warm-up
            spent.clear()
            started, n = time.perf_counter(), 0
            for _ in range(rounds):
                n += _mix(engine, cls)
            per = {k: v / n * 1000 for k, v in spent.items()}
            per["total"] = (time.perf_counter() - started) / n * 1000
            per["matching, ranking and the rest"] = per["total"] - sum(v for k, v in per.items() if k in OWN_STEPS)
            rows.append((cls, per))
    finally:
        for owner, attr, original in undo:
            setattr(owner, attr, original)
    order = ["total", "matching, ranking and the rest"] + [label for _, _, label in STEPS]
    lines = [f"# ms per search in each step of SearchService.search on {index_dir.name}, mean over {rounds} rounds x "
             f"{len(VARIANTS)} variants", "", "| step | " + " | ".join(c for c, _ in rows) + " |", "|---|" + "---|" * len(rows)]
    for label in order:
        lines.append(f"| {label} | " + " | ".join(f"{per.get(label, 0):.1f}" for _, per in rows) + " |")
    return "\n".join(lines) + "\n"


def main(letters: int, seed: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    index_dir = paths(letters)["kamerzoek"]
    if not index_dir.exists():
        raise SystemExit(f"run `python -m bench.run --letters {letters}` first: {index_dir.relative_to(ROOT)} is missing")
    components = search_components(index_dir)
    (OUT / f"search-components-{letters}.txt").write_text(components)
    print(components)
    (OUT / f"search-{letters}.txt").write_text(profile_search(index_dir))
    print(f"profiles written to {OUT.relative_to(ROOT)}/")
