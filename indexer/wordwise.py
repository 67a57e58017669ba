"""Indexing a text one distinct word at a time.

Whoosh runs every word of a text through every filter of an analysis chain as a token object:
some 10 µs per word and field, most of the time of adding a letter to the index. A letter of
2,000 words has some 700 distinct ones, and the vocabulary of a whole run grows far slower
than its text. When each filter of a chain maps one word to its terms without looking at the
words around it (``is_wordwise``), the terms of a text are the terms of each of its words,
at that word's position: so each distinct word is analysed once per process, by the chain's
own filters, and this module only remembers and places the result. What is indexed stays
exactly what the chain gives (tests/test_wordwise.py compares the two). A chain with a filter
that looks further, or that does not say it doesn't, is run as whoosh runs it.

A filter says it is word-wise with a class attribute ``wordwise = True``: its output for a
token depends only on that token's text, its mode and the attributes its tokenizer names in
``word_attributes`` (what the tokenizer read from the words around, such as whether a word in
capitals is an acronym), and it leaves the token's boost alone. A tokenizer other than
whoosh's regex tokenizer takes part by giving ``word_attributes`` and ``word_keys(text)``:
each word's key in order. A key is the word's text where every attribute is None (most
words: a plain string hashes and compares fastest), else the tuple (text, *attributes) as
its token would carry them.
"""
from __future__ import annotations

import weakref
from collections import defaultdict
from itertools import zip_longest

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, Token

# whoosh's own filters that look at one word at a time
_WORDWISE_FILTERS = (LowercaseFilter, CharsetFilter, StemFilter)
# distinct words remembered per analyzer; past this the memory starts again (a run's
# vocabulary follows Heaps' law, so the words that matter come back at once)
MAX_WORDS = 300_000

WordKey = str | tuple  # a word's text, or (text, *attributes) (see above)

_memos: dict[int, dict[WordKey, tuple[str, ...]] | None] = {}


def is_wordwise(analyzer) -> bool:
    """Whether ``analyzer`` is a tokenizer that gives its words' keys followed only by
    word-wise filters."""
    items = getattr(analyzer, "items", None)
    if not items or _keys_of(items[0]) is None:
        return False
    return all(isinstance(f, _WORDWISE_FILTERS) or getattr(f, "wordwise", False) for f in items[1:])


def _keys_of(tokenizer):
    """The function giving each word's key (its text, and what the filters may read) in order."""
    if hasattr(tokenizer, "word_keys") and hasattr(tokenizer, "word_attributes"):
        return tokenizer.word_keys
    if type(tokenizer) is RegexTokenizer and not tokenizer.gaps:
        expression = tokenizer.expression
        if expression.groups == 0:
            return expression.findall
        return lambda text: [m.group() for m in expression.finditer(text)]
    return None


def _memo(analyzer) -> dict[WordKey, tuple[str, ...]] | None:
    """The remembered terms of each word under this analyzer object; None when it is not
    word-wise. (Kept beside the analyzer, not on it: whoosh pickles analyzers with the schema.)"""
    key = id(analyzer)
    if key not in _memos:
        _memos[key] = {} if is_wordwise(analyzer) else None
        weakref.finalize(analyzer, _memos.pop, key, None)
    return _memos[key]


def index_positions(analyzer, text: str) -> dict[str, list[int]] | None:
    """term -> positions of the words of ``text`` that give it, as whoosh's indexing run of
    ``analyzer`` over ``text`` finds them; None when the analyzer is not word-wise."""
    memo = _memo(analyzer)
    if memo is None:
        return None
    if len(memo) > MAX_WORDS:
        memo.clear()
    at: dict[WordKey, list[int]] = defaultdict(list)  # each distinct word's positions
    for position, key in enumerate(_keys_of(analyzer.items[0])(text)):
        at[key].append(position)
    found: dict[str, list[int]] = {}
    merged = []  # terms given by more than one word ("brief", "brieven"): positions in order
    for key, positions in at.items():
        terms = memo.get(key)
        if terms is None:
            terms = memo[key] = word_terms(analyzer, key)
        for term in terms:
            if term in found:
                found[term] = found[term] + positions
                merged.append(term)
            else:
                found[term] = positions
    for term in merged:
        found[term].sort()
    return found


def word_terms(analyzer, key: WordKey) -> tuple[str, ...]:
    """The terms the chain's filters index for one word, given as its key."""
    text, values = (key, ()) if isinstance(key, str) else (key[0], key[1:])
    token = Token(positions=True, mode="index")
    token.text, token.boost, token.stopped, token.pos = text, 1.0, False, 0
    for name, value in zip_longest(getattr(analyzer.items[0], "word_attributes", ()), values):
        setattr(token, name, value)  # an attribute the key leaves out is None
    tokens = iter([token])
    for item in analyzer.items[1:]:
        tokens = item(tokens)
    return tuple(t.text for t in tokens if not t.stopped)
