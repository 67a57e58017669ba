"""A synthetic corpus of Kamerbrieven whose statistics follow the real letters.

    python -m bench.generate --letters 10000 [--seed 1] [--out var/bench/letters-10000-s1.jsonl.gz]

Everything is learned from the real texts beside the project, nothing is random strings:

- words: a bigram (Markov) model of the tokens of the 342 Staten-Generaal Digitaal letters
  (``Content`` field) and the Markdown letters in corpus/, mixed with draws from their
  unigram (Zipfian) distribution, plus a small share of Dutch-style compounds of two real
  words, so the vocabulary keeps growing with the corpus as real text does (Heaps' law);
- lengths: letter lengths drawn from the empirical distribution of the real letters, passage
  lengths from the passages of the parsed Markdown letter (log-normal jitter around each);
- metadata: ministries in the proportions in which the real letters name them (``BRIEF VAN
  DE MINISTER VAN ...``), a handful of directorates per ministry (Zipfian), dates 1995-2025
  (slightly more letters in later years), kenmerken in the formats letters use;
- structure: passages under section headings, footnotes with markers ``[^N]`` in the text,
  most of them citing Kamerstukken ("Kamerstuk 28 638, nr. 184") from a Zipfian pool of
  dossiers, references extracted by the indexer's own ``extract_references``.

A fixed seed gives the same corpus on every machine. The output is one JSON line per
letter (``Letter.to_dict``), gzip-compressed; ``load_letters`` reads it back as Letters.
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
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL_SGD = SHARED / "corpus-real" / "KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper"
CORPUS = ROOT / "corpus"

TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:['-][A-Za-zÀ-ÿ]+)*|\d+(?:[.,]\d+)*|[.,;:?!()]")
NO_SPACE_BEFORE = set(".,;:?!)")
SENTENCE_END = {".", "?", "!"}

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


# First word of the portfolio in "BRIEF VAN DE MINISTER VAN ..." -> today's ministry.
HISTORIC_PORTFOLIOS = {
    "BUITENLANDSE": "BZ", "ONTWIKKELINGSSAMENWERKING": "BZ", "VERKEER": "IenW", "ECONOMISCHE": "EZK",
    "ONDERWIJS": "OCW", "CULTUUR": "OCW", "DEFENSIE": "Def", "OORLOG": "Def", "JUSTITIE": "JenV",
    "BINNENLANDSE": "BZK", "VOLKSHUISVESTING": "BZK", "WELZIJN": "VWS", "VOLKSGEZONDHEID": "VWS",
    "FINANCIEN": "Fin", "SOCIALE": "SZW", "LANDBOUW": "LNV", "ALGEMENE": "AZ",
}


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
        self.unigram_words = [w for w, _ in unigrams.most_common()]
        self.unigram_cum = list(accumulate(n for _, n in unigrams.most_common()))
        self.next = {}
        for a, following in bigrams.items():
            words = [w for w, _ in following.most_common()]
            self.next[a] = (words, list(accumulate(n for _, n in following.most_common())))
        # content words for compounds, subjects and headings: lower-case, 4+ letters
        self.content = [w for w in self.unigram_words if w.isalpha() and w.islower() and len(w) >= 4]
        self.content_cum = list(accumulate(unigrams[w] for w in self.content))
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

    def text(self, chars: int, rnd: random.Random, start: str | None = None) -> str:
        """Running text of about ``chars`` characters, ending at a sentence end."""
        out: list[str] = []
        size = 0
        word = start or rnd.choice(self.sentence_starts[:500])
        out.append(word)
        while True:
            word = self.follow(word, rnd)
            if word.isalpha() and word.islower() and len(word) >= 4 and rnd.random() < 0.015:
                word = word + self.content_word(rnd)  # a Dutch compound of two real words
            out.append(word)
            size += len(word) + 1
            if word in SENTENCE_END and size >= chars:
                break
            if size > chars * 1.6:
                out.append(".")
                break
        return detokenize(out)

    def phrase(self, words: int, rnd: random.Random) -> str:
        picked = [self.content_word(rnd) for _ in range(words)]
        text = " ".join(picked)
        return text[:1].upper() + text[1:]


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


def real_texts() -> tuple[list[str], list[int], list[int], dict[str, int]]:
    """(texts, letter lengths, passage lengths, ministry counts) of the real letters."""
    from indexer.ministries import MINISTRIES
    from indexer.parsers import parse_file

    texts, letter_lengths, passage_lengths = [], [], []
    ministries: collections.Counter[str] = collections.Counter()
    for path in sorted(REAL_SGD.glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8")).get("Content") or ""
        if not content.strip():
            continue
        texts.append(content)
        letter_lengths.append(len(content))
        m = re.search(r"BRIEF VAN DE[N]? (?:MINISTER|STAATSSECRETARIS)S? (?:VAN|VOOR) (?:DE |HET )?([A-Z ,]+?)(?:\n| EN VAN|$)", content)
        if m:  # older portfolios map to today's ministry (Verkeer en Waterstaat -> IenW ...)
            head = m.group(1).replace("IM", "N").split()[0].strip(",")
            abbrev = next((a for prefix, a in HISTORIC_PORTFOLIOS.items() if head.startswith(prefix)), None)
            name = next((n for n, (a, _, _) in MINISTRIES.items() if a == abbrev), None)
            if name:
                ministries[name] += 1
    for path in sorted(CORPUS.glob("*.md")):
        letter = parse_file(path)
        body = "\n\n".join(p.text for p in letter.passages)
        texts.append(body + "\n" + "\n".join(f.text for f in letter.footnotes))
        letter_lengths.append(len(body))
        passage_lengths.extend(len(p.text) for p in letter.passages)
        if letter.ministry in MINISTRIES:
            ministries[letter.ministry] += 1
    return texts, letter_lengths, passage_lengths, ministries


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

        texts, self.letter_lengths, self.passage_lengths, ministry_counts = real_texts()
        self.model = Model(texts)
        self.rnd = random.Random(seed)
        # every ministry at least a little, in the real proportions otherwise
        self.ministries = sorted(MINISTRIES)
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
            "real_letters": len(self.letter_lengths),
            "real_tokens": self.model.tokens,
            "real_types": len(self.model.unigram_words),
            "mean_letter_chars": round(sum(self.letter_lengths) / len(self.letter_lengths)),
            "mean_passage_chars": round(sum(self.passage_lengths) / len(self.passage_lengths)),
        }

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
            text = model.text(chars, rnd)
            # footnote markers at sentence ends, about one per 700 characters
            for _ in range(int(len(text) / 700 + rnd.random())):
                ends = [m.end() for m in re.finditer(r"[.?!](?= )", text)]
                if not ends:
                    break
                pos = rnd.choice(ends)
                n = len(footnotes) + 1
                text = f"{text[:pos]}[^{n}]{text[pos:]}"
                note = self.kamerstuk() if rnd.random() < 0.65 else model.text(rnd.randrange(30, 160), rnd)
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
    out = out or default_path(letters, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    started = time.perf_counter()
    tmp = out.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as fh:
        for i in range(letters):
            fh.write(json.dumps(gen.letter().to_dict(), ensure_ascii=False) + "\n")
            if not quiet and (i + 1) % 10000 == 0:
                print(f"  {i + 1} letters, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    tmp.replace(out)
    if not quiet:
        print(json.dumps({**gen.stats(), "letters": letters, "seed": seed, "out": out.name}), file=sys.stderr)
    return out


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
