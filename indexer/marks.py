"""Which words of the passages on a results page the query marks, read from the index.

The index holds, at each word's position in a letter's body and compound-parts fields, the
terms the analysis of that word made; and a passage's n-th word (as ``indexer.highlight``
cuts its text into words) stands at the passage's first position plus n, which is how
passages are told apart at all (``indexer.evaluate.PassageSpace``). So the words a query
marks are where its terms occur in the page's letters: positions that choosing the passages
has mostly read already (``PostingReader`` inflates them once a search). Analysing each word of
each passage shown (``indexer.highlight.matches``) finds the same words; at 10,000 letters it
took ~2 ms of a warm search of ~9, and 7-9 ms of a search asked for the first time, whose
passages hold hundreds of words never analysed before.
"""
from __future__ import annotations

import numpy as np

from .doctable import NO_SLOT
from .evaluate import PassageSpace
from .fields import COMPOUND_PARTS_FIELD
from .highlight import Marking, analysed_as_body, phrase_runs
from .model import Letter
from .postings import PostingReader

WORD_FIELDS = ("body", COMPOUND_PARTS_FIELD)  # their positions number a passage's words
# Past this many words (a prefix or fuzzy word at 150,000 letters), looking each up in the
# lexicons costs more than analysing the page's words: 'begrot*' (257 words at 10,000
# letters) took 1.6 ms either way, most of its words known from the letters' pass to be in
# none of the page's letters.
MOST_TERMS = 400


class PassageMarks:
    """The marked words of each passage of the page's letters, worked out when first asked."""

    def __init__(self, space: PassageSpace, postings: PostingReader, marking: Marking):
        self._space, self._postings, self._marking = space, postings, marking
        self._hit_of = {letter.id: hit for hit, (_, letter) in enumerate(space.hits)}
        self._marked: dict[int, set[int]] | None = None  # slot -> numbers of its marked words

    @staticmethod
    def usable(marking: Marking) -> bool:
        """Whether the index says all this marking marks: its phrases are in fields analysed
        as the body is, and its words few enough to look up."""
        return (bool(marking) and len(marking.words) <= MOST_TERMS
                and all(analysed_as_body(field) for _, _, field in marking.phrases))

    def words(self, letter: Letter, index: int) -> set[int] | None:
        """The numbers of the marked words of the letter's passage ``index``; None for a
        letter that is not on the page."""
        hit = self._hit_of.get(letter.id)
        if hit is None:
            return None
        if self._marked is None:
            self._marked = self._read()
        return self._marked.get(int(self._space.first_slot[hit]) + index, set())

    def _read(self) -> dict[int, set[int]]:
        marked: dict[int, set[int]] = {}
        for field in WORD_FIELDS:
            read, held = self._postings.held_within(field, self._space.within)
            for term in self._marking.words:
                if (text := term.encode("utf-8")) in read and text not in held:
                    continue  # known to be in none of the page's letters
                for slot, numbers in self._occurrences(field, term).items():
                    marked.setdefault(slot, set()).update(numbers)
        for phrase, slop, _ in self._marking.phrases:
            for slot, numbers in self._phrase_words(phrase, slop).items():
                marked.setdefault(slot, set()).update(numbers)
        return marked

    def _occurrences(self, field: str, term: str) -> dict[int, list[int]]:
        """slot -> the numbers of its words at which ``term`` occurs in ``field``, ascending."""
        space = self._space
        found = self._postings.read(field, term.encode("utf-8"), with_positions=True, within=space.within)
        if not len(found.docs) or found.counts is None:
            return {}
        slots, numbers = space.word_places(field, np.repeat(found.docs, found.counts), found.positions)
        keep = slots != NO_SLOT
        by_slot: dict[int, list[int]] = {}
        for slot, number in zip(slots[keep].tolist(), numbers[keep].tolist()):
            by_slot.setdefault(slot, []).append(number)
        return by_slot

    def _phrase_words(self, phrase: tuple[str, ...], slop: int) -> dict[int, set[int]]:
        """slot -> the numbers of the words that stand as the phrase, followed as
        ``indexer.highlight`` follows them in a text (``phrase_runs``)."""
        occurrences = [self._occurrences("body", word) for word in phrase]
        found: dict[int, set[int]] = {}
        for slot, firsts in occurrences[0].items():
            later = [set(words.get(slot, ())).__contains__ for words in occurrences[1:]]
            runs = phrase_runs(sorted(firsts), later, slop)
            if runs:
                found[slot] = runs
        return found
