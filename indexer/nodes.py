"""Kamerzoek's own query nodes: a parsed query, rewritten once per search.

``indexer.query`` parses what a user types with whoosh's query parser; ``rewrite`` turns that
whoosh tree once into the few node types below, expanding every prefix, wildcard, fuzzy word
and range into the words of the index it stands for (``indexer.expansion``). Matching and
ranking letters (``indexer.evaluate``), choosing passages and highlighting all walk these
nodes, so none of them expands a word again, and this is the only place that knows whoosh's
query classes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from whoosh import query as Q

from .layout import DAY_FIELD
from .query import MAX_FUZZY_DISTANCE, QueryError, WordTerm


class Node:
    boost: float = 1.0

    def for_passages(self, fields: frozenset[str]) -> "Node | None":
        """The part of this query that passages can match (words in ``fields``), or None."""
        raise NotImplementedError

    def positive_leaves(self) -> Iterator["_Leaf"]:
        """Every word, phrase or range the query looks for, not those it excludes."""
        raise NotImplementedError

    def positive_terms(self) -> Iterator[tuple[str, str]]:
        """(field, word) of every word the query looks for, not those it excludes."""
        for leaf in self.positive_leaves():
            for text in leaf.looks_for():
                yield leaf.field, text

    def boosted(self, factor: float) -> "Node":
        return self if factor == 1.0 else replace(self, boost=self.boost * factor)


# --- leaves --------------------------------------------------------------------------------

class _Leaf(Node):
    field: str

    def for_passages(self, fields):
        return self if self.field in fields else None

    def positive_leaves(self):
        yield self

    def looks_for(self) -> tuple[str, ...]:
        """The words of the index this leaf looks for."""
        raise NotImplementedError


@dataclass(frozen=True)
class Term(_Leaf):
    field: str
    text: str
    boost: float = 1.0

    def looks_for(self):
        return (self.text,)


@dataclass(frozen=True)
class Words(_Leaf):
    """A prefix, wildcard, fuzzy word or range, with the words of the index it stands for;
    scored as one word that occurs wherever any of them does."""

    field: str
    written: str  # as the user wrote it, e.g. "begrot*"
    texts: tuple[str, ...]
    boost: float = 1.0

    def looks_for(self):
        return self.texts


@dataclass(frozen=True)
class Phrase(_Leaf):
    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0

    def looks_for(self):
        return self.words


@dataclass(frozen=True)
class DayRange(_Leaf):
    """Letters dated from ``start`` to ``end`` (day numbers, ``date.toordinal()``; None is open)."""

    start: int | None
    end: int | None
    field: str = DAY_FIELD
    boost: float = 1.0

    def looks_for(self):
        return ()


class _Constant(Node):
    """A query that matches every letter or none, whatever its words: passages ignore it."""

    def for_passages(self, fields):
        return None

    def positive_leaves(self):
        return iter(())


@dataclass(frozen=True)
class Everything(_Constant):
    boost: float = 1.0


@dataclass(frozen=True)
class Nothing(_Constant):
    boost: float = 1.0


# --- compounds -----------------------------------------------------------------------------

class _Group(Node):
    parts: tuple[Node, ...]

    def for_passages(self, fields):
        kept = tuple(p for p in (part.for_passages(fields) for part in self.parts) if p is not None)
        if not kept:
            return None
        return kept[0].boosted(self.boost) if len(kept) == 1 else replace(self, parts=kept)

    def positive_leaves(self):
        for part in self.parts:
            yield from part.positive_leaves()


@dataclass(frozen=True)
class And(_Group):
    parts: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or(_Group):
    """Any of the parts; a letter's score is the sum of the parts it matches."""

    parts: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not(Node):
    part: Node
    boost: float = 1.0

    def for_passages(self, fields):
        inner = self.part.for_passages(fields)
        return None if inner is None else Not(inner)

    def positive_leaves(self):
        return iter(())


class _Pair(Node):
    """``a`` decides which letters match; ``b`` narrows (AndNot, Require) or adds to the score
    (AndMaybe)."""

    a: Node
    b: Node

    def for_passages(self, fields):
        a, b = self.a.for_passages(fields), self.b.for_passages(fields)
        if a is None:
            return None
        return a if b is None else replace(self, a=a, b=b)

    def positive_leaves(self):
        yield from self.a.positive_leaves()
        yield from self.b.positive_leaves()


@dataclass(frozen=True)
class AndNot(_Pair):
    a: Node
    b: Node
    boost: float = 1.0

    def positive_leaves(self):
        return self.a.positive_leaves()


@dataclass(frozen=True)
class AndMaybe(_Pair):
    a: Node
    b: Node
    boost: float = 1.0


@dataclass(frozen=True)
class Require(_Pair):
    a: Node
    b: Node
    boost: float = 1.0


@dataclass(frozen=True)
class Prefer(Node):
    """Letters (or passages) that ``first`` matches rank above those that only ``then`` matches,
    as far as this node's score goes: a word itself above the word as a part of a compound."""

    first: Node
    then: Node
    boost: float = 1.0

    def for_passages(self, fields):
        first, then = self.first.for_passages(fields), self.then.for_passages(fields)
        if first is None or then is None:
            kept = first or then
            return kept.boosted(self.boost) if kept is not None else None
        return replace(self, first=first, then=then)

    def positive_leaves(self):
        yield from self.first.positive_leaves()
        yield from self.then.positive_leaves()


def loosened(node: Node) -> Node:
    """The query with every "all of" (And, Require) turned into "any of", so that it matches
    what holds only some of its words, scored by how many and how rare (passage choice)."""
    if isinstance(node, (And, Or)):
        return Or(tuple(loosened(part) for part in node.parts), boost=node.boost)
    if isinstance(node, Require):
        return Or((loosened(node.a), loosened(node.b)), boost=node.boost)
    if isinstance(node, (AndNot, AndMaybe)):
        return replace(node, a=loosened(node.a))
    return node


# --- from whoosh's tree --------------------------------------------------------------------

# expand(kind, field, text, **options) -> the words of the index the word stands for
Expand = Callable[..., tuple[str, ...]]


def rewrite(q: Q.Query, expand: Expand) -> Node:
    """Kamerzoek's nodes for a parsed (and normalised) whoosh query, multi-term words
    expanded through ``expand``."""
    from . import words

    if q is Q.NullQuery:
        return Nothing()
    word = _query_word(q)
    if word is not None:
        return words.word_node(word, expand)
    kind = type(q)
    if kind in _GROUPS:
        parts = [rewrite(s, expand) for s in q.subqueries]
        if kind is Q.And:
            parts = words.join_written_apart([_query_word(s) for s in q.subqueries], parts, expand)
        return _GROUPS[kind](tuple(parts), boost=q.boost)
    if kind in _PAIRS:
        return _PAIRS[kind](rewrite(q.a, expand), rewrite(q.b, expand), boost=q.boost)
    if kind is Q.Not:
        return Not(rewrite(q.query, expand), boost=q.boost)
    if kind is Q.Every:
        return Everything(boost=q.boost)
    if kind is Q.Term:
        return Term(q.fieldname, _text(q.text), boost=q.boost)
    if kind is Q.Phrase:
        return Phrase(q.fieldname, tuple(_text(w) for w in q.words), slop=q.slop, boost=q.boost)
    if kind is Q.NumericRange and q.fieldname == DAY_FIELD:
        return DayRange(q.start, q.end)
    if isinstance(q, Q.FuzzyTerm):
        return _fuzzy(q, expand)
    if isinstance(q, (Q.Prefix, Q.Wildcard)):
        return _pattern(q, expand)
    if isinstance(q, Q.TermRange):
        texts = expand("range", q.fieldname, _text(q.start or ""), end=q.end and _text(q.end),
                       startexcl=q.startexcl, endexcl=q.endexcl)
        return Words(q.fieldname, str(q), texts, boost=q.boost)
    raise QueryError(f"Dit deel van de zoekvraag wordt niet ondersteund: {q}")


_GROUPS = {Q.And: And, Q.Or: Or}


def _query_word(q: Q.Query):
    """A plain word of the query, with its term in each field it is searched in (the parser's
    Or over the fields, or one field's term), or None."""
    from .words import QueryWord

    leaves = [q] if isinstance(q, WordTerm) else list(q.subqueries) if type(q) is Q.Or else []
    if not leaves or not all(isinstance(leaf, WordTerm) for leaf in leaves):
        return None
    written = {leaf.written for leaf in leaves}
    if len(written) != 1:
        return None
    factor = q.boost if type(q) is Q.Or else 1.0
    return QueryWord(written.pop(), tuple((leaf.fieldname, _text(leaf.text), leaf.boost * factor) for leaf in leaves))
_PAIRS = {Q.AndNot: AndNot, Q.AndMaybe: AndMaybe, Q.Require: Require}


def _text(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else str(text)


def _fuzzy(q: Q.FuzzyTerm, expand: Expand) -> Words:
    text = _text(q.text)
    if q.maxdist > MAX_FUZZY_DISTANCE:
        raise QueryError(
            f"'{text}~{q.maxdist}' zoekt te ruim; gebruik ~1 of ~{MAX_FUZZY_DISTANCE} (een of twee tikfouten)."
        )
    texts = expand("fuzzy", q.fieldname, text, maxdist=q.maxdist, prefixlength=q.prefixlength)
    return Words(q.fieldname, f"{text}~{q.maxdist}", texts, boost=q.boost)


def _pattern(q, expand: Expand) -> Words:
    text = _text(q.text)
    if len(text.strip("*?")) < 2:
        raise QueryError(f"'{text}*' is te kort om mee te zoeken; geef minstens twee letters vóór de *.")
    if isinstance(q, Q.Prefix):
        return Words(q.fieldname, f"{text}*", expand("prefix", q.fieldname, text), boost=q.boost)
    return Words(q.fieldname, text, expand("wildcard", q.fieldname, text), boost=q.boost)
