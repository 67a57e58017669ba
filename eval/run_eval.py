"""Known-item evaluation: MRR@10 and recall@10 of Kamerzoek against a plain SQLite FTS5 baseline.

    python eval/run_eval.py [--queries eval/queries.tsv] [--show]

Letters come from corpus/ and ../shared/corpus-real (or $KAMERZOEK_REAL_CORPUS). Each file is
read with ``indexer.parsers.parse_file``; only when that raises ParseError (a format whose
parser has not landed yet) does a simple shim read it as a plain-text letter. Both systems
index the very same letters: Kamerzoek through its own schema, the baseline as subject + body
in FTS5 (unicode61 tokenizer, bm25 ranking, all words must match).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.dates import DateParseError, parse_dutch_date  # noqa: E402
from indexer.layout import add_letter, open_or_create, open_writer  # noqa: E402
from indexer.model import Letter, Passage, Source  # noqa: E402
from indexer.parsers import ParseError, parse_file  # noqa: E402
from indexer.search import SearchRequest, SearchService  # noqa: E402

REAL_CORPUS = Path(os.environ.get("KAMERZOEK_REAL_CORPUS", ROOT.parent / "shared" / "corpus-real"))
LETTER_FOLDERS = [ROOT / "corpus", REAL_CORPUS / "KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper",
                  REAL_CORPUS / "MinBZK+woo-besluit-broncode-PLOOI"]
K = 10


@dataclass
class KnownItem:
    query: str
    file: str
    anchor: str | None


# --- letters -------------------------------------------------------------------------------

def load_letters() -> dict[str, Letter]:
    """file name -> Letter, for every letter file of the evaluation corpus."""
    letters = {}
    for folder in LETTER_FOLDERS:
        for path in sorted(folder.glob("*")):
            if path.suffix.lower() in (".md", ".json", ".pdf"):
                letters[path.name] = read_letter(path)
    return letters


def read_letter(path: Path) -> Letter:
    try:
        letter = parse_file(path)
    except ParseError:
        letter = shim_letter(path)
    letter.source.path = path.name  # hits are matched to queries by file name
    return letter


def shim_letter(path: Path) -> Letter:
    """A plain-text letter: each non-empty line or paragraph a passage, the first date found."""
    text = _plain_text(path)
    chunks = [c.strip() for c in re.split(r"\n\s*\n|\n", text) if c.strip()]
    passages = [Passage(f"p-{n}", None, chunk) for n, chunk in enumerate(chunks, start=1)]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Letter(id=path.stem, source=Source(path.name, "shim", sha), date=_first_date(text),
                  passages=passages, doc_type="brief")


def _plain_text(path: Path) -> str:
    if path.suffix.lower() == ".json":
        return json.loads(path.read_text(encoding="utf-8"))["Content"]
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def _first_date(text: str) -> _dt.date | None:
    match = re.search(r"\b\d{1,2}\s*[a-zA-Z]{3,9}\s+\d{4}\b", text)
    try:
        return parse_dutch_date(match.group(0)) if match else None
    except (DateParseError, ValueError):
        return None


# --- the two systems -------------------------------------------------------------------------

def build_kamerzoek(letters: dict[str, Letter], index_dir: str) -> SearchService:
    writer = open_writer(open_or_create(index_dir, rebuild=True))
    for name, letter in letters.items():
        add_letter(writer, letter, name)
    writer.commit()
    return SearchService(index_dir)


def kamerzoek_ranking(service: SearchService, q: str) -> list[tuple[str, list[str]]]:
    """(source file, passage anchors) of the top K letters."""
    result = service.search(SearchRequest(q=q, per_page=K))
    return [(hit.letter.source.path, [p.anchor for p in hit.passages]) for hit in result.hits]


def build_fts5(letters: dict[str, Letter]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE letters USING fts5(file UNINDEXED, subject, body, tokenize='unicode61')")
    db.executemany("INSERT INTO letters VALUES (?, ?, ?)", [
        (name, letter.subject or "", "\n".join(p.text for p in letter.passages)) for name, letter in letters.items()
    ])
    return db


def fts5_ranking(db: sqlite3.Connection, q: str) -> list[tuple[str, list[str]]]:
    words = " ".join('"%s"' % w.replace('"', '""') for w in q.split())  # each word literal, AND
    rows = db.execute("SELECT file FROM letters WHERE letters MATCH ? ORDER BY bm25(letters) LIMIT ?", (words, K))
    return [(file, []) for (file,) in rows]


# --- measures --------------------------------------------------------------------------------

def load_queries(path: Path) -> list[KnownItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, file, *anchor = line.split("\t")
            items.append(KnownItem(query, file, anchor[0] if anchor and anchor[0] else None))
    return items


def evaluate(rank, items: list[KnownItem], show: bool) -> dict[str, float]:
    reciprocal, found, anchored, anchor_hits = 0.0, 0, 0, 0
    for item in items:
        ranking = rank(item.query)
        files = [file for file, _ in ranking]
        position = files.index(item.file) + 1 if item.file in files else None
        if position:
            reciprocal += 1 / position
            found += 1
        if item.anchor:
            anchored += 1
            anchor_hits += bool(position and item.anchor in ranking[position - 1][1])
        if show:
            print(f"  {position or '-':>2}  {item.query}")
    n = len(items)
    scores = {"MRR@10": reciprocal / n, "recall@10": found / n}
    if anchored:
        scores["passage@hit"] = anchor_hits / anchored
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=str(ROOT / "eval" / "queries.tsv"))
    parser.add_argument("--show", action="store_true", help="print the rank of each query's letter")
    args = parser.parse_args(argv)
    letters = load_letters()
    items = load_queries(Path(args.queries))
    missing = [i.file for i in items if i.file not in letters]
    if missing:
        sys.exit(f"letters not in the corpus: {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as index_dir:
        service = build_kamerzoek(letters, index_dir)
        db = build_fts5(letters)
        print(f"{len(items)} queries over {len(letters)} letters")
        for name, rank in (("Kamerzoek", lambda q: kamerzoek_ranking(service, q)), ("FTS5", lambda q: fts5_ranking(db, q))):
            if args.show:
                print(name)
            scores = evaluate(rank, items, args.show)
            print(f"{name:10} " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()))
        service.close()


if __name__ == "__main__":
    main()
