"""Passage fingerprints, so a passage link survives a re-index that renumbers the passages.

A link to a passage carries ``?ps=<fingerprint>`` beside its ``#p-N``. The fingerprint is a
64-bit simhash of the passage's words: the same words give the same fingerprint however the
text is spaced or punctuated, and a lightly edited passage (a corrected publication, a better
parser) differs in a few bits, while unrelated passages differ in about half of them. So the
letter page can find the passage a link meant by its fingerprint, or by its nearest text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from indexer.cleaning import strip_markers

BITS = 64
NEAR = 12  # differing bits still taken for the same, edited passage (unrelated: ~32 ± 4)
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> str:
    """Each bit is the majority vote, weighted by word count, of that bit of the words' hashes."""
    counts = Counter(_WORD.findall(strip_markers(text).lower()))
    if not counts:
        return "0" * (BITS // 4)
    hashes = b"".join(blake2b(word.encode("utf-8"), digest_size=BITS // 8).digest() for word in counts)
    bits = np.unpackbits(np.frombuffer(hashes, dtype=np.uint8)).reshape(len(counts), BITS)
    votes = np.fromiter(counts.values(), dtype=np.int64, count=len(counts)) @ (2 * bits.astype(np.int64) - 1)
    return np.packbits(votes > 0).tobytes().hex()


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass
class Located:
    anchors: list[str]  # the passages the fingerprint points at, in document order
    exact: bool  # False: the nearest text, edited since the link was made


def locate(passages, wanted: str) -> Located | None:
    """Where the passage of a link with fingerprint ``wanted`` is now; None when it is gone."""
    prints = [(p.anchor, distance(fingerprint(p.text), wanted)) for p in passages]
    exact = [anchor for anchor, d in prints if d == 0]
    if exact:
        return Located(exact, True)
    near = [(d, anchor) for anchor, d in prints if d <= NEAR]
    return Located([min(near)[1]], False) if near else None
