"""tantivy (tantivy-py) doing a search page's whole work, as a user picking it would set it up.

Two indexes: one document per letter (searched, counted, faceted) and one per passage (the
best passages of a page's hits, highlighted by tantivy's snippet generator). Dutch analysis:
tantivy's simple tokenizer, lower case, ASCII folding and its Snowball Dutch stemmer
(``Filter.stemmer("dutch")``). Facets are counted by terms aggregations over fast fields,
each facet without its own filter (two aggregations when the ministry is filtered). Prefixes
and fuzzy words are built as regex and fuzzy-term queries over the same fields, since
tantivy's query parser has neither.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from bench.engines import FACETS, FIELD_WEIGHTS, PASSAGES_PER_HIT, PER_PAGE, Page, flat, variant_bounds

ANALYZER = "nl"
TEXT_FIELDS = ["subject", "heading", "body", "kenmerk", "directorate"]
FACET_FIELD = {"directorate": "f_directorate", "ministry": "f_ministry", "year": "year", "type": "f_type"}
WRITER_HEAP = 200_000_000


def dutch_analyzer():
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    return (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).filter(Filter.ascii_fold())
            .filter(Filter.stemmer("dutch")).build())


def _letter_schema():
    from tantivy import SchemaBuilder

    sb = SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name=ANALYZER)
    sb.add_text_field("ref", stored=False, tokenizer_name="raw")
    for name in ("f_directorate", "f_ministry", "f_type"):
        sb.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    sb.add_integer_field("day", stored=False, indexed=True, fast=True)
    sb.add_integer_field("year", stored=False, indexed=True, fast=True)
    return sb.build()


def _passage_schema():
    from tantivy import SchemaBuilder

    sb = SchemaBuilder()
    sb.add_text_field("letter", stored=False, tokenizer_name="raw")
    sb.add_text_field("anchor", stored=True, tokenizer_name="raw")
    sb.add_text_field("heading", stored=True, tokenizer_name=ANALYZER)
    sb.add_text_field("body", stored=True, tokenizer_name=ANALYZER)
    return sb.build()


def _open(path: Path, schema):
    from tantivy import Index

    path.mkdir(parents=True, exist_ok=True)
    index = Index(schema, path=str(path))
    index.register_tokenizer(ANALYZER, dutch_analyzer())
    return index


def build(letters, directory: Path, threads: int = 2) -> dict:
    from tantivy import Document

    started = time.perf_counter()
    if directory.exists():
        shutil.rmtree(directory)
    letters_ix = _open(directory / "letters", _letter_schema())
    passages_ix = _open(directory / "passages", _passage_schema())
    lw = letters_ix.writer(heap_size=WRITER_HEAP, num_threads=threads)
    pw = passages_ix.writer(heap_size=WRITER_HEAP, num_threads=threads)
    n = 0
    for letter in letters:
        rec = flat(letter)
        lw.add_document(Document(
            id=rec["id"], **{name: rec[name] for name in TEXT_FIELDS}, ref=rec["ref"],
            f_directorate=rec["directorate"], f_ministry=rec["ministry"], f_type=rec["type"],
            day=rec["day"], year=rec["year"]))
        for anchor, heading, text in rec["passages"]:
            pw.add_document(Document(letter=rec["id"], anchor=anchor, heading=heading, body=text))
        n += 1
    lw.commit()
    pw.commit()
    lw.wait_merging_threads()
    pw.wait_merging_threads()
    took = time.perf_counter() - started
    size = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
    return {"letters": n, "total_s": round(took, 1), "letters_per_s": round(n / took, 1), "bytes": size}


class Tantivy:
    def __init__(self, directory: Path):
        self.letters = _open(directory / "letters", _letter_schema())
        self.passages = _open(directory / "passages", _passage_schema())
        self.letter_schema, self.passage_schema = self.letters.schema, self.passages.schema
        self.letter_searcher, self.passage_searcher = self.letters.searcher(), self.passages.searcher()
        self.analyzer = dutch_analyzer()

    # -- queries --------------------------------------------------------------------------------

    def _parse(self, form, index, fields: list[str], schema):
        from tantivy import Occur, Query

        boosts = {f: FIELD_WEIGHTS.get(f, 1.0) for f in fields}
        if isinstance(form, str):
            return index.parse_query(form, fields, field_boosts=boosts, conjunction_by_default=True)
        kind, word = form
        stem = (self.analyzer.analyze(word) or [word.lower()])[0]
        if kind == "prefix":
            parts = [Query.regex_query(schema, f, re.escape(stem) + ".*") for f in fields]
        else:  # one typo, a swap of two letters counting as one (as Kamerzoek's fuzzy words)
            parts = [Query.fuzzy_term_query(schema, f, stem, distance=1, transposition_cost_one=True) for f in fields]
        return Query.boolean_query([(Occur.Should, Query.boost_query(q, boosts[f])) for q, f in zip(parts, fields)])

    def _filters(self, variant: dict, with_ministry: bool = True) -> list:
        from tantivy import FieldType, Occur, Query

        start, end, ministries = variant_bounds(variant)
        clauses = []
        if start or end:
            clauses.append((Occur.Must, Query.range_query(self.letter_schema, "day", FieldType.Integer,
                                                          start or 0, end or 10**7)))
        if ministries and with_ministry:
            clauses.append((Occur.Must, Query.term_set_query(self.letter_schema, "f_ministry", ministries)))
        return clauses

    def _with(self, query, clauses: list):
        from tantivy import Occur, Query

        return Query.boolean_query([(Occur.Must, query), *clauses]) if clauses else query

    # -- the page -------------------------------------------------------------------------------

    def search(self, query, variant: dict) -> Page:
        from tantivy import Order

        user = self._parse(query.tantivy, self.letters, TEXT_FIELDS + ["ref"], self.letter_schema)
        filtered = self._with(user, self._filters(variant))
        searcher = self.letter_searcher
        options = {"offset": (query.page - 1) * PER_PAGE}
        if query.sort != "relevance":
            options.update(order_by_field="day", order=Order.Desc if query.sort == "date_desc" else Order.Asc)
        result = searcher.search(filtered, PER_PAGE, count=True, **options)
        ids = [searcher.doc(address)["id"][0] for _, address in result.hits]
        facets = self._facets(filtered, user, variant)
        passage_form = query.passage_forms[1] if query.passage_forms else query.tantivy
        passages = {letter_id: self._passages(letter_id, passage_form if query.passages else None) for letter_id in ids}
        return Page(result.count, ids, facets, passages)

    def _facets(self, filtered, user, variant: dict) -> dict[str, list[tuple[str, int]]]:
        spec = {name: {"terms": {"field": FACET_FIELD[name], "size": 1000}} for name in FACETS}
        counted = self.letter_searcher.aggregate(filtered, spec)
        if variant.get("filters", {}).get("ministry"):  # the ministry facet without its own filter
            unfiltered = self._with(user, self._filters(variant, with_ministry=False))
            counted.update(self.letter_searcher.aggregate(unfiltered, {"ministry": spec["ministry"]}))
        return {name: [(str(b["key"]), b["doc_count"]) for b in counted[name]["buckets"]] for name in FACETS}

    def _passages(self, letter_id: str, form) -> list[tuple[str, str]]:
        from tantivy import Occur, Query, SnippetGenerator

        searcher = self.passage_searcher
        of_letter = Query.term_query(self.passage_schema, "letter", letter_id)
        if form is not None:
            query = self._parse(form, self.passages, ["heading", "body"], self.passage_schema)
            found = searcher.search(Query.boolean_query([(Occur.Must, query), (Occur.Must, of_letter)]), PASSAGES_PER_HIT)
            if found.hits:
                snippets = SnippetGenerator.create(searcher, query, self.passage_schema, "body")
                snippets.set_max_num_chars(240)
                out = []
                for _, address in found.hits:
                    doc = searcher.doc(address)
                    out.append((doc["anchor"][0], _marked(snippets.snippet_from_doc(doc).to_html())))
                return out
        first = searcher.search(Query.boolean_query([(Occur.Must, of_letter), (Occur.Must, Query.term_query(
            self.passage_schema, "anchor", "p-1"))]), 1)
        return [(doc["anchor"][0], doc["body"][0][:240]) for doc in (searcher.doc(a) for _, a in first.hits)]


def _marked(html: str) -> str:
    """tantivy marks matches with <b>; the search page (and the other engines) use <mark>."""
    return html.replace("<b>", "<mark>").replace("</b>", "</mark>")
