"""The query language: from what a user types to a whoosh query, or a clear error.

    lokprofiel webcrawler      all words must match (in any field, subject weighs most)
    "seksueel geweld"          a phrase, exactly as written
    lokprofiel OR webcrawler   either word            (OF works too)
    NOT zeden, -zeden          leave out letters with the word   (NIET works too)
    (a OR b) c                 grouping
    subject:mensenhandel       a field: subject, kenmerk, kamerstuk, directorate, ministry, type, signer, ref
    ref:"28 638, nr. 184"      letters that cite a Kamerstuk (also ref:28638-184, ref:ECLI:...);
                               ref:28638 any document of the dossier, ref:36600-X of a chapter
    lokprof*                   a prefix
    lokprofiel~                a fuzzy word (one typo), lokprofiel~2 for two
    date:2021                  a year, month (date:2021-11) or range date:[2021-01-01 TO 2021-06-30]

Everything a person can type gets either a query or a ``QueryError`` whose message says
what is wrong, in Dutch, for the search page and the API.
"""
from __future__ import annotations

import datetime as _dt
import re

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from .dates import DateParseError, parse_period
from .fields import COMPOUND_PARTS_FIELD, DEFAULT_FIELDS, QUERY_FIELDS, TYPED_NAMES, named_fields
from .references import may_be_cited, normalise_reference_query

MAX_QUERY_LENGTH = 1000
MAX_NESTING = 20  # parentheses deep; whoosh recurses per level
MAX_FUZZY_DISTANCE = 2  # larger edit distances build automata that take seconds to minutes

PERIOD_EXAMPLES = "Gebruik bijvoorbeeld 2021, 2021-11, nov 2021, 17-11-2021 of 17 november 2021."


class QueryError(ValueError):
    """A query the user must change; the message says how."""


def _check_balance(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('Er ontbreekt een afsluitend aanhalingsteken (") in de zoekvraag.')
    depth = deepest = 0
    for ch in re.sub(r'"[^"]*"', "", text):
        depth += ch == "("
        depth -= ch == ")"
        deepest = max(deepest, depth)
        if depth < 0:
            raise QueryError("Er staat een sluithaakje ')' zonder openingshaakje in de zoekvraag.")
    if depth:
        raise QueryError("Er ontbreekt een sluithaakje ')' in de zoekvraag.")
    if deepest > MAX_NESTING or text.count("(") > 50:
        raise QueryError("De zoekvraag is te diep genest.")


def _check_fields(text: str) -> None:
    for name in re.findall(r'(?:(?<=\s)|(?<=^)|(?<=\()|(?<=-))([A-Za-z_]+):(?!//)', re.sub(r'"[^"]*"', "", text)):
        if name.lower() not in TYPED_NAMES:
            raise QueryError(f"Onbekend veld '{name}:'. Bekende velden: {', '.join(named_fields())}.")


def _normalise_refs(text: str) -> str:
    def repl(match: re.Match) -> str:
        value = match.group(2).strip('"')
        normalised = normalise_reference_query(value)
        if not may_be_cited(normalised):
            raise QueryError(
                f"ref:{match.group(2)} is geen stuk dat een brief kan aanhalen. Geef een Kamerstuk of dossier "
                '(ref:28638, ref:"28 638, nr. 184", ref:"36 600 X"), een uitspraak (ref:ECLI:NL:HR:2020:123) '
                "of een publicatie (ref:stb-2020-118)."
            )
        return f"{match.group(1)}:'{normalised}'"

    return re.sub(r'\b(ref|verwijzing):("[^"]*"|\S+)', repl, text, flags=re.I)


_DUTCH_OPERATORS = {"OF": "OR", "NIET": "NOT", "EN": "AND"}


def _translate_operators(text: str) -> str:
    """Dutch operators to whoosh's, and '<' and '>' that do not follow a field name ("date:<2021")
    to spaces: whoosh reads them as comparisons and fails on one at the start of a group."""
    parts = re.split(r'("[^"]*")', text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\b(OF|NIET|EN)\b", lambda m: _DUTCH_OPERATORS[m.group(1)], parts[i])
        parts[i] = re.sub(r"(?<!:)[<>]", " ", parts[i])
    return "".join(parts)  # as written around the phrases: 'subject:"a b"' keeps its field


def _partial_date(text: str):
    """'2021', '2021-11', 'nov 2021', '17 november 2021' -> whoosh's partial datetime of the
    period meant (``indexer.dates.parse_period``), or None when it is no date."""
    from whoosh.util.times import adatetime

    try:
        first, last = parse_period(text)
    except DateParseError:
        return None
    if first == last:
        return adatetime(year=first.year, month=first.month, day=first.day)
    if first.month == last.month:
        return adatetime(year=first.year, month=first.month)
    return adatetime(year=first.year)


class _DutchDateParser:
    """Whoosh's date plugin, taught Dutch and ISO dates. A single date means its whole span
    (date:2021 is the year); range ends are partial dates that whoosh rounds outward."""

    def date_from(self, text: str, dt=None):
        from whoosh.util.times import timespan

        partial = _partial_date(text)
        if partial is None:
            return None
        return timespan(partial, partial).disambiguated(_dt.datetime.now())

    def get_parser(self):
        return _RangeEnds()


class _RangeEnds:
    def date_from(self, text: str, dt=None):
        return _partial_date(text)


class WordTerm(query.Term):
    """A term the parser made of one plain word, which keeps the word as the user wrote it
    ("OM", "hogesnelheidslijn"): ``indexer.words`` decides from it what else the word stands for."""

    def __init__(self, fieldname, text, boost=1.0, minquality=None, written: str | None = None):
        super().__init__(fieldname, text, boost=boost, minquality=minquality)
        self.written = written if written is not None else text


class _Parser(qparser.QueryParser):
    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if termclass in (query.Prefix, query.Wildcard):
            # the beginning of a word, folded but not stemmed: verpleeg* is verpleeghuiszorg, and
            # stemmed it would be verpleg*
            return termclass(fieldname, _folded(text), boost=boost)
        found = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if type(found) is query.Term:
            return WordTerm(found.fieldname, found.text, boost=found.boost, written=text)
        return found


def _folded(text: str) -> str:
    from .analysis import folding_analyzer

    return "".join(token.text for token in folding_analyzer()(text, tokenize=False))


FUZZY_PREFIX = 1  # letters a word~ keeps as written, unless the query says (word~1/2)


class _FuzzyTermPlugin(qparser.FuzzyTermPlugin):
    """``word~`` finds the words within one edit that begin with the same letter. Whoosh's
    default lets the first letter differ too, which means comparing against a field's whole
    lexicon: at 150,000 letters over a million words in the body, 4 s to read once per index
    generation, more than a search may take. Typos in the first letter are rare, and the
    respelling of a query that finds nothing keeps its first letter as well."""

    def create(self, parser, match):
        node = super().create(parser, match)
        if not match.group("prefix"):
            node.prefixlength = FUZZY_PREFIX
        return node


def make_parser(schema) -> qparser.QueryParser:
    parser = _Parser(None, schema, group=qparser.AndGroup)  # as whoosh's MultifieldParser builds one
    parser.add_plugin(qparser.MultifieldPlugin(list(DEFAULT_FIELDS), fieldboosts=DEFAULT_FIELDS))
    parser.add_plugin(_FuzzyTermPlugin())
    # "-word" excludes only at the start of a word, so "klant-daders" and 2021-11 stay whole
    parser.add_plugin(qparser.PlusMinusPlugin(
        plusexpr=r"(?:(?<=\s)|(?<=^)|(?<=\())\+(?=[\w\"(])",
        minusexpr=r"(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])",
    ))
    parser.add_plugin(qparser.FieldAliasPlugin(
        {field.name: [name for name in field.names if name != field.name] for field in QUERY_FIELDS}
    ))
    parser.add_plugin(qparser.GtLtPlugin())
    dateplugin = DateParserPlugin(dateparser=_DutchDateParser(), callback=_raise_date_error)
    parser.add_plugin(dateplugin)
    parser.remove_plugin_class(qparser.BoostPlugin)  # '^' has no meaning for our users
    return parser


def _raise_date_error(message: str) -> None:
    raise QueryError(f"Ongeldige datum in de zoekvraag: {message}. Gebruik bijvoorbeeld date:2021-11-17 of date:[2021-01-01 TO 2021-12-31].")


def parse_query(text: str, schema) -> query.Query:
    """Parse a user's query into whoosh's query tree (``indexer.nodes.rewrite`` turns it into
    Kamerzoek's own nodes); raises QueryError with a message meant for that user."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"De zoekvraag is te lang ({len(text)} tekens; maximaal {MAX_QUERY_LENGTH}).")
    if not text:
        return query.Every()
    _check_balance(text)
    _check_fields(text)
    text = _translate_operators(_normalise_refs(text))
    try:
        # not normalised yet: a one-word phrase must still be seen as a phrase by _fit_to_fields
        parsed = make_parser(schema).parse(text, normalize=False)
    except QueryError:
        raise
    except Exception as exc:  # whoosh's own parse errors
        detail = str(exc).strip() or "controleer de aanhalingstekens, haakjes en veldnamen"
        raise QueryError(f"De zoekvraag kan niet worden gelezen: {detail}.") from exc
    parsed = _drop_errors(_fit_to_fields(parsed, schema))
    nothing = parsed is query.NullQuery or isinstance(parsed, query.NullQuery.__class__)
    if nothing and not re.search(r"(?:^|[\s(])(?:-|NOT\s)", text):
        raise QueryError("De zoekvraag bevat geen woorden om op te zoeken.")
    if nothing or _only_negative(parsed):
        raise QueryError("Een zoekvraag met alleen NOT/-woorden vindt niets; voeg een woord toe om op te zoeken.")
    return parsed


def _drop_errors(q: query.Query) -> query.Query:
    for sub in q.leaves():
        if sub is query.NullQuery:
            continue
        if getattr(sub, "error", None):
            raise QueryError(f"Dit deel van de zoekvraag is niet te lezen: {sub}")
    return q.normalize()


def _fit_to_fields(q: query.Query, schema) -> query.Query:
    """Adapt each part of a parsed query to its field: compound parts only match plain words
    (a phrase matches exactly as written; ``indexer.words`` decides what a plain word finds
    there), a phrase on a field without positions becomes all its words."""
    if not q.is_leaf():
        return q.apply(lambda child: _fit_to_fields(child, schema))
    field = getattr(q, "fieldname", None)
    if isinstance(q, query.DateRange):
        return _as_day_range(q)
    if field == COMPOUND_PARTS_FIELD and not isinstance(q, query.Term):
        return query.NullQuery
    if isinstance(q, query.Phrase) and field in schema and not schema[field].format.supports("positions"):
        return query.And([query.Term(field, word, boost=q.boost) for word in q.words])
    return q


def _only_negative(q: query.Query) -> bool:
    if isinstance(q, query.Not):
        return True
    if isinstance(q, query.And):
        return all(isinstance(s, query.Not) for s in q.subqueries)
    return False


def _as_day_range(q: query.DateRange) -> query.Query:
    """date:... as a range of day numbers: a few terms of the day field, not thousands."""
    from .layout import DAY_FIELD

    start = q.startdate.date().toordinal() if q.startdate else 1
    end = q.enddate.date().toordinal() if q.enddate else None
    return query.NumericRange(DAY_FIELD, start, end, boost=q.boost)


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[_dt.date | None, _dt.date | None]:
    """The from/to parameters as the first day of the period ``date_from`` means and the last
    day of the one ``date_to`` means (to=2021 is through 31 December 2021); raises QueryError for
    a date that is not one."""
    start = end = None
    try:
        if date_from:
            start = parse_period(date_from)[0]
        if date_to:
            end = parse_period(date_to)[1]
    except DateParseError as exc:
        raise QueryError(f"Ongeldige datum ({exc}). {PERIOD_EXAMPLES}") from exc
    if start and end and start > end:
        raise QueryError("De begindatum ligt na de einddatum.")
    return start, end
