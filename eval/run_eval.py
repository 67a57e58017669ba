"""Known-item evaluation of Kamerzoek against a plain SQLite FTS5 baseline: MRR@10, recall@10
and passage hit@3 (the passage meant is among the first three passages shown for the letter).

    python eval/run_eval.py [--queries eval/queries.tsv] [--show]

Each line of a query file: query, the letter's source file, optionally the passages meant
(any of them counts; separated by |), the kind of query, and search parameters
(``from=1985&to=1985``). A passage is named by its opening words in double quotes, which outlast
a parser that numbers a letter's passages differently, or by its anchor (p-3). Results are
reported in all and per kind.

Letters come from corpus/ and ../shared/corpus-real (or $KAMERZOEK_REAL_CORPUS). Each file is
read with ``indexer.parsers.parse_file``; only when that raises ParseError (a format whose
parser has not landed yet) does a simple shim read it as a plain-text letter. Both systems
index the very same letters: Kamerzoek through its own schema, the baseline as subject + body
in FTS5 (unicode61 tokenizer, bm25 ranking, all words must match; field names such as ref:
dropped, "phrases" kept, from/to compared as text with the ISO date, as plain SQL would) and
each passage as a row of its own, from which it shows the three best-ranked passages of a hit.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

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
    passages: tuple[str, ...]  # the passages meant ("opening words" or p-N); empty: the letter is enough
    kind: str = "plain"
    params: dict[str, str] = field(default_factory=dict)  # from, to


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
    writer = open_writer(open_or_create(index_dir))  # a new, empty folder
    for name, letter in letters.items():
        add_letter(writer, letter, name)
    writer.commit()
    return SearchService(index_dir)


def kamerzoek_ranking(service: SearchService, item: KnownItem) -> list[tuple[str, list[str]]]:
    """(source file, passage anchors) of the top K letters."""
    request = SearchRequest(q=item.query, per_page=K, date_from=item.params.get("from"), date_to=item.params.get("to"))
    result = service.search(request)
    return [(hit.letter.source.path, [p.anchor for p in hit.passages]) for hit in result.hits]


def build_fts5(letters: dict[str, Letter]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE letters USING fts5(file UNINDEXED, day UNINDEXED, subject, body, tokenize='unicode61')")
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(file UNINDEXED, anchor UNINDEXED, text, tokenize='unicode61')")
    db.executemany("INSERT INTO letters VALUES (?, ?, ?, ?)", [
        (name, letter.date.isoformat() if letter.date else None, letter.subject or "",
         "\n".join(p.text for p in letter.passages)) for name, letter in letters.items()
    ])
    db.executemany("INSERT INTO passages VALUES (?, ?, ?)", [
        (name, p.anchor, p.text) for name, letter in letters.items() for p in letter.passages
    ])
    return db


def fts5_ranking(db: sqlite3.Connection, item: KnownItem) -> list[tuple[str, list[str]]]:
    """The query's words (and "phrases") all literal, AND; field names dropped; from/to compared
    with the ISO date as text; each hit's three best passages by any of the words."""
    words = _fts5_words(item.query)
    if not words:
        return []
    where, args = "letters MATCH ?", [" ".join(words)]
    if item.params.get("from"):
        where, args = where + " AND day >= ?", args + [item.params["from"]]
    if item.params.get("to"):
        where, args = where + " AND day <= ?", args + [item.params["to"]]
    rows = db.execute(f"SELECT file FROM letters WHERE {where} ORDER BY bm25(letters) LIMIT ?", (*args, K))
    return [(file, _fts5_passages(db, file, words)) for (file,) in rows]


def _fts5_words(query: str) -> list[str]:
    query = re.sub(r"\b\w+:", "", query)  # ref:28638 -> 28638
    parts = re.findall(r'"([^"]*)"|(\S+)', query)
    return ['"%s"' % (phrase or word).replace('"', '""') for phrase, word in parts if (phrase or word).strip()]


def _fts5_passages(db: sqlite3.Connection, file: str, words: list[str]) -> list[str]:
    rows = db.execute("SELECT anchor FROM passages WHERE passages MATCH ? AND file = ? ORDER BY bm25(passages) LIMIT 3",
                      (" OR ".join(words), file))
    return [anchor for (anchor,) in rows]


# --- measures --------------------------------------------------------------------------------

def load_queries(path: Path) -> list[KnownItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, file, *rest = line.split("\t") + ["", "", ""]
            anchors, kind, params = rest[:3]
            items.append(KnownItem(query, file, tuple(a for a in anchors.split("|") if a), kind or "plain",
                                   dict(parse_qsl(params))))
    return items


@dataclass
class Scores:
    """Sums over the queries of one kind (or all)."""

    queries: int = 0
    reciprocal: float = 0.0
    found: int = 0
    anchored: int = 0
    passage_hits: int = 0

    def add(self, position: int | None, anchored: bool, passage_hit: bool) -> None:
        self.queries += 1
        self.reciprocal += 1 / position if position else 0.0
        self.found += position is not None
        self.anchored += anchored
        self.passage_hits += passage_hit

    def line(self) -> str:
        n = max(self.queries, 1)
        passages = f"{self.passage_hits / self.anchored:.3f} ({self.anchored})" if self.anchored else "   -"
        return f"MRR@10 {self.reciprocal / n:.3f}  recall@10 {self.found / n:.3f}  passage hit@3 {passages}"


def anchors_meant(item: KnownItem, letters: dict[str, Letter]) -> tuple[str, ...]:
    """The anchors of the passages an item means in the letter as it is parsed now."""
    found = []
    for meant in item.passages:
        if not meant.startswith('"'):
            found.append(meant)
            continue
        opening = " ".join(meant.strip('"').split())
        found += [p.anchor for p in letters[item.file].passages if opening in " ".join(p.text.split())][:1]
    return tuple(found)


def evaluate(rank, items: list[KnownItem], letters: dict[str, Letter], show: bool) -> dict[str, Scores]:
    """Scores in all ("all") and per kind of query."""
    scores: dict[str, Scores] = {"all": Scores()}
    for item in items:
        ranking = rank(item)
        files = [file for file, _ in ranking]
        position = files.index(item.file) + 1 if item.file in files else None
        shown = ranking[position - 1][1][:3] if position else []
        anchors = anchors_meant(item, letters)
        passage_hit = any(anchor in shown for anchor in anchors)
        for key in ("all", item.kind):
            scores.setdefault(key, Scores()).add(position, bool(item.passages), passage_hit)
        if show:
            marks = f"  passages {','.join(shown) or '-'} (meant {','.join(anchors) or '?'})" if item.passages else ""
            params = " " + "&".join(f"{k}={v}" for k, v in item.params.items()) if item.params else ""
            print(f"  {position or '-':>2}  [{item.kind}] {item.query}{params}{marks}")
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
    unfound = [f"{i.query}: {p}" for i in items for p in i.passages if p.startswith('"') and not anchors_meant(
        KnownItem(i.query, i.file, (p,)), letters)]
    if unfound:
        sys.exit(f"passages not in their letters: {'; '.join(unfound)}")
    with tempfile.TemporaryDirectory() as index_dir:
        service = build_kamerzoek(letters, index_dir)
        db = build_fts5(letters)
        print(f"{len(items)} queries over {len(letters)} letters")
        systems = (("Kamerzoek", lambda item: kamerzoek_ranking(service, item)), ("FTS5", lambda item: fts5_ranking(db, item)))
        for name, rank in systems:
            if args.show:
                print(name)
            for kind, scores in evaluate(rank, items, letters, args.show).items():
                print(f"{name:10} {kind:12} n={scores.queries:<3} {scores.line()}")
        service.close()


if __name__ == "__main__":
    main()
