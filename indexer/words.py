"""What a word of a query stands for, beyond its stem: decided once, when the query is rewritten.

``indexer.nodes.rewrite`` hands each plain word of a query here, with the terms the parser made
of it in each field (``QueryWord``). In the fields of running Dutch text (``DUTCH_FIELDS``):

- a word in capitals that the letters use as an acronym ("OM") asks for the acronym only, not
  for the word "om" (``indexer.analysis`` indexes an acronym's capitals beside the word);
- a compound also finds its forms with another linking sound ("ziektenkosten" ziektekosten,
  "leeftijdontslag" leeftijdsontslag) and its parts written apart ("hogesnelheidslijn" the
  phrase "hoge snelheidslijn");
- a verb finds the noun in -ing made of it and the noun its verb ("opsporen" opsporing,
  "vervolging" vervolgen), which the index keeps apart (``indexer.analysis.stem``), except
  where the letters use them as different words (``UNRELATED_ING_NOUNS``);
- a compound also finds longer compounds it begins ("huurtoeslag" huurtoeslagwet), as the
  compound parts do ("crawler" webcrawler, through the parts field); those are *part*
  matches, and a letter that holds the word itself ranks above one that holds it only as a
  part (``indexer.nodes.Prefer``): "scholen" above "basisscholen".

Two words written apart that the letters write as one ("verpleeghuis zorg" verpleeghuiszorg)
also find the one word (``join_written_apart``).

Which of those forms exist is looked up in the index once per search, through ``expand`` (the
query's ``indexer.expansion.Expander``, within its budget and cached per index generation).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from . import nodes as N
from .analysis import capital_term, dutch_analyzer, dutch_words, is_ing_noun, snowball_stem
from .compounds import LINKS, known_words, split_compound
from .fields import COMPOUND_PARTS_FIELD, DEFAULT_FIELDS, DUTCH_FIELDS
from .expansion import OverBudget

MIN_QUERY_PART = 4  # as indexed parts: shorter ones are not in the parts field
MIN_HEAD = 3  # the rest of a longer compound ("wet" in huurtoeslagwet)
# How much a part match weighs against the word itself: the parts field's weight to the body's.
PART_WEIGHT = DEFAULT_FIELDS[COMPOUND_PARTS_FIELD] / DEFAULT_FIELDS["body"]
HEAD_ENDINGS = ("", "en", "e", "s", "ing", "t")  # a stem plus one of these is a word of the list
# Nouns in -ing that are other words than their verb or stem in the letters: the Handelingen
# (the parliamentary record, cited in most letters) are no handel (trade); uitvoering
# (carrying out) is no uitvoer (export).
UNRELATED_ING_NOUNS = frozenset({"handeling", "uitvoering"})
MIN_VERB_STEM = 4  # "won" (wonen, and winnen's past) is too short to tell woning by


@dataclass(frozen=True)
class QueryWord:
    """One plain word of a query as the user wrote it, and its term in each field searched."""

    written: str
    leaves: tuple[tuple[str, str, float], ...]  # (field, analysed text, boost)


def word_node(word: QueryWord, expand, apart: bool = True) -> N.Node:
    """The node of one query word: its acronym, or its forms, with part matches ranked below.
    ``apart``: a compound also as its parts written apart."""
    acronym = _acronym(word, expand)
    if acronym is not None:
        return acronym
    written = folded(word.written)
    forms = _Forms.of(word, written, expand)
    if not apart:
        forms = replace(forms, apart=None)
    exact, partial = [], []
    for field, text, boost in word.leaves:
        if field == COMPOUND_PARTS_FIELD:
            partial.append(_parts(field, text, written, boost))
        elif field in DUTCH_FIELDS:
            exact.append(forms.exact(field, boost))
            longer = forms.longer_in(field, text, expand)
            if longer:
                partial.append(N.Words(field, f"{written}…", longer, boost=boost * PART_WEIGHT))
            if forms.relatives:  # ranked as parts are: the word as written comes first
                partial.append(N.Words(field, written, forms.relatives, boost=boost * PART_WEIGHT))
        else:
            exact.append(N.Term(field, text, boost=boost))
    return N.Prefer(_any(exact), _any(partial)) if partial else _any(exact)


def _any(parts: list[N.Node]) -> N.Node:
    if not parts:
        return N.Nothing()
    return parts[0] if len(parts) == 1 else N.Or(tuple(parts))


# --- acronyms --------------------------------------------------------------------------------

def _acronym(word: QueryWord, expand) -> N.Node | None:
    """A word in capitals ("OM", "AIVD") asks for the acronym when the letters use it as one;
    else (None) it is an ordinary word."""
    if not in_capitals(word.written):
        return None
    capitals = capital_term(word.written)
    fields = [(field, boost) for field, _, boost in word.leaves if field in DUTCH_FIELDS]
    if not any(_look_up(expand, "known", field, capitals) for field, _ in fields):
        return None
    return _any([N.Term(field, capitals, boost=boost) for field, boost in fields])


def in_capitals(written: str) -> bool:
    return sum(c.isalpha() for c in written) >= 2 and written.isupper()


# --- forms of a word ---------------------------------------------------------------------------

LOOKUP_FIELD = "body"  # where the forms of a word are looked up; the other Dutch fields use them too


@dataclass(frozen=True)
class _Forms:
    """The forms of one query word in the letters: its stem and its forms with other linking
    sounds (``texts``), its parts written apart (``apart``), the longer compounds it begins
    (``longer``), its verb or noun in -ing (``relatives``)."""

    texts: tuple[str, ...]
    apart: tuple[str, str] | None
    longer: tuple[str, ...]
    relatives: tuple[str, ...] = ()

    @classmethod
    def of(cls, word: QueryWord, folded: str, expand) -> "_Forms":
        text = next((text for field, text, _ in word.leaves if field in DUTCH_FIELDS), None)
        if not text:
            return cls((), None, ())
        known = lambda form: bool(form) and bool(_look_up(expand, "known", LOOKUP_FIELD, form))  # noqa: E731
        relatives = tuple(form for form in ing_relatives(text) if known(form))
        split = _last_junction(folded)
        if split is None:
            return cls((text,), None, (), relatives)
        variants = (analysed(variant) for variant in sorted(link_variants(folded) - {folded}))
        texts = tuple(dict.fromkeys([text, *(v for v in variants if v != text and known(v))]))
        modifier, _, head = split
        apart = (analysed(modifier), analysed(head))
        longer = tuple(found for found in _look_up(expand, "prefix", LOOKUP_FIELD, text)
                       if found not in texts and _is_head(found[len(text):]))
        return cls(texts, apart if all(map(known, apart)) else None, longer, relatives)

    def longer_in(self, field: str, text: str, expand) -> tuple[str, ...]:
        """The longer compounds that ``field`` holds. They are looked up in the body; the
        subject and headings hold few of the hundreds a common word begins there, and each
        word searched for is a look-up in the field's term dictionary."""
        if field == LOOKUP_FIELD or not self.longer:
            return self.longer
        try:
            present = frozenset(expand("prefix", field, text))
        except OverBudget:
            return self.longer
        return tuple(form for form in self.longer if form in present)

    def exact(self, field: str, boost: float) -> N.Node:
        written = N.Term(field, self.texts[0], boost=boost) if len(self.texts) == 1 else \
            N.Words(field, self.texts[0], self.texts, boost=boost)
        return N.Or((written, N.Phrase(field, self.apart, boost=boost))) if self.apart else written


def ing_relatives(text: str) -> tuple[str, ...]:
    """The index terms that may be the same word as ``text`` in the other form: the verb of a
    noun in -ing ("opsporing" opspor), the noun in -ing of a verb stem ("opspor" opsporing,
    "beslis" beslissing); nothing for the nouns that are other words than their verb."""
    if not text.isalpha():
        return ()
    if is_ing_noun(text):
        verb = snowball_stem(text)
        return () if text in UNRELATED_ING_NOUNS or len(verb) < MIN_VERB_STEM else (verb,)
    if len(text) < MIN_VERB_STEM:
        return ()
    nouns = (text + "ing", text + text[-1:] + "ing")
    return tuple(noun for noun in dict.fromkeys(nouns) if is_ing_noun(noun) and noun not in UNRELATED_ING_NOUNS)


def link_variants(folded: str, junctions: int = 2) -> set[str]:
    """The compound with every linking sound at its last ``junctions`` joints: "ziektekosten"
    ziektenkosten, ziektekosten, ziektes­kosten, ...; "stedenbouwkundige" stedebouwkundige. A
    modifier may end in what is really a linking sound ("steden" stede-n, sted-en)."""
    split = _last_junction(folded) if junctions else None
    if split is None:
        return {folded}
    modifier, _, head = split
    found = set()
    for form in link_variants(modifier, junctions - 1):
        for base in {form, *(form[: -len(link)] for link in LINKS if link and form.endswith(link))}:
            found.update(base + link + head for link in LINKS)
    return found


@lru_cache(maxsize=200_000)
def _is_head(rest: str) -> bool:
    """Whether what follows a compound in a longer one is a word (after a linking sound).
    Kept: a common word begins a thousand longer words, checked again by every search for it."""
    words = known_words()
    for link in LINKS:
        head = rest[len(link):]
        if rest.startswith(link) and len(head) >= MIN_HEAD and any(head + end in words for end in HEAD_ENDINGS):
            return True
    return False


def _parts(field: str, text: str, folded: str, boost: float) -> N.Node:
    """In the parts field: the word as a part of a compound; a compound that the word list
    lacks also as the parts of a longer one ("herstelbank" herstelbankkredieten, whose parts
    are herstel, bank, krediet). A word the list holds is a part of the longer compounds the
    index splits ("minister" of ministerraad), so its own parts would add only letters that
    hold them anywhere: "minister" split is "mini" and "ster", "maatregel" "maat" and "regel",
    two long posting lists read in every search for the word."""
    term = N.Term(field, text, boost=boost)
    if folded in known_words():
        return term
    parts = [analysed(p) for p in split_compound(folded) if len(p) >= MIN_QUERY_PART]
    if len(parts) < 2 or not all(parts):
        return term
    return N.Or((term, N.And(tuple(N.Term(field, p, boost=boost) for p in parts))))


def _last_junction(folded: str) -> tuple[str, str, str] | None:
    """A compound as (modifier, linking sound, head), split before its last part:
    "ziektekosten" (ziekte, "", kosten), "hogesnelheidslijn" (hoge, "", snelheidslijn)."""
    parts = split_compound(folded)
    if not parts:
        return None
    head = parts[-1]
    rest = folded[: len(folded) - len(head)]
    for link in sorted(LINKS, key=len, reverse=True):
        if rest.endswith(link) and rest[: len(rest) - len(link)].endswith(parts[-2]):
            return rest[: len(rest) - len(link)], link, head
    return None


# --- two words written apart ---------------------------------------------------------------

def join_written_apart(words: list[QueryWord | None], parts: list[N.Node], expand) -> list[N.Node]:
    """The parts of an all-words query, where two neighbouring words that the letters write as
    one word ("verpleeghuis zorg": verpleeghuiszorg) also find that word. The joined word is
    not searched written apart again: every letter with the two words side by side is found by
    the two words already, and that phrase, of two common words, read the positions of most
    letters (at 150,000 letters 80 ms of a 200 ms search)."""
    joined, i = [], 0
    while i < len(parts):
        pair = _joined(words[i], words[i + 1], expand) if i + 1 < len(parts) else None
        if pair is None:
            joined.append(parts[i])
            i += 1
            continue
        joined.append(N.Or((N.And((parts[i], parts[i + 1])), word_node(pair, expand, apart=False))))
        i += 2
    return joined


def _joined(first: QueryWord | None, second: QueryWord | None, expand) -> QueryWord | None:
    if first is None or second is None or in_capitals(first.written) or in_capitals(second.written):
        return None
    fields = [(field, boost) for field, _, boost in first.leaves if field in DUTCH_FIELDS]
    a, b = folded(first.written), folded(second.written)
    if not fields or not (a.isalpha() and b.isalpha()):
        return None
    for link in ("", "s", "en"):
        text = analysed(a + link + b)
        if text and any(_look_up(expand, "known", field, text) for field, _ in fields):
            return QueryWord(a + link + b, tuple((field, text, boost) for field, boost in fields))
    return None


def _look_up(expand, kind: str, field: str, text: str) -> tuple[str, ...]:
    """What the index holds of a form of a word; nothing when there is too much to look at: the
    forms of plain words only add to what a query finds, they never make it refused."""
    try:
        return expand(kind, field, text)
    except OverBudget:
        return ()


# --- analysis ------------------------------------------------------------------------------

_DUTCH, _WORDS = dutch_analyzer(), dutch_words()


@lru_cache(maxsize=50_000)
def analysed(word: str) -> str | None:
    """A word as the Dutch fields index it (folded, today's spelling, stemmed)."""
    token = next(iter(_DUTCH(word, mode="query")), None)
    return token.text if token else None


@lru_cache(maxsize=50_000)
def folded(written: str) -> str:
    """The written word in lower case, accents folded and in today's spelling, not stemmed."""
    return "".join(token.text for token in _WORDS(written, mode="query"))
