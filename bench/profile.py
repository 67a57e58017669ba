"""Where the time goes: profiles of the indexing path and the search path.

    nice python -m bench.run --letters 10000 --profile

Needs the index that ``python -m bench.run --letters N`` built (var/bench/index-N-p1).
Writes to bench/profiles/:

- ``index-N.txt``: pyinstrument call tree and cProfile's top functions by own time, for
  indexing the first 2000 letters of the corpus (one process, one commit);
- ``search-N.txt``: the same for two rounds of the query mix after a warm-up round;
- ``search-components-N.txt``: per query class, the milliseconds spent in each step of
  ``SearchService.search`` (query parsing, the letter search, facet counting, the passage
  search with its collapse, unpacking stored letters, highlighting), measured by wrapping
  those functions in this process (the indexer's code is not changed).
"""
from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import tempfile
import time
from itertools import islice
from pathlib import Path

from bench.generate import ensure_corpus, load_letters
from bench.run import QUERIES, ROOT, VARIANTS, _request

OUT = ROOT / "bench" / "profiles"
INDEX_SAMPLE = 2000


def _profile(fn, title: str) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    fn()
    profiler.stop()
    tree = profiler.output_text(unicode=True, color=False, show_all=False)
    cp = cProfile.Profile()
    cp.enable()
    fn()
    cp.disable()
    buf = io.StringIO()
    pstats.Stats(cp, stream=buf).sort_stats("tottime").print_stats(30)
    flat = "\n".join(line for line in buf.getvalue().splitlines() if line.strip())
    return f"# {title}\n\n## pyinstrument (wall clock, calls below 1 % hidden)\n\n{tree}\n\n## cProfile, top 30 by own time (second run)\n\n{flat}\n"


def profile_indexing(corpus: Path, letters: int) -> str:
    from indexer.layout import add_letter, open_or_create, open_writer

    sample = list(islice(load_letters(corpus), INDEX_SAMPLE))

    def index_sample():
        tmp = Path(tempfile.mkdtemp(prefix="kz-profile-"))
        try:
            ix = open_or_create(tmp, rebuild=True)
            writer = open_writer(ix, limitmb=128)
            for letter in sample:
                add_letter(writer, letter, letter.source.path)
            writer.commit()
        finally:
            shutil.rmtree(tmp)

    return _profile(index_sample, f"indexing {len(sample)} of {letters} generated letters, procs=1")


def profile_search(index_dir: Path) -> str:
    from indexer.search import SearchService

    service = SearchService(str(index_dir))

    def mix():
        for _, q, _ in QUERIES:
            for variant in VARIANTS.values():
                service.search(_request(q, variant))

    mix()  # warm-up
    return _profile(mix, f"two rounds of the query mix ({len(QUERIES) * len(VARIANTS)} searches each) on {index_dir.name}")


def search_components(index_dir: Path, rounds: int = 3) -> str:
    import indexer.facets
    import indexer.search as search
    from indexer.search import SearchService

    spent: dict[str, float] = {}

    def wrap(owner, name, label, static=False):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, staticmethod(timed) if static else timed)

    wrap(search, "parse_query", "parse query")
    wrap(indexer.facets, "count", "facet counts")
    wrap(SearchService, "_page", "page: stored letters, unpacked", static=True)
    wrap(SearchService, "_best_passages", "best passages (all)", static=True)
    wrap(search, "snippet", "  of which highlight snippet()")
    wrap(search, "query_terms", "query_terms")

    service = SearchService(str(index_dir))
    rows = []
    classes = list(dict.fromkeys(cls for cls, _, _ in QUERIES))
    labels = None
    for cls in classes:
        spent.clear()
        total, n = 0.0, 0
        for round_no in range(rounds + 1):
            for c, q, _ in QUERIES:
                if c != cls:
                    continue
                for variant in VARIANTS.values():
                    if round_no == 0:
                        service.search(_request(q, variant))
                        continue
                    started = time.perf_counter()
                    service.search(_request(q, variant))
                    total += time.perf_counter() - started
                    n += 1
            if round_no == 0:
                spent.clear()
        per = {k: v / n * 1000 for k, v in spent.items()}
        per["total"] = total / n * 1000
        per["matching and ranking + rest"] = per["total"] - sum(
            per.get(k, 0) for k in ("parse query", "facet counts", "page: stored letters, unpacked", "best passages (all)", "query_terms"))
        labels = labels or list(per)
        rows.append((cls, per))
    order = ["total", "parse query", "matching and ranking + rest", "facet counts", "page: stored letters, unpacked",
             "best passages (all)", "  of which highlight snippet()", "query_terms"]
    lines = [f"# ms per search in each step of SearchService.search on {index_dir.name}, mean over {rounds} rounds x 4 variants x 2 queries", "",
             "| step | " + " | ".join(c for c, _ in rows) + " |", "|---|" + "---|" * len(rows)]
    for label in order:
        lines.append(f"| {label} | " + " | ".join(f"{per.get(label, 0):.1f}" for _, per in rows) + " |")
    return "\n".join(lines) + "\n"


def main(letters: int, seed: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(letters, seed)
    index_dir = ROOT / "var" / "bench" / f"index-{letters}-p1"
    if not index_dir.exists():
        raise SystemExit(f"run `python -m bench.run --letters {letters}` first: {index_dir.relative_to(ROOT)} is missing")
    (OUT / f"search-components-{letters}.txt").write_text(search_components(index_dir))
    print((OUT / f"search-components-{letters}.txt").read_text())
    (OUT / f"search-{letters}.txt").write_text(profile_search(index_dir))
    (OUT / f"index-{letters}.txt").write_text(profile_indexing(corpus, letters))
    print(f"profiles written to {OUT.relative_to(ROOT)}/")
