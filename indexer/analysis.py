"""Dutch analysis as a whoosh chain of small filters, shared by indexing and querying.

    words | lower case | -ie plurals | accent folding | today's spelling | stemming | acronyms

so that "Lokprofielen", "lokprofiel" and "LOKPROFIEL" meet in one term, "geïnformeerd" meets
"geinformeerd", "subsidies" and "strategieën" meet "subsidie" and "strategie", and the spelling
before 1947 meets today's ("menschen" mensen, "Nederlandsch" Nederlands, "begrooting" begroting).
Because the same chain analyses documents and queries, the index and the query side always
agree. Footnote markers ("[^3]") are not words: the tokenizer skips them, so a phrase around a
marker is still a phrase.

An acronym (a word in capitals among words that are not: "politie en OM") is indexed twice at
its position: folded like any word ("om") and as written ("OM"), so a query in capitals can ask
for the acronym alone (``indexer.words``) while "om" still finds both.

The *parts* chain indexes only the parts of compounds ("webcrawler" -> web, crawler;
"lokprofielen" -> profiel), stemmed like everything else; on the query side it leaves the
word whole, so the query "crawler" meets the part "crawler" of "webcrawler".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, Token, Tokenizer
from whoosh.support.charset import accent_map

from .compounds import compound_parts
from .spelling_history import modern_spelling

# Words: runs of letters/digits, with inner dots ("o.a.", "2.5").
# The look-behind skips the digits of a footnote marker "[^12]".
TOKEN_PATTERN = r"(?<![\w^])\w+(?:\.\w+)*"
_WORDS = re.compile(TOKEN_PATTERN)
MIN_PART_LENGTH = 4  # "web", "lok": too short to be worth finding on their own


class CompoundPartsFilter(Filter):
    """When indexing, replaces each compound by its parts and drops words that are no
    compound; when querying, leaves each word whole. (Not whoosh's MultiFilter, which
    raises StopIteration on a text without tokens.)"""

    wordwise = True  # each word's parts depend on that word alone (indexer.wordwise)

    def __call__(self, tokens):
        for token in tokens:
            if token.mode == "query":
                yield token
                continue
            for part in compound_parts(token.text):
                if len(part) >= MIN_PART_LENGTH:
                    token.text = part
                    yield token


class WordTokenizer(Tokenizer):
    """Words as ``TOKEN_PATTERN`` finds them, numbered by position; each token says whether it
    is an acronym (``token.capitals``: the word as written, else None)."""

    word_attributes = ("capitals",)  # what the filters may read besides the text (indexer.wordwise)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans, flags = _spans_and_acronyms(value, tokenize)
        for pos, ((start, end), acronym) in enumerate(zip(spans, flags)):
            token.text = value[start:end]
            token.capitals = token.text if acronym else None
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def word_keys(self, value: str) -> list[str | tuple[str, str]]:
        """Each word of ``value`` as its key for ``indexer.wordwise``, without making tokens:
        the word itself, or (word, capitals) for an acronym. Line by line, as acronyms are
        told: a word cannot span a line break, and most lines have no word in capitals to
        look at twice."""
        keys: list[str | tuple[str, str]] = []
        for line in value.split("\n"):
            keys += _line_keys(line)
        return keys


def word_count(text: str) -> int:
    """The words of ``text`` as the tokenizer numbers them. Line by line through the same
    remembered lines as ``WordTokenizer.word_keys``: a letter's passages are counted just
    before its body is indexed, so each line is split into words once."""
    return sum(len(_line_keys(line)) for line in text.split("\n"))


@lru_cache(maxsize=1024)
def _line_keys(line: str) -> tuple[str | tuple[str, str], ...]:
    """``word_keys`` of one line. Kept for the lines of the letter being indexed: the body's
    lines are indexed again in the compound-parts field, a few lines later."""
    words = _WORDS.findall(line)
    if any(map(str.isupper, words)):  # else no word is an acronym (``_in_capitals``)
        return tuple((word, word) if acronym else word for word, acronym in zip(words, acronyms(words)))
    return tuple(words)


def _spans_and_acronyms(value: str, tokenize: bool) -> tuple[list[tuple[int, int]], list[bool]]:
    spans = [m.span() for m in _WORDS.finditer(value)] if tokenize else [(0, len(value))]
    return spans, [flag for line in _lines(value, spans) for flag in acronyms([value[a:b] for a, b in line])]


MAX_LONE_ACRONYM = 6  # letters of a word in capitals standing alone that is an acronym ("UNESCO")


def _lines(value: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The word spans of each line: an acronym is told by the words beside it on its line, so
    that a passage is analysed alike on its own and within the letter's body."""
    lines: list[list[tuple[int, int]]] = [[]]
    end = 0
    for span in spans:
        if "\n" in value[end:span[0]]:
            lines.append([])
        lines[-1].append(span)
        end = span[1]
    return lines


def acronyms(words: list[str]) -> list[bool]:
    """Which words are acronyms: written in capitals (two letters or more) while a neighbouring
    word is not ("politie en OM"), or short and standing alone ("AIVD" as a heading). A run of
    capitals ("BRIEF VAN DE MINISTER", a signature) is shouting, not acronyms. Numbers are no
    neighbours: "OM 2021" is the OM. Only words in capitals are looked at, and from them
    their neighbours: a line of a hundred words has one or two."""
    flags = [False] * len(words)
    for i in compress(range(len(words)), map(str.isupper, words)):
        if not _in_capitals(words[i]):
            continue
        neighbours = [w for w in (_lettered_neighbour(words, i, -1), _lettered_neighbour(words, i, 1)) if w]
        if neighbours:
            flags[i] = any(not _in_capitals(word) for word in neighbours)
        else:
            flags[i] = len(words[i]) <= MAX_LONE_ACRONYM
    return flags


def _lettered_neighbour(words: list[str], i: int, step: int) -> str | None:
    """The nearest word before (step -1) or after (step 1) word ``i`` that has a letter."""
    j = i + step
    while 0 <= j < len(words):
        if _has_letter(words[j]):
            return words[j]
        j += step
    return None


def _has_letter(word: str) -> bool:
    return word[:1].isalpha() or any(c.isalpha() for c in word)


def _in_capitals(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) >= 2  # the cheap test first: most words fail it


class AcronymFilter(Filter):
    """When indexing, adds an acronym's capitals as a term of its own at its position (after
    the folded, stemmed word); queries ask for it through ``indexer.words``, not through it."""

    wordwise = True  # (indexer.wordwise)

    def __call__(self, tokens):
        for token in tokens:
            capitals = getattr(token, "capitals", None)
            yield token
            if capitals and token.mode != "query":
                token.text = capital_term(capitals)
                yield token


def capital_term(word: str) -> str:
    """The term an acronym is indexed as: its capitals, accents folded ("ÉÉN" -> "EEN")."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class IePluralFilter(Filter):
    """Plurals in -iën and -ieën to their singular in -ie, before accents are folded (which
    would make "Indiën" the conjunction "indien"): "financiën" -> financie, "strategieën" ->
    strategie. (Plurals in -ies, and -ieen typed without the diaeresis, are evened out in
    ``stem``.)"""

    wordwise = True  # (indexer.wordwise)

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if text.endswith("ieën"):
                token.text = text[:-2]
            elif text.endswith("iën") and len(text) > 4:
                token.text = text[:-1]
            yield token


class _EachWordFilter(Filter):
    """A filter that rewrites every word by itself, through ``convert``."""

    wordwise = True  # (indexer.wordwise)

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.convert(token.text)
            yield token


class ModernSpellingFilter(_EachWordFilter):
    """Words in the spelling before 1947 to today's (``indexer.spelling_history``)."""

    convert = staticmethod(lambda text: modern_spelling(text))


class DutchStemFilter(_EachWordFilter):
    """Each word to its stem (``stem``)."""

    convert = staticmethod(lambda text: stem(text))


_VOWELS = frozenset("aeiouy")
MIN_ING_NOUN = 6  # "regeling", "handeling": shorter words in -ing ("ding", "ring") stem as Snowball does


def repair_stem(stem: str) -> str:
    """Evens out three places where Snowball's Dutch stemmer leaves singular and plural apart:

    - a doubled final consonant: "bedrijfschappen" -> bedrijfschapp, "bedrijfschap" -> bedrijfschap;
    - z/s alternation: "grenzen" -> grenz, "grens" -> gren (Snowball drops the final s);
      "huizen" -> huiz, "huis" -> huis;
    - v/f alternation: "brieven" -> briev, "brief" -> brief;
    and one where it leaves a plural in -s: "subsidies" -> subsidies (Snowball keeps an s after a
    vowel) and "strategieen" (typed without its diaeresis) meet "subsidie" and "strategie".
    Dutch words do not end in a doubled consonant, z or v, so the repair touches only stems.
    """
    if len(stem) < 4:
        return stem
    last, before = stem[-1], stem[-2]
    if last == before and last.isalpha() and last not in _VOWELS:
        stem = stem[:-1]
    elif last == "z":
        # as Snowball treats a final s: dropped after a consonant other than j
        stem = stem[:-1] if before not in _VOWELS and before != "j" else stem[:-1] + "s"
    elif last == "v":
        stem = stem[:-1] + "f"
    if len(stem) >= 6 and stem.endswith(("ies", "ieen")):
        stem = stem[: stem.rindex("ie") + 2]
    return stem


_SNOWBALL = None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One folded word as the index stems it: Snowball, then the repairs above. A noun in
    -ing keeps its ending: Snowball makes "handelingen" (the Handelingen, the parliamentary
    record, cited in most letters) "handel" (trade), and "uitvoering" (carrying out) "uitvoer"
    (export); -ing nouns then meet their plural in -ingen, and the query side
    (``indexer.words``) brings verb and noun together where they are the same word."""
    noun = word[:-2] if word.endswith("ingen") else word
    if is_ing_noun(noun):
        return noun
    return snowball_stem(word)


def is_ing_noun(word: str) -> bool:
    return word.endswith("ing") and len(word) >= MIN_ING_NOUN


def snowball_stem(word: str) -> str:
    """Snowball's Dutch stem with the repairs above, -ing or not ("opsporing" opspor)."""
    global _SNOWBALL
    if _SNOWBALL is None:
        from whoosh.lang import stemmer_for_language

        _SNOWBALL = stemmer_for_language("nl")
    return repair_stem(_SNOWBALL(word))


def _words():
    return WordTokenizer() | LowercaseFilter()


def folding_analyzer():
    """Case and accent folding, nothing else: for names, kenmerken and labels."""
    return _words() | CharsetFilter(accent_map)


def dutch_words():
    """Words folded and in today's spelling, not stemmed yet."""
    return _words() | IePluralFilter() | CharsetFilter(accent_map) | ModernSpellingFilter()


def dutch_analyzer():
    """The Dutch chain for running text: subject, headings, body."""
    return dutch_words() | DutchStemFilter() | AcronymFilter()


def compound_parts_analyzer():
    """Index side: the stemmed parts of compounds. Query side: the stemmed word itself."""
    return dutch_words() | CompoundPartsFilter() | DutchStemFilter()
