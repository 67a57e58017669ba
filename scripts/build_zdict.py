"""Build indexer/data/letter-zdict.bin: the preset dictionary that compresses stored letters.

A letter's JSON is a few kilobytes; a compressor on its own learns little from so short a text. A
preset dictionary of what letters share (the JSON skeleton, the commonest words and phrases
of letters) lets the first occurrence of each be a back-reference. It is learnt only from
text the project owns: the founding letter and the letters the project made for its tests
(never from third-party copies, whose phrases the dictionary would carry).
The dictionary is part of the index format: changing it needs a rebuilt index (the layout
names it, indexer.layout.pack_letter).

    python scripts/build_zdict.py            # rewrites indexer/data/letter-zdict.bin
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.indexing import find_files  # noqa: E402
from indexer.parsers import NotALetter, ParseError, parse_file  # noqa: E402

SIZE = 32 * 1024  # zlib's window, which letters stored by older versions were read with
OUT = ROOT / "indexer" / "data" / "letter-zdict.bin"
SOURCES = [ROOT / "corpus" / "2021-11-17-jenv-opsporing-en-vervolging-mensenhandel.md", ROOT / "tests" / "data" / "letters"]
# the JSON as pack_letter writes it (no spaces after separators)
SKELETON = (
    '{"id":"","kenmerk":null,"kamerstuk":null,"date":"","directorate":null,"ministry":"Ministerie van ",'
    '"subject":"","signer":{"name":"","role":""},"addressee":"Aan de Voorzitter van de Tweede Kamer der '
    'Staten-Generaal","doc_type":"","source":{"path":"","format":"","sha256":"","url":null},"passages":'
    '[{"anchor":"p-1","heading":null,"text":""},{"anchor":"p-2","heading":null,"text":""}],'
    '"footnotes":[{"number":"1","text":"Kamerstuk "}],"references":[{"kind":"kamerstuk","text":"Kamerstuk","target":""}]}'
)


def phrases(letters) -> Counter:
    """Words and runs of two and three words, counted over the letters' text."""
    counts: Counter = Counter()
    for letter in letters:
        text = " ".join([letter.subject or "", *(p.text for p in letter.passages), *(f.text for f in letter.footnotes)])
        words = re.findall(r"\S+", text)
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                counts[" ".join(words[i:i + n])] += 1
    return counts


def build(letters) -> bytes:
    counts = phrases(letters)
    # worth most: long and frequent; zlib reaches back less far for what comes last
    ranked = sorted((c * len(p), p) for p, c in counts.items() if c >= 2 and len(p) >= 4)
    chosen, size = [], len(SKELETON.encode())
    for _, phrase in reversed(ranked):
        cost = len(phrase.encode()) + 1
        if size + cost > SIZE:
            break
        chosen.append(phrase)
        size += cost
    return (" ".join(reversed(chosen)) + " " + SKELETON).encode()[-SIZE:]


def main() -> None:
    letters = []
    for path in find_files(SOURCES):
        try:
            letters.append(parse_file(path))
        except (NotALetter, ParseError):
            continue
    OUT.write_bytes(build(letters))
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes from {len(letters)} letters")


if __name__ == "__main__":
    main()
