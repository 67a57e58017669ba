"""The real letters the benchmark corpus is calibrated on, and the statistics taken from them.

Real letters are every file under ../shared/corpus-real that the project's own parsers read as
a letter (Staten-Generaal Digitaal JSON, officielebekendmakingen XML/HTML, PDF), one per letter
id, plus the founding letter in corpus/. *Modern* letters are those of them that are letters
(doc_type ``brief``, or an answer to Kamervragen) dated 2000 or later: their lengths set the
lengths of generated letters. All real letters together are the text the word model learns from
and on which Heaps' law (V = K * N^beta: distinct words V after N words) is fitted.

There is no fallback: without ../shared the benchmark cannot be calibrated and says so.
Parsing the PDFs takes about a minute, so the parsed letters are cached under var/bench/,
keyed by the files' names, sizes and dates and by the parsers' source.
"""
from __future__ import annotations

import collections
import gzip
import hashlib
import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus-real"
CORPUS = ROOT / "corpus"
CACHE = ROOT / "var" / "bench" / "real-letters.jsonl.gz"
MODERN_FROM = 2000
WORD = re.compile(r"\w+")


class MissingRealLetters(SystemExit):
    """Raised (as an exit with a message) when the real letters are not beside the project."""


def require_shared() -> None:
    if not REAL.is_dir() or not any(REAL.rglob("*.json")):
        raise MissingRealLetters(
            f"bench: the real letters are missing (expected in {REAL}, the shared folder beside the project). "
            "The benchmark corpus is calibrated on them and has no substitute; put the shared folder in place."
        )


def founding_letters() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.md") if p.name.upper() not in ("SOURCES.MD", "README.MD"))


def real_files() -> list[Path]:
    from indexer.indexing import find_files

    require_shared()
    return find_files([REAL, *founding_letters()])


def _cache_key(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(ROOT.parent)}\0{stat.st_size}\0{int(stat.st_mtime)}\n".encode())
    for source in sorted((ROOT / "indexer").rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _parse_one(path: Path):
    from indexer.parsers import ParseError, parse_file

    try:
        return parse_file(path).to_dict()
    except ParseError:  # metadata files, scans without text, documents that are no letter
        return None


def load_real_letters(workers: int = 2) -> list:
    """The real letters as Letters, one per letter id, in path order."""
    from indexer.model import Letter

    files = real_files()
    key = _cache_key(files)
    if CACHE.exists():
        with gzip.open(CACHE, "rt", encoding="utf-8") as fh:
            if json.loads(fh.readline()).get("key") == key:
                return [Letter.from_dict(json.loads(line)) for line in fh]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parsed = pool.map(_parse_one, files, chunksize=4)
    seen, letters = set(), []
    for data in parsed:
        if data and data["id"] not in seen:
            seen.add(data["id"])
            letters.append(data)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(CACHE, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": key}) + "\n")
        for data in letters:
            fh.write(json.dumps(data, ensure_ascii=False) + "\n")
    return [Letter.from_dict(d) for d in letters]


def is_modern(letter) -> bool:
    kind = (letter.doc_type or "").lower()
    is_letter = kind == "brief" or kind.startswith("antwoord")
    return is_letter and letter.date is not None and letter.date.year >= MODERN_FROM


def letter_text(letter) -> str:
    """The searchable text of a letter: subject, passages, footnotes."""
    parts = [letter.subject or ""] + [p.text for p in letter.passages] + [f.text for f in letter.footnotes]
    return "\n".join(parts)


def body_text(letter) -> str:
    return "\n\n".join(p.text for p in letter.passages)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


# --- Heaps' law -----------------------------------------------------------------------------

@dataclass
class HeapsFit:
    k: float
    beta: float
    tokens: int
    types: int
    n_from: int
    n_to: int

    def predict(self, n: int) -> float:
        return self.k * n ** self.beta


def vocabulary_curve(streams, points: int = 40) -> list[tuple[int, int]]:
    """(N, V) at ``points`` log-spaced token counts along the concatenated word streams,
    taken at exactly those counts, so curves of the same words in other orders line up."""
    streams = [list(stream) for stream in streams]
    total = sum(map(len, streams))
    if not total:
        return []
    marks = sorted({max(1, int(total ** (i / points))) for i in range(1, points + 1)})
    seen: set[str] = set()
    curve: list[tuple[int, int]] = []
    n, next_mark = 0, iter(marks)
    mark = next(next_mark)
    for stream in streams:
        for word in stream:
            n += 1
            seen.add(word)
            if n == mark:
                curve.append((n, len(seen)))
                mark = next(next_mark, 0)
    return curve


def fit_heaps(curve: list[tuple[int, int]], n_from: int = 1000, n_to: int | None = None) -> HeapsFit:
    """Least squares fit of log V = log K + beta log N over n_from <= N <= n_to."""
    pts = [(n, v) for n, v in curve if n >= n_from and (n_to is None or n <= n_to)]
    if len(pts) < 3:
        raise ValueError("too few points on the vocabulary curve to fit Heaps' law")
    xs = [math.log(n) for n, _ in pts]
    ys = [math.log(v) for _, v in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    k = math.exp(my - beta * mx)
    return HeapsFit(k, beta, curve[-1][0], curve[-1][1], pts[0][0], pts[-1][0])


SHUFFLES = 100  # the fit of a few orders depends on which letters happen to come first
FIT_FROM = 10_000  # tokens: below, the curve is a few letters' own words, not the record's


def real_heaps(letters, shuffles: int = SHUFFLES, seed: int = 1) -> HeapsFit:
    """Heaps' law of the real letters: the vocabulary curve averaged over many orders of the
    letters, fitted where it holds more than a few letters."""
    streams = [words(letter_text(letter)) for letter in letters]
    rnd = random.Random(seed)
    curves = []
    for _ in range(shuffles):
        order = streams[:]
        rnd.shuffle(order)
        curves.append(vocabulary_curve(order))
    averaged = [(n, round(sum(c[i][1] for c in curves) / len(curves))) for i, (n, _) in enumerate(curves[0])]
    return fit_heaps(averaged, n_from=min(FIT_FROM, averaged[-1][0] // 10))


# --- morphology of the words that make the vocabulary grow -----------------------------------

NEW_WORD_KINDS = ("compound", "inflection", "name", "number", "other")


@dataclass
class Morphology:
    """How real letters form their rare words: the shares of each kind among the words that
    occur once (the words that make a vocabulary grow), the linking elements of real compounds
    and the inflectional endings real words take."""
    kind_shares: dict[str, float]
    links: dict[str, int]
    suffixes: dict[str, int]
    modifiers: dict[str, int]  # first parts of real two-part compounds, with how often
    heads: dict[str, int]  # their last parts


def learn_morphology(letters, top_suffixes: int = 12) -> Morphology:
    from indexer.compounds import split_compound

    counts: collections.Counter[str] = collections.Counter()
    written: dict[str, str] = {}
    for letter in letters:
        for token in WORD.findall(letter_text(letter)):
            low = token.lower()
            counts[low] += 1
            written.setdefault(low, token)
    types = set(counts)
    suffixes = _suffixes(types, top_suffixes)
    links: collections.Counter[str] = collections.Counter()
    modifiers: collections.Counter[str] = collections.Counter()
    heads: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    for word, n in counts.items():
        parts = split_compound(word) if word.isalpha() else ()
        if len(parts) == 2:
            links[word[len(parts[0]): len(word) - len(parts[1])]] += 1
            modifiers[parts[0]] += n
            heads[parts[1]] += n
        if n == 1:
            kinds[_kind(word, written[word], parts, types, suffixes)] += 1
    total = sum(kinds.values()) or 1
    return Morphology({k: kinds[k] / total for k in NEW_WORD_KINDS}, dict(links), suffixes, dict(modifiers), dict(heads))


def _suffixes(types: set[str], top: int) -> dict[str, int]:
    """Endings e such that both w and w minus e are real words (lokprofiel/lokprofielen)."""
    found: collections.Counter[str] = collections.Counter()
    for word in types:
        if not word.isalpha():
            continue
        for cut in range(1, 5):
            stem = word[:-cut]
            if len(stem) >= 4 and stem in types:
                found[word[-cut:]] += 1
    return dict(found.most_common(top))


def _kind(word: str, as_written: str, parts, types: set[str], suffixes: dict[str, int]) -> str:
    if any(ch.isdigit() for ch in word):
        return "number"
    if as_written[:1].isupper():
        return "name"
    if parts:
        return "compound"
    if any(word.endswith(s) and word[: -len(s)] in types for s in suffixes):
        return "inflection"
    return "other"
