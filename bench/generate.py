"""A synthetic corpus of Kamerbrieven calibrated on the real letters.

    python -m bench.generate --letters 10000 [--seed 1] [--out var/bench/letters-10000-s1.jsonl.gz]

Everything is learned from the real letters beside the project (``bench/real.py``: ../shared
and the founding letter; without them this fails, it never learns from something else):

- lengths: letter lengths drawn from the *modern* real letters (letters dated 2000 or later,
  median ~1,750 words), passage lengths from their passages, each with log-normal jitter;
- running text: a bigram (Markov) model of all real letters' words with unigram back-off;
- vocabulary: grows as the real letters' vocabulary does. Heaps' law (V = K * N^beta) is fitted
  on the real letters, and wherever the corpus written so far has fewer distinct words than
  the law gives for its length, the next open-class word (not one of the most frequent words)
  is a new one, made by the morphology of the real letters' rare words in their proportions:
  compounds of the parts of real compounds with the real linking elements (s, en, e), inflections with the
  real endings, names spliced from real names, numbers shaped as real numbers, and other rare
  words (one letter changed, as OCR slips and rare spellings are). New words recur: within
  their letter (a letter about one matter repeats its words) and across letters, in
  proportion to how often they were used before;
- metadata: ministries in the proportions in which the real letters name them (historic
  portfolios mapped to today's ministry), a handful of directorates per ministry (Zipfian),
  dates 1995-2025 (slightly more letters in later years), kenmerken in the formats letters use;
- structure: passages under section headings, footnotes with markers ``[^N]`` in the text,
  most of them citing Kamerstukken ("Kamerstuk 28 638, nr. 184") from a Zipfian pool of
  dossiers, references extracted by the indexer's own ``extract_references``.

``python -m bench.heaps`` prints the fitted exponents of a generated corpus beside the real one's.
A fixed seed gives the same corpus on every machine (given the same real letters). The output
is one JSON line per letter (``Letter.to_dict``), gzip-compressed; ``load_letters`` reads it back.
"""
from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import gzip
import hashlib
import json
import math
import random
import re
import sys
import time
import unicodedata
from itertools import accumulate
from pathlib import Path

from bench.real import (
    ROOT,
    Morphology,
    body_text,
    is_modern,
    learn_morphology,
    letter_text,
    load_real_letters,
    real_heaps,
)

TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:['-][A-Za-zÀ-ÿ]+)*|\d+(?:[.,]\d+)*|[.,;:?!()]")
WORD = re.compile(r"\w+")
NO_SPACE_BEFORE = set(".,;:?!)")
SENTENCE_END = {".", "?", "!"}
FUNCTION_WORDS = 150  # the most frequent words are syntax, not vocabulary: never replaced
LOCAL_REUSE = 0.03  # share of open-class words that repeat a new word of the same letter
GLOBAL_REUSE = 0.02  # ... that repeat a new word of earlier letters, by how often it was used

# Directorates per ministry (the shape of real letterheads; Zipf-weighted in this order).
DIRECTORATES = {
    "AZ": ["Directie Algemene Regeringszaken", "Rijksvoorlichtingsdienst", "Bureau Wetenschappelijke Raad"],
    "BZK": ["Directoraat-Generaal Volkshuisvesting en Bouwen", "Directoraat-Generaal Openbaar Bestuur en Democratische Rechtsstaat",
            "Directoraat-Generaal Overheidsorganisatie", "Directie Digitale Overheid", "Directie Koninkrijksrelaties"],
    "BZ": ["Directoraat-Generaal Europese Samenwerking", "Directoraat-Generaal Politieke Zaken",
           "Directoraat-Generaal Internationale Samenwerking", "Directie Consulaire Zaken en Visumbeleid"],
    "Def": ["Directoraat-Generaal Beleid", "Directie Operaties", "Hoofddirectie Financiën en Control", "Defensie Materieel Organisatie"],
    "EZK": ["Directoraat-Generaal Klimaat en Energie", "Directoraat-Generaal Bedrijfsleven en Innovatie",
            "Directie Mededinging en Consumenten", "Directie Telecommunicatiemarkt"],
    "Fin": ["Directoraat-Generaal Fiscaliteit", "Directoraat-Generaal Rijksbegroting", "Directie Financiële Markten",
            "Directie Begrotingszaken"],
    "IenW": ["Directoraat-Generaal Mobiliteit", "Directoraat-Generaal Water en Bodem", "Directoraat-Generaal Luchtvaart en Maritieme Zaken",
             "Directie Omgevingsveiligheid en Milieurisico's"],
    "JenV": ["Directoraat-Generaal Politie en Veiligheidsregio's", "Directoraat-Generaal Straffen en Beschermen",
             "Directoraat-Generaal Rechtspleging en Rechtshandhaving", "Directoraat-Generaal Migratie",
             "Directie Wetgeving en Juridische Zaken", "Nationaal Coördinator Terrorismebestrijding en Veiligheid"],
    "LNV": ["Directoraat-Generaal Agro", "Directoraat-Generaal Natuur, Visserij en Landelijk Gebied", "Directie Dierketens en Diergezondheid"],
    "OCW": ["Directie Primair Onderwijs", "Directie Voortgezet Onderwijs", "Directie Hoger Onderwijs en Studiefinanciering",
            "Directie Media en Creatieve Industrie", "Directie Erfgoed en Kunsten"],
    "SZW": ["Directie Arbeidsmarkt en Sociaal-Economische Aangelegenheden", "Directie Pensioenen", "Directie Participatie en Decentrale Voorzieningen",
            "Directie Samenleving en Integratie"],
    "VWS": ["Directoraat-Generaal Curatieve Zorg", "Directoraat-Generaal Langdurige Zorg", "Directie Publieke Gezondheid",
            "Directie Jeugd, Familie en Sport", "Directie Geneesmiddelen en Medische Technologie"],
    "VenJ": ["Directoraat-Generaal Rechtspleging en Rechtshandhaving", "Directoraat-Generaal Politie", "Directie Wetgeving en Juridische Zaken"],
}
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
            "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
            "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
            "van der Veen", "van den Broek", "de Bruijn", "de Jong", "Schouten", "Willems", "Hoekstra", "Koster",
            "Prins", "Verhoeven", "Kuipers", "Post"]


class Model:
    """Bigram model with unigram (Zipfian) back-off, learned from real letters."""

    def __init__(self, texts: list[str]):
        unigrams: collections.Counter[str] = collections.Counter()
        bigrams: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for text in texts:
            tokens = TOKEN.findall(text)
            unigrams.update(tokens)
            for a, b in zip(tokens, tokens[1:]):
                bigrams[a][b] += 1
        ranked = unigrams.most_common()
        self.unigram_words = [w for w, _ in ranked]
        self.unigram_cum = list(accumulate(n for _, n in ranked))
        self.next = {}
        for a, following in bigrams.items():
            common = following.most_common()
            self.next[a] = ([w for w, _ in common], list(accumulate(n for _, n in common)))
        self.function_words = set(self.unigram_words[:min(FUNCTION_WORDS, len(self.unigram_words) // 4)])
        # content words for compounds, subjects and headings: lower-case, 4+ letters
        self.content = [w for w in self.unigram_words if w.isalpha() and w.islower() and len(w) >= 4 and w not in self.function_words]
        self.content_cum = list(accumulate(unigrams[w] for w in self.content))
        self.names = [w for w in self.unigram_words if w[:1].isupper() and w.isalpha() and len(w) >= 4 and w[1:].islower()]
        self.numbers = [w for w in self.unigram_words if w.isdigit() and len(w) >= 3]
        self.sentence_starts = [w for w in self.unigram_words if w[:1].isupper() and w.isalpha()]
        self.tokens = sum(unigrams.values())

    def unigram(self, rnd: random.Random) -> str:
        return self.unigram_words[bisect.bisect(self.unigram_cum, rnd.random() * self.unigram_cum[-1])]

    def content_word(self, rnd: random.Random) -> str:
        return self.content[bisect.bisect(self.content_cum, rnd.random() * self.content_cum[-1])]

    def follow(self, word: str, rnd: random.Random) -> str:
        entry = self.next.get(word)
        if entry is None or rnd.random() < 0.08:
            return self.unigram(rnd)
        words, cum = entry
        return words[bisect.bisect(cum, rnd.random() * cum[-1])]

    def is_open_class(self, token: str) -> bool:
        return token not in self.function_words and (token.isalpha() or token[:1].isdigit())

    def phrase(self, words: int, rnd: random.Random) -> str:
        picked = [self.content_word(rnd) for _ in range(words)]
        text = " ".join(picked)
        return text[:1].upper() + text[1:]


class Vocabulary:
    """The corpus's vocabulary as it grows: keeps it on the real letters' Heaps' law by making
    new words (by the real morphology) whenever it falls behind, and reuses the new words."""

    def __init__(self, model: Model, morphology: Morphology, k: float, beta: float, rnd: random.Random):
        self.model, self.rnd, self.k, self.beta = model, rnd, k, beta
        # a kind whose material the model lacks (no names or numbers in its text) is not made
        lacking = {"name": not model.names, "number": not model.numbers}
        self.kinds = [k for k in morphology.kind_shares if not lacking.get(k)]
        self.kind_cum = list(accumulate(morphology.kind_shares[k] for k in self.kinds))
        self.links = list(morphology.links)
        self.link_cum = list(accumulate(morphology.links.values()))
        self.suffixes = list(morphology.suffixes)
        self.suffix_cum = list(accumulate(morphology.suffixes.values()))
        self.modifiers = list(morphology.modifiers)
        self.modifier_cum = list(accumulate(morphology.modifiers.values()))
        self.heads = list(morphology.heads)
        self.head_cum = list(accumulate(morphology.heads.values()))
        self.seen: set[str] = set()
        self.words = 0
        self.made: list[str] = []  # every use of a new word: picking from it favours the often used
        self.made_compounds: list[str] = []
        self.letter_made: list[str] = []

    def start_letter(self) -> None:
        self.letter_made = []

    def behind(self) -> bool:
        return len(self.seen) < self.k * max(self.words, 1) ** self.beta

    def count(self, token: str) -> None:
        if token.isalpha():
            self.words += 1
            self.seen.add(token.lower())
        elif token[:1].isalnum():
            for word in WORD.findall(token.lower()):
                self.words += 1
                self.seen.add(word)

    def choose(self, token: str) -> str:
        """The word to write at an open-class position where the model proposes ``token``."""
        rnd = self.rnd
        if self.behind():
            word = self.new_word()
        elif self.letter_made and rnd.random() < LOCAL_REUSE:
            word = rnd.choice(self.letter_made)
        elif self.made and rnd.random() < GLOBAL_REUSE:
            word = rnd.choice(self.made)
        else:
            return token
        self.made.append(word)
        self.letter_made.append(word)
        return word

    def new_word(self) -> str:
        for _ in range(20):
            kind = self.kinds[bisect.bisect(self.kind_cum, self.rnd.random() * self.kind_cum[-1])]
            word = getattr(self, f"_{kind}")()
            if word.lower() not in self.seen:
                return word
        return word

    def _pick(self, items: list[str], cum: list[int]) -> str:
        return items[bisect.bisect(cum, self.rnd.random() * cum[-1])]

    def _compound(self) -> str:
        """A first and a last part of real compounds, joined by a real linking element; now and
        then a compound made before is the first part (three-part compounds)."""
        rnd = self.rnd
        if self.made_compounds and rnd.random() < 0.15:
            modifier = rnd.choice(self.made_compounds)
        else:
            modifier = self._pick(self.modifiers, self.modifier_cum)
        word = modifier + self._pick(self.links, self.link_cum) + self._pick(self.heads, self.head_cum)
        self.made_compounds.append(word)
        return word

    def _inflection(self) -> str:
        base = self.rnd.choice(self.made_compounds) if self.made_compounds and self.rnd.random() < 0.5 else self.model.content_word(self.rnd)
        return base + self._pick(self.suffixes, self.suffix_cum)

    def _name(self) -> str:
        rnd, names = self.rnd, self.model.names
        a, b = rnd.choice(names), rnd.choice(names)
        cut_a = _after_first_vowels(a)
        cut_b = _before_last_vowels(b)
        return a[:cut_a] + b[cut_b:].lower()

    def _number(self) -> str:
        template = self.rnd.choice(self.model.numbers)
        digits = [str(self.rnd.randrange(10)) for _ in template]
        digits[0] = str(self.rnd.randrange(1, 10))
        return "".join(digits)

    def _other(self) -> str:
        word = self.model.content_word(self.rnd)
        at = self.rnd.randrange(1, len(word) - 1)
        return word[:at] + self.rnd.choice("abcdefghijklmnoprstuvwz") + word[at + 1:]


def _after_first_vowels(word: str) -> int:
    i = 1
    while i < len(word) and word[i] not in "aeiouy":
        i += 1
    while i < len(word) and word[i] in "aeiouy":
        i += 1
    return i


def _before_last_vowels(word: str) -> int:
    i = len(word) - 1
    while i > 0 and word[i] not in "aeiouy":
        i -= 1
    while i > 0 and word[i - 1] in "aeiouy":
        i -= 1
    return i


def write_text(model: Model, vocabulary: Vocabulary, chars: int, rnd: random.Random) -> str:
    """Running text of about ``chars`` characters, ending at a sentence end."""
    out: list[str] = []
    size = 0
    word = rnd.choice(model.sentence_starts[:500])
    while True:
        written = vocabulary.choose(word) if model.is_open_class(word) else word
        vocabulary.count(written)
        out.append(written)
        size += len(written) + 1
        if word in SENTENCE_END and size >= chars:
            break
        if size > chars * 1.6:
            out.append(".")
            break
        word = model.follow(word, rnd)
    return detokenize(out)


def detokenize(tokens: list[str]) -> str:
    parts: list[str] = []
    for tok in tokens:
        if parts and tok in NO_SPACE_BEFORE:
            parts[-1] += tok
        elif parts and parts[-1].endswith("("):
            parts[-1] += tok
        else:
            parts.append(tok)
    return " ".join(parts)


# First word of the portfolio in "Ministerie van ..." -> today's ministry.
HISTORIC_PORTFOLIOS = {
    "BUITENLANDS": "BZ", "ONTWIKKELINGSSAMENWERKING": "BZ", "VERKEER": "IenW", "WATERSTAAT": "IenW",
    "INFRASTRUCTUUR": "IenW", "ECONOMISCHE": "EZK", "ONDERWIJS": "OCW", "CULTUUR": "OCW", "DEFENSIE": "Def",
    "OORLOG": "Def", "JUSTITIE": "JenV", "BINNENLANDS": "BZK", "VOLKSHUISVESTING": "BZK", "WELZIJN": "VWS",
    "VOLKSGEZONDHEID": "VWS", "FINANCIEN": "Fin", "SOCIALE": "SZW", "LANDBOUW": "LNV", "ALGEMENE": "AZ",
}


def todays_ministry(name: str | None) -> str | None:
    """A ministry as the letter names it (possibly historic) -> today's ministry, if known."""
    from indexer.ministries import MINISTRIES

    if not name:
        return None
    if name in MINISTRIES and MINISTRIES[name][0] in DIRECTORATES:
        return name  # a ministry of today (the parsers also name those of the past)
    folded = unicodedata.normalize("NFKD", name.removeprefix("Ministerie van ")).encode("ascii", "ignore").decode()
    head = folded.split()[0].strip(",-").upper() if folded.split() else ""
    abbrev = next((a for prefix, a in HISTORIC_PORTFOLIOS.items() if head.startswith(prefix)), None)
    return next((n for n, (a, _, _) in MINISTRIES.items() if a == abbrev), None)


def _zipf_pick(items, rnd, s=1.1):
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rnd.choices(items, weights)[0]


def _kenmerk(date: dt.date, rnd: random.Random, abbrev: str) -> str:
    r = rnd.random()
    if date.year < 2008:
        return f"{abbrev.upper()}/{date.year}/{rnd.randrange(1000, 99999)}" if r < 0.5 else f"{rnd.randrange(100000, 999999)}/{date.year % 100:02d}"
    if r < 0.5:
        return str(rnd.randrange(1_000_000, 9_999_999))
    if r < 0.8:
        return f"{date.year}-{rnd.randrange(0, 10**10):010d}"
    return f"{abbrev.upper()}-{date.year}-{rnd.randrange(10000, 999999)}"


class Generator:
    def __init__(self, seed: int = 1):
        from indexer.ministries import MINISTRIES

        real = load_real_letters()
        modern = [letter for letter in real if is_modern(letter)]
        self.model = Model([letter_text(letter) for letter in real])
        self.heaps = real_heaps(real)
        self.morphology = learn_morphology(real)
        self.letter_lengths = [len(body_text(letter)) for letter in modern]
        self.passage_lengths = [len(p.text) for letter in modern for p in letter.passages]
        self.real_letters, self.modern_letters = len(real), len(modern)
        self.rnd = random.Random(seed)
        self.vocabulary = Vocabulary(self.model, self.morphology, self.heaps.k, self.heaps.beta, self.rnd)
        ministry_counts = collections.Counter(todays_ministry(letter.ministry) for letter in real)
        # every ministry at least a little, in the real proportions otherwise
        self.ministries = sorted(m for m, (abbrev, _, _) in MINISTRIES.items() if abbrev in DIRECTORATES)
        self.ministry_weights = [ministry_counts.get(m, 0) + 2 for m in self.ministries]
        self.abbrev = {name: abbr for name, (abbr, _, _) in MINISTRIES.items()}
        self.years = list(range(1995, 2026))
        self.year_weights = [1 + (y - 1995) / 30 for y in self.years]
        # dossiers (Kamerstuk numbers), Zipf-distributed: a few dossiers are cited very often
        self.dossiers = [self.rnd.randrange(19000, 36600) for _ in range(3000)]
        self.dossier_weights = list(accumulate(1 / (i + 1) ** 1.05 for i in range(len(self.dossiers))))
        self.ids: set[str] = set()

    def stats(self) -> dict:
        return {
            "real_letters": self.real_letters,
            "modern_letters": self.modern_letters,
            "real_tokens": self.model.tokens,
            "real_types": len(self.model.unigram_words),
            "heaps_k": round(self.heaps.k, 2),
            "heaps_beta": round(self.heaps.beta, 3),
            "new_word_kinds": {k: round(v, 3) for k, v in self.morphology.kind_shares.items()},
            "mean_letter_chars": round(sum(self.letter_lengths) / len(self.letter_lengths)),
            "mean_passage_chars": round(sum(self.passage_lengths) / len(self.passage_lengths)),
        }

    def text(self, chars: int) -> str:
        return write_text(self.model, self.vocabulary, chars, self.rnd)

    def kamerstuk(self) -> str:
        rnd = self.rnd
        dossier = self.dossiers[bisect.bisect(self.dossier_weights, rnd.random() * self.dossier_weights[-1])]
        d = f"{dossier // 1000} {dossier % 1000:03d}"
        nr = int(rnd.paretovariate(1.2) * 8) % 600 + 1
        if rnd.random() < 0.7:
            return f"Kamerstuk {d}, nr. {nr}"
        year = rnd.randrange(1995, 2025)
        return f"Kamerstukken II {year}/{(year + 1) % 100:02d}, {d}, nr. {nr}"

    def letter(self):
        from indexer.model import Footnote, Letter, Passage, Signer, Source
        from indexer.references import extract_references

        rnd, model = self.rnd, self.model
        self.vocabulary.start_letter()
        ministry = rnd.choices(self.ministries, self.ministry_weights)[0]
        abbrev = self.abbrev[ministry]
        directorate = _zipf_pick(DIRECTORATES[abbrev], rnd)
        year = rnd.choices(self.years, self.year_weights)[0]
        date = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(365))
        kenmerk = _kenmerk(date, rnd, abbrev)
        letter_id = f"{abbrev.lower()}-{date.isoformat()}-{re.sub(r'[^0-9A-Za-z]+', '-', kenmerk).strip('-').lower()}"
        while letter_id in self.ids:
            letter_id += "x"
        self.ids.add(letter_id)

        target = rnd.choice(self.letter_lengths) * math.exp(rnd.gauss(0, 0.25))
        passages: list[Passage] = []
        footnotes: list[Footnote] = []
        size, heading = 0, None
        section_left = rnd.randrange(1, 3)  # opening passages before the first heading
        while size < target or not passages:
            if section_left == 0:
                heading = model.phrase(rnd.randrange(1, 6), rnd)
                section_left = rnd.randrange(1, 5)
            section_left -= 1
            chars = max(80, int(rnd.choice(self.passage_lengths) * math.exp(rnd.gauss(0, 0.2))))
            text = self.text(chars)
            # footnote markers at sentence ends, about one per 700 characters
            for _ in range(int(len(text) / 700 + rnd.random())):
                ends = [m.end() for m in re.finditer(r"[.?!](?= )", text)]
                if not ends:
                    break
                pos = rnd.choice(ends)
                n = len(footnotes) + 1
                text = f"{text[:pos]}[^{n}]{text[pos:]}"
                note = self.kamerstuk() if rnd.random() < 0.65 else self.text(rnd.randrange(30, 160))
                footnotes.append(Footnote(str(n), note))
            if rnd.random() < 0.1:
                text += f" (zie {self.kamerstuk()})"
            passages.append(Passage(f"p-{len(passages) + 1}", heading, text))
            size += len(text)
        role = f"De {'Minister' if rnd.random() < 0.7 else 'Staatssecretaris'} van {ministry.removeprefix('Ministerie van ')}"
        name = f"{rnd.choice('ABCDEFGHIJKLMNPRSTW')}.{rnd.choice('ABCDEFGHIJKLMNPRSTW')}. {rnd.choice(SURNAMES)}"
        body = "\n\n".join(p.text for p in passages)
        letter = Letter(
            id=letter_id,
            source=Source(f"bench/{letter_id}.md", "markdown", hashlib.sha256(body.encode()).hexdigest()),
            kenmerk=kenmerk,
            date=date,
            directorate=directorate,
            ministry=ministry,
            subject=model.phrase(rnd.randrange(2, 8), rnd),
            signer=Signer(name, role),
            addressee="De Voorzitter van de Tweede Kamer der Staten-Generaal",
            doc_type="brief",
            passages=passages,
            footnotes=footnotes,
        )
        letter.references = extract_references(body, *(f.text for f in footnotes))
        return letter


def default_path(letters: int, seed: int) -> Path:
    return ROOT / "var" / "bench" / f"letters-{letters}-s{seed}.jsonl.gz"


def write_corpus(letters: int, seed: int, out: Path | None = None, quiet: bool = False) -> Path:
    """Write the corpus, and beside it (``.stats.json``) the calibration and the seconds it took."""
    out = out or default_path(letters, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    gen = Generator(seed)
    tmp = out.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as fh:
        for i in range(letters):
            fh.write(json.dumps(gen.letter().to_dict(), ensure_ascii=False) + "\n")
            if not quiet and (i + 1) % 10000 == 0:
                print(f"  {i + 1} letters, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    tmp.replace(out)
    stats = {**gen.stats(), "letters": letters, "seed": seed, "out": out.name, "seconds": round(time.perf_counter() - started, 1)}
    stats_path(out).write_text(json.dumps(stats, indent=1))
    if not quiet:
        print(json.dumps(stats), file=sys.stderr)
    return out


def stats_path(corpus: Path) -> Path:
    return corpus.with_name(corpus.name.removesuffix(".jsonl.gz") + ".stats.json")


def load_letters(path: Path):
    from indexer.model import Letter

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield Letter.from_dict(json.loads(line))


def ensure_corpus(letters: int, seed: int) -> Path:
    path = default_path(letters, seed)
    if not path.exists():
        write_corpus(letters, seed, path)
    return path


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    write_corpus(args.letters, args.seed, args.out)


if __name__ == "__main__":
    main()
