"""The query mix: what users type, written for each system that is measured.

Each query has a class (the rows of the per-class table) and its form for each system:
Kamerzoek's query language, an FTS5 MATCH expression (None where FTS5 has no equivalent:
it has no fuzzy words, and is then not run) and a tantivy query (a string for tantivy's query parser, or a
("prefix" | "fuzzy", word) pair that ``bench.tantivy_engine`` builds, since tantivy's parser
has neither). ``passages`` says whether the query has words that passages can match (a
query on the subject or a reference alone has none: every system then shows the letter's
first passage, as Kamerzoek does).

Every query runs in four variants (no filter, a date range, a ministry filter, both), each
doing the whole work of a search page: top 10 (or page 2, or by date), the exact total,
disjunctive facet counts (directorate, ministry, year, type) and up to three highlighted
passages per hit.

Where the semantics differ the totals cannot agree (``bench.run`` reports them side by side):
FTS5 has no Dutch stemmer (its totals are of the exact word forms); Kamerzoek also finds the
parts of compounds (``crawler`` finds ``webcrawler``) and words of a letter's date line and
kamerstuk number; fuzzy words are expanded over stems in tantivy and over Kamerzoek's own
terms; FTS5 and tantivy search the same fields (subject, headings, body with footnotes,
kenmerk, directorate, references) with Kamerzoek's field weights.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MixQuery:
    cls: str
    kamerzoek: str
    fts5: str | None
    tantivy: str | tuple[str, str]
    passages: bool = True
    page: int = 1
    sort: str = "relevance"
    # (FTS5, tantivy) forms for the passages when they differ from the letter query's
    passage_forms: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        extra = f" (page {self.page})" if self.page > 1 else f" (sort {self.sort})" if self.sort != "relevance" else ""
        return self.kamerzoek + extra


def _and(*words: str) -> tuple[str, str, str]:
    """Words that must all match, in each system's syntax."""
    return " ".join(words), " AND ".join(f'"{w}"' for w in words), " ".join(f"+{w}" for w in words)


QUERIES: list[MixQuery] = [
    # one word: in 68 %, 44 %, 1.1 %, 0.09 % and 95 % of the generated letters (10k, seed 1)
    MixQuery("1 word", *_and("onderwijs")),
    MixQuery("1 word", *_and("mensenhandel")),
    MixQuery("1 word", *_and("gietijzerschroot")),
    MixQuery("1 word", *_and("reisinfrastructuur")),
    MixQuery("1 word", *_and("kamer")),
    MixQuery("2-3 words", *_and("regering", "voorstel")),
    MixQuery("2-3 words", *_and("defensie", "begroting")),
    MixQuery("2-3 words", *_and("minister", "europese", "commissie")),
    MixQuery("4-5 words", *_and("kabinet", "maatregelen", "gemeenten", "uitvoering")),
    MixQuery("4-5 words", *_and("minister", "onderzoek", "rapport", "kamer", "informeren")),
    MixQuery("OR / NOT", "asiel OR vluchtelingen", '"asiel" OR "vluchtelingen"', "asiel OR vluchtelingen"),
    MixQuery("OR / NOT", "belasting NOT inkomsten", '"belasting" NOT "inkomsten"', "+belasting -inkomsten"),
    MixQuery("OR / NOT", "(defensie OR krijgsmacht) -navo", '("defensie" OR "krijgsmacht") NOT "navo"', "+(defensie OR krijgsmacht) -navo"),
    MixQuery("phrase", '"tweede kamer"', '"tweede kamer"', '"tweede kamer"'),
    MixQuery("phrase", '"openbaar ministerie"', '"openbaar ministerie"', '"openbaar ministerie"'),
    MixQuery("phrase", '"europese unie" verdrag', '"europese unie" AND "verdrag"', '+"europese unie" +verdrag'),
    MixQuery("field", "subject:onderwijs", 'subject : "onderwijs"', "subject:onderwijs", passages=False),
    MixQuery("field", "subject:begroting defensie", 'subject : "begroting" AND "defensie"', "+subject:begroting +defensie",
             passage_forms=('"defensie"', "+defensie")),
    MixQuery("ref:", 'ref:"31 439, nr. 9"', 'ref : "31439 9"', 'ref:"31439-9"', passages=False),
    MixQuery("prefix", "begrot*", '"begrot" *', ("prefix", "begrot")),
    MixQuery("prefix", "vluchteling*", '"vluchteling" *', ("prefix", "vluchteling")),
    MixQuery("fuzzy", "mensenhandle~", None, ("fuzzy", "mensenhandle")),
    MixQuery("fuzzy", "begrooting~", None, ("fuzzy", "begrooting")),
    MixQuery("zero hits", "xylofoonkwadraat", '"xylofoonkwadraat"', "+xylofoonkwadraat"),
    MixQuery("zero hits", '"kamer xylofoon"', '"kamer xylofoon"', '"kamer xylofoon"'),
    MixQuery("page 2", *_and("onderwijs"), page=2),
    MixQuery("page 2", *_and("regering", "voorstel"), page=2),
    MixQuery("date sort", *_and("onderwijs"), sort="date_desc"),
    MixQuery("date sort", *_and("kamer"), sort="date_desc"),
]

DATE_FROM, DATE_TO = "2005-01-01", "2015-12-31"
MINISTRY = "Ministerie van Buitenlandse Zaken"  # the ministry with the most letters
VARIANTS = {
    "plain": {},
    "date": {"date_from": DATE_FROM, "date_to": DATE_TO},
    "ministry": {"filters": {"ministry": [MINISTRY]}},
    "date+ministry": {"date_from": DATE_FROM, "date_to": DATE_TO, "filters": {"ministry": [MINISTRY]}},
}
FIRST_QUERY = QUERIES[1]  # mensenhandel, asked first after start-up with the ministry filter
FIRST_VARIANT = "ministry"
CLASSES = list(dict.fromkeys(q.cls for q in QUERIES))
