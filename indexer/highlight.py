"""Highlighted snippets: letter text escaped, query terms wrapped in <mark>, nothing else.

Terms are matched through the same Dutch analysis that indexed the text, so a query for
"lokprofiel" marks "lokprofielen", "geinformeerd" marks "geïnformeerd", and "crawler"
marks the compound "webcrawler" that it found through the compound parts.
"""
from __future__ import annotations

from html import escape

from whoosh import highlight, query
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from .analysis import MIN_PART_LENGTH, TOKEN_PATTERN, stem
from .compounds import compound_parts

TEXT_FIELDS = ("body", "heading", "subject", "parts")


class MarkFormatter(highlight.Formatter):
    """Escapes all text and marks matched tokens with <mark>."""

    between = " … "

    def _text(self, text):
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % escape(highlight.get_text(text, token, replace), quote=False)

    def format_fragment(self, fragment, replace=False):
        """A fragment cut out of a longer text says so with an ellipsis at the cut."""
        html = super().format_fragment(fragment, replace=replace).strip()
        if fragment.startchar > 0:
            html = "…" + html
        if fragment.endchar < len(fragment.text):
            html += "…"
        return html


class StemOrPartFilter(Filter):
    """Stems each word; a compound whose own stem is no query term but one of whose parts
    is takes that part's stem, so the highlighter marks the whole compound."""

    def __init__(self, terms: frozenset[str]):
        self.terms = terms

    def __call__(self, tokens):
        for token in tokens:
            stemmed = stem(token.text)
            if stemmed not in self.terms:
                stemmed = next((s for s in self._part_stems(token.text) if s in self.terms), stemmed)
            token.text = stemmed
            yield token

    @staticmethod
    def _part_stems(word: str):
        return (stem(part) for part in compound_parts(word) if len(part) >= MIN_PART_LENGTH)


def _analyzer(terms: frozenset[str]):
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map) | StemOrPartFilter(terms)


def query_terms(q, reader, fields=TEXT_FIELDS) -> frozenset[str]:
    """The analysed terms a query looks for in the text fields, prefixes and fuzzy words
    expanded; words the query excludes (NOT, -word) are not marked."""
    terms = set()
    for leaf in _positive_leaves(q):
        if getattr(leaf, "fieldname", None) not in fields:
            continue
        if isinstance(leaf, (query.Prefix, query.Wildcard, query.FuzzyTerm, query.Regex)):
            texts = leaf._btexts(reader)
        else:
            texts = (text for _, text in leaf.terms(phrases=True))
        for text in texts:
            terms.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(terms)


def _positive_leaves(q):
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def snippet(text: str, terms: frozenset[str], max_chars: int = 320) -> str:
    """The best fragment of ``text`` around the terms, as safe HTML."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=max_chars, surround=90)
        marked = highlight.highlight(text, terms, _analyzer(terms), fragmenter, MarkFormatter(), top=1)
        if marked:
            return marked
    cut = text[:max_chars]
    return escape(cut + ("…" if len(text) > max_chars else ""), quote=False)


def mark_all(text: str, terms: frozenset[str]) -> str:
    """The whole text as safe HTML with every matched term marked (letter page with ?q=)."""
    if not terms:
        return escape(text, quote=False)
    marked = highlight.highlight(
        text, terms, _analyzer(terms), highlight.WholeFragmenter(charlimit=None), MarkFormatter(), top=1
    )
    return marked or escape(text, quote=False)
