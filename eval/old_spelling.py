"""What reading the spelling before 1947 as today's (indexer.spelling_history) changes, both ways.

    python eval/old_spelling.py

Indexes the evaluation corpus twice, with and without the change of spelling, and searches
common words of today's spelling in both: the letters each search gains are listed by age.
A letter from before 1947 gained is what the change is for (it writes the word the old way); a
later letter gained or lost would be a modern match the change disturbed.
"""
from __future__ import annotations

import sys
import tempfile

from run_eval import build_kamerzoek, load_letters

sys.path.insert(0, ".")
from indexer import analysis  # noqa: E402
from indexer.search import SearchRequest  # noqa: E402

WORDS = ("mensen vis Nederlandse buitenlandse zaken tussen begroting hoger enige algemene regering vereniging "
         "ondergetekende binnenlandse Duitse Franse Engelse praktische wens eisen verhoging bijslag valse "
         "onderwijs beleid wet zorg raad recht plan geld werk belasting verdrag politie vervoer verkeer markt "
         "kosten steun grens bouw handel minister kamer brief school").split()
OLD_SPELLING_ENDS = 1948  # the spelling of 1947 was taken up in the course of that year


def letters_found(service, word: str) -> set[str]:
    """Every letter the word finds, page by page."""
    found, page = set(), 1
    while True:
        result = service.search(SearchRequest(q=word, per_page=100, page=page))
        found |= {hit.letter.source.path for hit in result.hits}
        if page >= result.pages:
            return found
        page += 1


def main() -> None:
    letters = load_letters()
    year = {name: letter.date.year if letter.date else None for name, letter in letters.items()}
    found = {}
    for label, spelling in (("today", analysis.modern_spelling), ("as written", lambda word: word)):
        analysis.modern_spelling = spelling
        with tempfile.TemporaryDirectory() as index_dir:
            service = build_kamerzoek(letters, index_dir)
            found[label] = {word: letters_found(service, word) for word in WORDS}
            service.close()
    old_gained = undated_gained = modern_gained = modern_lost = 0
    for word in WORDS:
        gained = found["today"][word] - found["as written"][word]
        lost = found["as written"][word] - found["today"][word]
        old = {name for name in gained if year[name] and year[name] < OLD_SPELLING_ENDS}
        undated = {name for name in gained if not year[name]}
        modern = gained - old - undated
        old_gained, undated_gained = old_gained + len(old), undated_gained + len(undated)
        modern_gained, modern_lost = modern_gained + len(modern), modern_lost + len(lost)
        if gained or lost:
            print(f"{word:15} +{len(old)} before {OLD_SPELLING_ENDS}, +{len(undated)} undated, "
                  f"+{len(modern)} later {sorted(modern)[:3]}, -{len(lost)} {sorted(lost)[:3]}")
    print(f"{len(WORDS)} words: {old_gained} letters from before {OLD_SPELLING_ENDS} gained, {undated_gained} "
          f"undated letters gained, {modern_gained} later letters gained, {modern_lost} letters lost")


if __name__ == "__main__":
    main()
