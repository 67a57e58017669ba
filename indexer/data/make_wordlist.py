"""Derive the compound splitter's word list from OpenTaal's Dutch word list.

    python -m indexer.data.make_wordlist /usr/share/dict/dutch

Keeps what the splitter looks up: lower-case words of letters only (proper nouns, abbreviations
and multi-word entries dropped), accent-folded, 3 to 24 letters long; adds extra-words.txt.
Writes a MARISA trie, which a process opens in place (memory-mapped) instead of building a
set of ~347k words at every start.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import marisa_trie

HERE = Path(__file__).parent
OUTPUT = HERE / "dutch-words.marisa"
EXTRA_WORDS = HERE / "extra-words.txt"  # words of the letters that OpenTaal lacks
MIN_LENGTH, MAX_LENGTH = 3, 24


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def usable(word: str) -> bool:
    # vowel-less entries are abbreviations ("apk", "bbp"), never parts of a compound
    return (word.islower() and word.isalpha() and MIN_LENGTH <= len(word) <= MAX_LENGTH
            and any(v in fold(word) for v in "aeiouy"))


def build(source: Path) -> set[str]:
    words = (line.strip() for line in source.read_text(encoding="utf-8").splitlines())
    return {fold(w) for w in words if usable(w)}


def extra_words(path: Path = EXTRA_WORDS) -> set[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def main(argv: list[str]) -> None:
    source = Path(argv[1] if len(argv) > 1 else "/usr/share/dict/dutch")
    words = build(source) | extra_words()
    marisa_trie.Trie(sorted(words)).save(str(OUTPUT))
    print(f"{len(words)} words -> {OUTPUT.name} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
