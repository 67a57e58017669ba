"""Kamerzoek measured as the other engines are: an index built from the generated letters,
and a search page through ``SearchService.search`` (exactly what the web page gets)."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from bench.engines import Page


def build(letters, index_dir: Path, procs: int = 2, multisegment: bool = True, limitmb: int = 512,
          merge: bool = False) -> dict:
    """Every letter added to a new index by one writer, one commit; with ``procs`` > 1 whoosh's
    multiprocessing writer, keeping its segments when ``multisegment`` (one a process). With
    ``merge`` they are merged into one afterwards (timed apart); without, searches run on the
    segments the writer processes leave, as the index of a run on both cores is. ``limitmb``
    is each process's posting pool before it sorts a run to disk."""
    from indexer.layout import add_letter, open_or_create, open_writer

    if index_dir.exists():
        shutil.rmtree(index_dir)
    started = time.perf_counter()
    ix = open_or_create(index_dir)  # a new, empty folder: a new index
    options = {"limitmb": limitmb}
    if procs > 1:
        options.update(procs=procs, multisegment=multisegment)
    writer = open_writer(ix, **options)
    n = 0
    for letter in letters:
        add_letter(writer, letter, letter.source.path)
        n += 1
    added = time.perf_counter()
    writer.commit()
    done = time.perf_counter()
    with ix.searcher() as s:
        segments = len(s.reader().leaf_readers())
    written = _size(index_dir)
    merge_s = 0.0
    if merge and segments > 1:
        open_writer(ix).commit(optimize=True)
        merge_s = round(time.perf_counter() - done, 1)
    return {"letters": n, "procs": procs, "multisegment": multisegment, "segments": segments,
            "add_s": round(added - started, 1), "commit_s": round(done - added, 1), "total_s": round(done - started, 1),
            "letters_per_s": round(n / (done - started), 1), "bytes": written, "merge_s": merge_s,
            "merged_bytes": _size(index_dir), "limitmb": limitmb}


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class Kamerzoek:
    def __init__(self, index_dir: Path):
        from indexer.search import SearchService

        self.service = SearchService(str(index_dir))
        self.service.settle_for_serving()  # as `kamerzoek serve` does before its first request

    def search(self, query, variant: dict) -> Page:
        from indexer.search import SearchRequest

        options = json.loads(json.dumps(variant))  # a fresh copy: the request may normalise it
        request = SearchRequest(q=query.kamerzoek, sort=query.sort, page=query.page, **options)
        result = self.service.search(request)
        facets = {name: [(str(v), c) for v, c in values] for name, values in result.facets.items()}
        passages = {hit.letter.id: [(p.anchor, p.snippet) for p in hit.passages] for hit in result.hits}
        return Page(result.total, [hit.letter.id for hit in result.hits], facets, passages)
