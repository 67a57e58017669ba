"""Dutch analysis as a whoosh chain of small filters, shared by indexing and querying.

    tokenizer | lower case | accent folding | Snowball Dutch stemming

so that "Lokprofielen", "lokprofiel" and "LOKPROFIEL" meet in one term, and "geïnformeerd"
meets "geinformeerd". Because the same chain analyses documents and queries, the index
and the query side always agree. Footnote markers ("[^3]") are not words: the tokenizer
skips them, so a phrase around a marker is still a phrase.
"""
from __future__ import annotations

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.support.charset import accent_map

# Words: runs of letters/digits, with inner dots ("o.a.", "2.5").
# The look-behind skips the digits of a footnote marker "[^12]".
TOKEN_PATTERN = r"(?<![\w^])\w+(?:\.\w+)*"


def dutch_analyzer(stem: bool = True):
    chain = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    if stem:
        chain = chain | StemFilter(lang="nl", cachesize=100_000)
    return chain


def folding_analyzer():
    """Case and accent folding without stemming: for names, kenmerken and labels."""
    return dutch_analyzer(stem=False)
