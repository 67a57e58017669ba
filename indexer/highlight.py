"""Highlighted snippets: letter text escaped, query terms wrapped in <mark>, nothing else.

Terms are matched through the same Dutch analyzer that indexed the text, so a query for
"lokprofiel" marks "lokprofielen" and "geinformeerd" marks "geïnformeerd".
"""
from __future__ import annotations

from html import escape

from whoosh import highlight

from .analysis import dutch_analyzer

_ANALYZER = dutch_analyzer()


class MarkFormatter(highlight.Formatter):
    """Escapes all text and marks matched tokens with <mark>."""

    between = " … "

    def _text(self, text):
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % escape(highlight.get_text(text, token, replace), quote=False)


def query_terms(q, reader, fields=("body", "heading", "subject")) -> frozenset[str]:
    """The analysed terms a query matches in the text fields, prefixes and fuzzy words expanded."""
    from whoosh import query

    terms = set()
    for leaf in q.leaves():
        if getattr(leaf, "fieldname", None) not in fields:
            continue
        if isinstance(leaf, (query.Prefix, query.Wildcard, query.FuzzyTerm, query.Regex)):
            texts = leaf._btexts(reader)
        else:
            texts = (text for _, text in leaf.terms(phrases=True))
        for text in texts:
            terms.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(terms)


def snippet(text: str, terms: frozenset[str], max_chars: int = 320) -> str:
    """The best fragment of ``text`` around the terms, as safe HTML."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=max_chars, surround=90)
        marked = highlight.highlight(text, terms, _ANALYZER, fragmenter, MarkFormatter(), top=1)
        if marked:
            return marked
    cut = text[:max_chars]
    return escape(cut + ("…" if len(text) > max_chars else ""), quote=False)


def mark_all(text: str, terms: frozenset[str]) -> str:
    """The whole text as safe HTML with every matched term marked (letter page with ?q=)."""
    if not terms:
        return escape(text, quote=False)
    marked = highlight.highlight(
        text, terms, _ANALYZER, highlight.WholeFragmenter(charlimit=None), MarkFormatter(), top=1
    )
    return marked or escape(text, quote=False)
