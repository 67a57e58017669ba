"""SQLite FTS5 written as well as FTS5 allows, doing a search page's whole work.

- one full-text match per search: the match is materialised once (a ``MATERIALIZED`` CTE, so
  the planner cannot re-run it per letter) and joined to the letters by rowid; top 10, the
  exact total and the four facet counts (each facet without its own filter) come from that
  one statement;
- snippets only for the page: passages are rows of a second FTS5 table whose rowid encodes
  the letter (letter rowid * 4096 + passage number), so the passages of one hit are a rowid
  range that FTS5 seeks to, not a scan over every matching passage;
- the letters' full-text table is contentless (the texts are stored once, with the passages).
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bench.engines import FACETS, FIELD_WEIGHTS, PASSAGES_PER_HIT, PER_PAGE, Page, flat, variant_bounds

PASSAGE_SLOTS = 4096
COLUMNS = list(FIELD_WEIGHTS)
TOKENIZER = "unicode61 remove_diacritics 2"


def build(letters, db: Path) -> dict:
    started = time.perf_counter()
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.executescript(f"""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE letters (rowid INTEGER PRIMARY KEY, id TEXT, kenmerk TEXT, day INTEGER, date TEXT,
            directorate TEXT, ministry TEXT, year INTEGER, type TEXT, subject TEXT);
        CREATE VIRTUAL TABLE letters_fts USING fts5({", ".join(COLUMNS)}, content='', tokenize='{TOKENIZER}');
        CREATE VIRTUAL TABLE passages_fts USING fts5(heading, body, anchor UNINDEXED, tokenize='{TOKENIZER}');
    """)
    n = 0
    for rowid, letter in enumerate(letters, start=1):
        rec = flat(letter)
        con.execute("INSERT INTO letters VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (rowid, rec["id"], rec["kenmerk"], rec["day"], rec["date"], rec["directorate"], rec["ministry"],
                     rec["year"], rec["type"], rec["subject"]))
        values = [rec[c] if c != "ref" else " ".join(rec["ref"]) for c in COLUMNS]
        con.execute(f"INSERT INTO letters_fts (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})", (rowid, *values))
        con.executemany("INSERT INTO passages_fts (rowid, heading, body, anchor) VALUES (?,?,?,?)",
                        [(rowid * PASSAGE_SLOTS + i, heading, text, anchor)
                         for i, (anchor, heading, text) in enumerate(rec["passages"][:PASSAGE_SLOTS])])
        n += 1
    con.executescript("""
        INSERT INTO letters_fts(letters_fts) VALUES ('optimize');
        INSERT INTO passages_fts(passages_fts) VALUES ('optimize');
        ANALYZE;
    """)
    con.commit()
    con.close()
    took = time.perf_counter() - started
    return {"letters": n, "total_s": round(took, 1), "letters_per_s": round(n / took, 1), "bytes": db.stat().st_size}


class FTS5:
    def __init__(self, db: Path):
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.con.execute("PRAGMA temp_store = MEMORY")

    def search(self, query, variant: dict) -> Page | None:
        if query.fts5 is None:
            return None
        start, end, ministries = variant_bounds(variant)
        date_ok = " AND ".join(filter(None, [start and f"l.day >= {int(start)}", end and f"l.day <= {int(end)}"])) or "1"
        params: list = [query.fts5]
        ministry_ok = f"l.ministry IN ({','.join('?' * len(ministries))})" if ministries else "1"
        params += ministries
        order = "score, rid" if query.sort == "relevance" else f"day {'DESC' if query.sort == 'date_desc' else 'ASC'}, rid"
        weights = ", ".join(str(w) for w in FIELD_WEIGHTS.values())
        facet_sql = [
            f"SELECT 'f:{name}', {name}, count(*) FROM j WHERE d_ok{'' if name == 'ministry' else ' AND m_ok'} GROUP BY {name}"
            for name in FACETS
        ]
        sql = f"""
            WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(letters_fts, {weights}) AS score
                                    FROM letters_fts WHERE letters_fts MATCH ?),
                 j AS MATERIALIZED (SELECT m.rid, m.score, l.day, l.directorate, l.ministry, l.year, l.type,
                                           ({date_ok}) AS d_ok, ({ministry_ok}) AS m_ok
                                    FROM m JOIN letters l ON l.rowid = m.rid)
            SELECT 'hit', rid, score FROM (SELECT rid, score FROM j WHERE d_ok AND m_ok ORDER BY {order}
                                           LIMIT {PER_PAGE} OFFSET {(query.page - 1) * PER_PAGE})
            UNION ALL SELECT 'total', NULL, count(*) FROM j WHERE d_ok AND m_ok
            UNION ALL {" UNION ALL ".join(facet_sql)}"""
        hits, total, facets = [], 0, {name: [] for name in FACETS}
        for kind, key, value in self.con.execute(sql, params):
            if kind == "hit":
                hits.append(key)
            elif kind == "total":
                total = value
            else:
                facets[kind[2:]].append((str(key), value))
        for name in facets:
            facets[name].sort(key=lambda kv: -kv[1])
        ids = dict(self.con.execute(f"SELECT rowid, id FROM letters WHERE rowid IN ({','.join('?' * len(hits))})", hits))
        passage_match = query.passage_forms[0] if query.passage_forms else query.fts5
        passages = {ids[rid]: self._passages(rid, passage_match if query.passages else None) for rid in hits}
        return Page(total, [ids[rid] for rid in hits], facets, passages)

    def _passages(self, rid: int, match: str | None) -> list[tuple[str, str]]:
        lo, hi = rid * PASSAGE_SLOTS, rid * PASSAGE_SLOTS + PASSAGE_SLOTS - 1
        rows = []
        if match:
            rows = self.con.execute(
                "SELECT anchor, snippet(passages_fts, 1, '<mark>', '</mark>', '…', 40) FROM passages_fts "
                f"WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT {PASSAGES_PER_HIT}",
                ("{heading body} : (" + match + ")", lo, hi)).fetchall()
        if not rows:  # no passage matches (a query on the subject alone): the first passage
            rows = self.con.execute("SELECT anchor, substr(body, 1, 240) FROM passages_fts WHERE rowid = ?", (lo,)).fetchall()
        return rows

