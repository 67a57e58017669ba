"""How many extra letters compound splitting adds for common query words, and which words
they are found through (to judge precision by eye).   python eval/compound_noise.py"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter

from whoosh import query as Q

from run_eval import build_kamerzoek, load_letters

sys.path.insert(0, ".")
from indexer.compounds import compound_parts  # noqa: E402

WORDS = ("handel beleid wet zorg raad recht plan geld werk belasting onderwijs verdrag politie "
         "vervoer verkeer markt kosten steun grens bouw").split()


def main() -> None:
    letters = load_letters()
    with tempfile.TemporaryDirectory() as index_dir:
        service = build_kamerzoek(letters, index_dir)
        searcher = service.searcher()
        stem = searcher.schema["body"].analyzer
        total_exact = total_extra = 0
        for word in WORDS:
            term = [t.text for t in stem(word)][0]
            exact = _letters(searcher, Q.Or([Q.Term("body", term), Q.Term("subject", term)]))
            via_parts = _letters(searcher, Q.Term("parts", term)) - exact
            total_exact, total_extra = total_exact + len(exact), total_extra + len(via_parts)
            print(f"{word:10} exact {len(exact):3}  extra via parts {len(via_parts):3}  e.g. {_examples(letters, via_parts, term)}")
        print(f"total: {total_exact} exact letter matches, {total_extra} extra via compound parts "
              f"(+{100 * total_extra / max(total_exact, 1):.0f}%)")
        service.close()


def _letters(searcher, q) -> set[str]:
    return {hit["letter_id"] for hit in searcher.search(Q.And([Q.Term("kind", "letter"), q]), limit=None)}


def _examples(letters, letter_ids, term, n=4) -> str:
    from whoosh.lang import stemmer_for_language

    stem = stemmer_for_language("nl")
    words = Counter()
    for letter in letters.values():
        if letter.id in letter_ids:
            for token in " ".join(p.text for p in letter.passages).lower().split():
                token = token.strip(".,;:()«»\"'")
                if any(stem(p) == term for p in compound_parts(token)):
                    words[token] += 1
    return ", ".join(w for w, _ in words.most_common(n))


if __name__ == "__main__":
    main()
