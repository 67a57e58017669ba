"""Dutch analysis as a whoosh chain of small filters, shared by indexing and querying.

    tokenizer | lower case | accent folding | Snowball Dutch stemming

so that "Lokprofielen", "lokprofiel" and "LOKPROFIEL" meet in one term, and "geïnformeerd"
meets "geinformeerd". Because the same chain analyses documents and queries, the index
and the query side always agree. Footnote markers ("[^3]") are not words: the tokenizer
skips them, so a phrase around a marker is still a phrase.

The *parts* chain indexes only the parts of compounds ("webcrawler" -> web, crawler;
"lokprofielen" -> profiel), stemmed like everything else; on the query side it leaves the
word whole, so the query "crawler" meets the part "crawler" of "webcrawler".
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.support.charset import accent_map

from .compounds import compound_parts

# Words: runs of letters/digits, with inner dots ("o.a.", "2.5").
# The look-behind skips the digits of a footnote marker "[^12]".
TOKEN_PATTERN = r"(?<![\w^])\w+(?:\.\w+)*"
MIN_PART_LENGTH = 4  # "web", "lok": too short to be worth finding on their own


class CompoundPartsFilter(Filter):
    """When indexing, replaces each compound by its parts and drops words that are no
    compound; when querying, leaves each word whole. (Not whoosh's MultiFilter, which
    raises StopIteration on a text without tokens.)"""

    def __call__(self, tokens):
        for token in tokens:
            if token.mode == "query":
                yield token
                continue
            for part in compound_parts(token.text):
                if len(part) >= MIN_PART_LENGTH:
                    token.text = part
                    yield token


class StemRepairFilter(Filter):
    """Evens out three places where Snowball's Dutch stemmer leaves singular and plural apart:

    - a doubled final consonant: "bedrijfschappen" -> bedrijfschapp, "bedrijfschap" -> bedrijfschap;
    - z/s alternation: "grenzen" -> grenz, "grens" -> gren (Snowball drops the final s);
      "huizen" -> huiz, "huis" -> huis;
    - v/f alternation: "brieven" -> briev, "brief" -> brief.
    Dutch words do not end in a doubled consonant, z or v, so the repair touches only stems.
    """

    _VOWELS = set("aeiouy")

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.repair(token.text)
            yield token

    @classmethod
    def repair(cls, stem: str) -> str:
        if len(stem) < 4:
            return stem
        last, before = stem[-1], stem[-2]
        if last == before and last.isalpha() and last not in cls._VOWELS:
            return stem[:-1]
        if last == "z":
            # as Snowball treats a final s: dropped after a consonant other than j
            return stem[:-1] if before not in cls._VOWELS and before != "j" else stem[:-1] + "s"
        if last == "v":
            return stem[:-1] + "f"
        return stem


_SNOWBALL = None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One folded word as the index stems it (Snowball, then the repairs above)."""
    global _SNOWBALL
    if _SNOWBALL is None:
        from whoosh.lang import stemmer_for_language

        _SNOWBALL = stemmer_for_language("nl")
    return StemRepairFilter.repair(_SNOWBALL(word))


def _folding_chain():
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def _stemmer():
    return StemFilter(lang="nl", cachesize=100_000) | StemRepairFilter()


def dutch_analyzer(stem: bool = True):
    chain = _folding_chain()
    return chain | _stemmer() if stem else chain


def folding_analyzer():
    """Case and accent folding without stemming: for names, kenmerken and labels."""
    return dutch_analyzer(stem=False)


def compound_parts_analyzer():
    """Index side: the stemmed parts of compounds. Query side: the stemmed word itself."""
    return _folding_chain() | CompoundPartsFilter() | _stemmer()
