"""Each facet and each query field of Kamerzoek, declared once.

Everything else follows from these two lists: the index schema and a letter's document
(``indexer.layout``), facet counting and filters (``indexer.doctable``, ``indexer.facets``),
the query language's field names, aliases, default fields and weights, and its message for
an unknown field (``indexer.query``), the fields that passages and highlighting use, the
web's facet labels and query help, the OpenAPI parameters, and the CLI's filter flags.

To add a facet, add a ``Facet`` to ``FACETS``; to add a query field, add a ``QueryField`` to
``QUERY_FIELDS``. (Either changes the schema: existing indexes are rebuilt by ``kamerzoek
index``.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from whoosh.fields import DATETIME, KEYWORD, TEXT, FieldType

from .analysis import compound_parts_analyzer, dutch_analyzer, folding_analyzer
from .dates import dutch_date
from .model import Letter
from .references import reference_terms


# --- facets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Facet:
    name: str  # in URLs, JSON and CLI flags (--ministry)
    label: str  # on the search page
    value_of: Callable[[Letter], str | None]
    help: str  # the filter, in the OpenAPI document and the CLI's help
    newest_first: bool = False  # values in descending order (years), not by letters counted

    @property
    def column(self) -> str:
        """The index field that holds each letter's value, as one exact term."""
        return f"f_{self.name}"


# In the order the search page shows them.
FACETS: tuple[Facet, ...] = (
    Facet("directorate", "Directie", lambda letter: letter.directorate, "directie"),
    Facet("ministry", "Ministerie", lambda letter: letter.ministry, "ministerie"),
    Facet("year", "Jaar", lambda letter: str(letter.date.year) if letter.date else None, "jaar", newest_first=True),
    Facet("type", "Soort document", lambda letter: letter.doc_type, "soort document (brief, motie, ...)"),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


# --- query fields ----------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexedText:
    """What the query fields of a letter are read from: the letter, and its text as the index
    lays it out (``indexer.layout``): the body (passages, then footnotes) and the headings."""

    letter: Letter
    body: str
    headings: str


@dataclass(frozen=True)
class QueryField:
    name: str  # the index field
    field_type: Callable[[], FieldType]  # how it is analysed and what it keeps (positions)
    text_of: Callable[[IndexedText], str] | None  # None: the field holds no text (date)
    boost: float | None = None  # its weight when a plain word searches it; None: only when named
    names: tuple[str, ...] = ()  # what users type before the colon; none: not to be named
    help: str | None = None  # what naming it searches, for the query help
    passages: bool = False  # its word positions say which passage a word is in
    highlighted: bool = False  # its words are marked in snippets
    dutch: bool = False  # running Dutch text: a query word finds its other forms and acronyms here


COMPOUND_PARTS_FIELD = "parts"


def _dutch() -> FieldType:
    return TEXT(analyzer=dutch_analyzer(), phrase=True)


def _folded(phrase: bool = True) -> Callable[[], FieldType]:
    return lambda: TEXT(analyzer=folding_analyzer(), phrase=phrase)


def _signer(text: IndexedText) -> str:
    signer = text.letter.signer
    return " ".join(filter(None, [signer.name, signer.role])) if signer else ""


# The weights rank a letter by where a word occurs: in the subject above the headings above
# the text; a part of a compound ("crawler" in "webcrawler") far below the word itself.
QUERY_FIELDS: tuple[QueryField, ...] = (
    QueryField("subject", _dutch, lambda t: t.letter.subject or "", boost=3.0,
               names=("subject", "onderwerp", "betreft"), help="het onderwerp", highlighted=True, dutch=True),
    QueryField("heading", _dutch, lambda t: t.headings, boost=1.5,
               names=("heading", "kop"), help="de kopjes", passages=True, highlighted=True, dutch=True),
    QueryField("body", _dutch, lambda t: t.body, boost=1.0,
               names=("body", "tekst", "text"), help="de tekst en de voetnoten", passages=True, highlighted=True,
               dutch=True),
    # the parts of compounds in subject and body; positions only to find the passage, as
    # phrases match exactly as written
    QueryField(COMPOUND_PARTS_FIELD, lambda: TEXT(analyzer=compound_parts_analyzer(), phrase=True),
               lambda t: f"{t.letter.subject or ''}\n{t.body}", boost=0.3, passages=True, highlighted=True),
    QueryField("kenmerk", _folded(), lambda t: t.letter.kenmerk or "", boost=2.0,
               names=("kenmerk",), help="het kenmerk van de afzender"),
    QueryField("kamerstuk", lambda: KEYWORD(lowercase=True, scorable=True), lambda t: t.letter.kamerstuk or "",
               boost=2.0, names=("kamerstuk",), help="het Kamerstuk dat de brief is (kamerstuk:12449-66)"),
    # "24 oktober 1991": a date in words finds the letter dated then, even when its text never says so
    QueryField("dateline", _folded(), lambda t: dutch_date(t.letter.date) if t.letter.date else "", boost=0.5),
    QueryField("directorate", _folded(), lambda t: t.letter.directorate or "", boost=0.5,
               names=("directorate", "directie"), help="de directie"),
    QueryField("ministry", _folded(), lambda t: t.letter.ministry or "",
               names=("ministry", "ministerie"), help="het ministerie"),
    QueryField("doc_type", _folded(phrase=False), lambda t: t.letter.doc_type or "",
               names=("type", "soort", "doc_type"), help="de soort document (type:motie)"),
    QueryField("signer", _folded(), _signer, names=("signer", "ondertekenaar"), help="de ondertekenaar"),
    QueryField("ref", lambda: KEYWORD(lowercase=True, commas=True, scorable=True),
               lambda t: ",".join(reference_terms(t.letter.references)), boost=1.0,
               names=("ref", "verwijzing"),
               help="een aangehaald Kamerstuk, dossier of ECLI (ref:28638-184, ref:28638, ref:36600-X)"),
    # only so that the parser reads date:... syntax; search reads each letter's day from a column
    QueryField("date", DATETIME, None, names=("date", "datum"), help="een jaar, maand of periode (date:2021-11)"),
)
QUERY_FIELDS_BY_NAME = {field.name: field for field in QUERY_FIELDS}

DEFAULT_FIELDS = {field.name: field.boost for field in QUERY_FIELDS if field.boost is not None}
PASSAGE_FIELDS = frozenset(field.name for field in QUERY_FIELDS if field.passages)
HIGHLIGHTED_FIELDS = frozenset(field.name for field in QUERY_FIELDS if field.highlighted)
DUTCH_FIELDS = frozenset(field.name for field in QUERY_FIELDS if field.dutch)
# what users type -> the index field
TYPED_NAMES = {name: field.name for field in QUERY_FIELDS for name in field.names}


def named_fields() -> list[str]:
    """The field names users can type, each field by its first name, for messages."""
    return sorted(field.names[0] for field in QUERY_FIELDS if field.names)


def field_help() -> list[tuple[str, str]]:
    """(name, what it searches) of each field users can name, for the query help."""
    return sorted((field.names[0], field.help or "") for field in QUERY_FIELDS if field.names)
