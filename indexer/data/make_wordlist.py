"""Derive the compound splitter's word list from OpenTaal's Dutch word list.

    python -m indexer.data.make_wordlist /usr/share/dict/dutch

Keeps what the splitter looks up: lower-case words of letters only (proper nouns, abbreviations
and multi-word entries dropped), accent-folded, 3 to 24 letters long.
"""
from __future__ import annotations

import gzip
import sys
import unicodedata
from pathlib import Path

OUTPUT = Path(__file__).with_name("dutch-words.txt.gz")
MIN_LENGTH, MAX_LENGTH = 3, 24


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def usable(word: str) -> bool:
    # vowel-less entries are abbreviations ("apk", "bbp"), never parts of a compound
    return (word.islower() and word.isalpha() and MIN_LENGTH <= len(word) <= MAX_LENGTH
            and any(v in fold(word) for v in "aeiouy"))


def build(source: Path) -> list[str]:
    words = (line.strip() for line in source.read_text(encoding="utf-8").splitlines())
    return sorted({fold(w) for w in words if usable(w)})


def main(argv: list[str]) -> None:
    source = Path(argv[1] if len(argv) > 1 else "/usr/share/dict/dutch")
    words = build(source)
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as out:  # mtime=0: reproducible bytes
        out.write("\n".join(words).encode("utf-8") + b"\n")
    print(f"{len(words)} words -> {OUTPUT.name} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
