"""One segment writer alone: the CPU of adding analysed letters to it and of its commit.

    nice python -m bench.writer [--letters 10000] [--limitmb 128] [--profile]

The first letters of the generated corpus, analysed as the parsing workers of ``kamerzoek
index`` analyse them (kept in var/bench/analysed-N.pickle after the first run), are added to
a new index by one writer in this process, which then commits: what each writer process of a
large run does. At 10,000 letters and whoosh's 128 MB the writer sorts its postings in 16
runs on disk, which its commit merges; ``--limitmb`` changes that. ``--profile`` prints the
commit's functions by their own time (cProfile, which about doubles the time it measures).
"""
from __future__ import annotations

import argparse
import gc
import itertools
import pickle
import shutil
import tempfile
import time
from pathlib import Path

from whoosh.index import create_in

from indexer import layout

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench"


def analysed_letters(letters: int) -> list[dict]:
    cache = WORK / f"analysed-{letters}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from bench.generate import ensure_corpus, load_letters

    first = itertools.islice(load_letters(ensure_corpus(max(10000, letters), 1)), letters)
    documents = [layout.analysed_document(letter, f"generated/{number}.xml") for number, letter in enumerate(first)]
    cache.write_bytes(pickle.dumps(documents, 5))
    return documents


def measure(documents: list[dict], limitmb: float, profile: bool = False, check=None) -> dict:
    """Adding ``documents`` to a new index by one writer, and its commit; ``check(index)``
    looks at the index before it is removed."""
    folder = tempfile.mkdtemp(prefix="kamerzoek-writer-")
    try:
        ix = create_in(folder, layout.make_schema())
        writer = layout.open_writer(ix, limitmb=limitmb)
        gc.collect()
        started = time.process_time()
        for document in documents:
            layout.add_document(writer, document)
        added = time.process_time()
        runs = len(writer.pool.runs)
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(writer.commit)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        else:
            writer.commit()
        if check:
            check(ix)
        return {"letters": len(documents), "runs": runs, "add_cpu_s": round(added - started, 1),
                "commit_cpu_s": round(time.process_time() - added, 1)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=int, default=10000)
    ap.add_argument("--limitmb", type=float, default=128)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    result = measure(analysed_letters(args.letters), args.limitmb, args.profile)
    print(f"one writer, {result['letters']} letters: adding {result['add_cpu_s']} CPU-s "
          f"({result['runs']} runs on disk), commit {result['commit_cpu_s']} CPU-s")


if __name__ == "__main__":
    main()
