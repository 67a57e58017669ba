"""Evidence for the date-filter finding: the same search with the date range inside the scored
query (as SearchService does now) and as a cached document set passed as ``filter=``.

    nice python -m bench.experiment_filters --letters 10000

Uses var/bench/index-N-p1 from ``python -m bench.run``. Prints CPU ms per search (median of 5).
"""
from __future__ import annotations

import argparse
import statistics
import time

from whoosh import query as Q
from whoosh import sorting

from bench.run import DATE_FROM, DATE_TO, ROOT


def cpu_ms(fn, reps=5):
    times = []
    for _ in range(reps):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 1)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=10000)
    args = ap.parse_args(argv)
    from indexer.index import FACET_FIELDS, open_or_create
    from indexer.query import date_range, parse_query

    ix = open_or_create(ROOT / "var" / "bench" / f"index-{args.letters}-p1")
    searcher = ix.searcher()
    dates = date_range(DATE_FROM, DATE_TO)
    letter = Q.Term("kind", "letter")
    groups = {name: sorting.FieldFacet(col, maptype=sorting.Count) for name, col in FACET_FIELDS.items()}
    started = time.process_time()
    date_docs = searcher._filter_to_comb(dates)  # built once per searcher generation, then reused
    build_ms = round((time.process_time() - started) * 1000, 1)
    print(f"building the date-range doc set once: {build_ms} ms CPU ({len(date_docs)} docs)")
    print("| query | letter search, range in query | with filter= | facet pass, range in query | with filter= | hits inline | hits filter |")
    print("|---|---|---|---|---|---|---|")
    for text in ["gietijzerschroot", "mensenhandel", '"tweede kamer"', "kamer"]:
        user = parse_query(text, searcher.schema, searcher.reader())
        inline = Q.And([letter, user, dates]).normalize()
        plain = Q.And([letter, user]).normalize()
        a = cpu_ms(lambda: len(searcher.search(inline, limit=10)))
        b = cpu_ms(lambda: len(searcher.search(plain, limit=10, filter=date_docs)))
        c = cpu_ms(lambda: searcher.search(inline, limit=1, groupedby=groups))
        d = cpu_ms(lambda: searcher.search(plain, limit=1, groupedby=groups, filter=date_docs))
        n_inline, n_filter = len(searcher.search(inline, limit=None)), len(searcher.search(plain, limit=None, filter=date_docs))
        print(f"| `{text}` | {a} | {b} | {c} | {d} | {n_inline} | {n_filter} |")


if __name__ == "__main__":
    main()
