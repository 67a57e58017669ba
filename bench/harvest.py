"""Letters harvested and indexed per second, from a local stand-in of both sources.

    nice python -m bench.harvest --letters 1000

The stand-in (tests/harvest_server.py on 127.0.0.1) serves made letters: N KOOP records with
their XML and metadata.xml, and TK documents for a tenth of them (joined to the KOOP letter:
metadata only) plus a tenth that only TK has (a one-page PDF). The harvest runs without a rate
limit, so the figure is the harvester's own speed, not the politeness it keeps to on the real
services; then the corpus is indexed with one parsing process per core.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from indexer.harvest import HarvestOptions, Harvester
from indexer.indexing import index_paths
from tests.harvest_data import made_letter_files, made_sru_record, made_tk_documents, made_tk_file
from tests.harvest_server import FakeSources, local_client


def serve(fake: FakeSources, letters: int) -> int:
    """Fill the stand-in; returns the number of distinct letters it holds."""
    for n in range(1, letters + 1):
        key, date = f"kst-99902-{n}", f"20{10 + n % 15}-0{1 + n % 9}-1{n % 9}"
        fake.sru_records.append(made_sru_record(key, date, f"{date}T10:00:00+01:00"))
        fake.files.update(made_letter_files(key, date, f"Brief nummer {n}."))
    linked, _, only_tk, _ = made_tk_documents()
    documents = []
    for n in range(1, letters // 10 + 1):
        joined = dict(linked, Id=f"0b7e2a10-0000-4000-8000-{n:012d}", DocumentNummer=f"2024D{n:05d}",
                      ApiGewijzigdOp=f"2024-04-05T08:{n // 60 % 60:02d}:{n % 60:02d}.1Z",
                      HuidigeDocumentVersie={"ExterneIdentifier": f"kst-99902-{n}"})
        alone = dict(only_tk, Id=f"0b7e2a10-0000-4000-9000-{n:012d}", DocumentNummer=f"2024D{50000 + n:05d}",
                     ApiGewijzigdOp=f"2024-06-21T09:{n // 60 % 60:02d}:{n % 60:02d}.2Z")
        documents += [joined, alone]
        fake.files[f"tk:{alone['Id']}"] = made_tk_file(alone)
    fake.documents = documents
    return letters + letters // 10


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.harvest", description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000, help="KOOP letters to serve (default 1000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work, FakeSources() as fake:
        total = serve(fake, args.letters)
        corpus = Path(work) / "corpus"
        options = HarvestOptions(corpus=corpus, koop_url=f"{fake.base}/sru", tk_url=f"{fake.base}/OData/v4/2.0")
        started = time.perf_counter()
        report = Harvester(options, local_client()).run()
        harvest_seconds = time.perf_counter() - started
        started = time.perf_counter()
        indexed = index_paths([corpus], Path(work) / "index", workers=os.cpu_count() or 1)
        index_seconds = time.perf_counter() - started
        files = [p for p in corpus.rglob("*") if p.is_file() and ".harvest" not in p.parts]
        result = {
            "letters": total,
            "harvest_seconds": round(harvest_seconds, 2),
            "harvested_per_second": round(total / harvest_seconds, 1),
            "requests": report.requests,
            "failed": len(report.failed) + len(indexed.failed),
            "index_seconds": round(index_seconds, 2),
            "indexed_per_second": round(len(indexed.added) / index_seconds, 1),
            "corpus_bytes_per_1000_letters": round(sum(p.stat().st_size for p in files) * 1000 / total),
            "state_bytes_per_1000_letters": round(sum(
                p.stat().st_size for p in (corpus / ".harvest").glob("state.sqlite*")) * 1000 / total),
        }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
