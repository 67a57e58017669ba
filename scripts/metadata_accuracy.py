"""How complete and how right is the extracted metadata on real documents, per field and format?

Parses every file under the given folders (default: ../shared/corpus-real and
../shared/ob-holdout beside the project), and reports per field and per source format how
many letters carry the field, and how many of the checked ones are right. The truth is taken
only from places that do not go through the parser under test:

- the SOURCES.md rows of a folder ("dated 21 juni 1983", "Ons kenmerk 5687928/11",
  "Onze referentie 1400405", "Kamerstuk 17649 nr. 34");
- the identifier a file's own name states where SOURCES.md says it is the published one
  (ob-holdout: "kst-36600-X-55.xml"), or the DC.identifier of a companion metadata file;
- DCTERMS.issued of a companion metadata file (the date).

Usage: python scripts/metadata_accuracy.py [FOLDER ...]
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.dates import find_date  # noqa: E402
from indexer.parsers import NotALetter, ParseError, parse_file  # noqa: E402
from indexer.parsers.companions import first, read_companions  # noqa: E402

FIELDS = ("id", "kenmerk", "kamerstuk", "date", "directorate", "subject", "ministry", "signer", "addressee")
SUFFIXES = (".pdf", ".xml", ".json", ".html", ".htm", ".md", ".txt")
SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCUMENTATION = ("readme", "sources", "license", "licence")  # files beside the documents
_PUBLISHED_ID = re.compile(r"^(?:kst|ah-tk|ah-ek|h-tk|h-ek|blg)-[\w-]+$")


def truths_from_sources(sources: Path) -> dict[str, dict]:
    """file name -> known values, from the rows of a SOURCES.md table."""
    known: dict[str, dict] = {}
    if not sources.exists():
        return known
    names_are_ids = "published identifier" in sources.read_text(encoding="utf-8")
    for row in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) < 4 or not cells[1].startswith("`"):
            continue
        name, text = Path(cells[1].strip("`")).name, cells[-2]
        truth: dict = {}
        date = re.search(r"dated (\d{1,2} \w+ \d{4})", text) or re.search(r"Kamerbrief (\d{1,2} \w+ \d{4})", text) \
            or re.search(r"^(\d{1,2} \w+ \d{4}),", text) or re.search(r"\): (\d{1,2} \w+ \d{4})", text)
        if date and find_date(date.group(1)):
            truth["date"] = find_date(date.group(1))
        kenmerk = re.search(r"(?:Ons kenmerk|Onze referentie|Kenmerk) ([\w/.-]*\d[\w/.-]*)", text)
        if kenmerk:
            truth["kenmerk"] = kenmerk.group(1).rstrip(".;,")
        stuk = re.search(r"Kamerstuk (\d{4,5}) nr\. (\d+)", text)
        if stuk and name.startswith("sgd-"):
            truth["kamerstuk"] = f"{stuk.group(1)}-{stuk.group(2)}"
        stem = Path(name).stem
        if names_are_ids and _PUBLISHED_ID.match(stem):
            truth["id"] = stem.lower()
            if stem.startswith("kst-"):
                truth["kamerstuk"] = stem[len("kst-"):]
        if truth:
            known[name] = truth
    return known


def truths_from_companions(path: Path) -> dict:
    record = read_companions(path)
    truth: dict = {}
    issued = first(record, "dcterms.issued")
    if issued:
        truth["date"] = _iso(issued) or find_date(issued)
    ident = first(record, "dc.identifier")
    if ident and _PUBLISHED_ID.match(ident):
        truth["id"] = ident.lower()
    return truth


def _iso(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def is_right(field: str, got, want) -> bool:
    if got is None:
        return False
    if field == "date":
        return got == want
    return str(got).replace(" ", "").lower() == str(want).replace(" ", "").lower()


class Tally:
    """Counts per (format, field): letters, extracted, checked, right."""

    def __init__(self) -> None:
        self.letters: Counter = Counter()
        self.have: dict[str, Counter] = defaultdict(Counter)
        self.checked: dict[str, Counter] = defaultdict(Counter)
        self.right: dict[str, Counter] = defaultdict(Counter)

    def add(self, letter, truth: dict) -> None:
        fmt = letter.source.format
        for key in (fmt, "all"):
            self.letters[key] += 1
            for field in FIELDS:
                self.have[key][field] += getattr(letter, field) is not None
            for field, want in truth.items():
                self.checked[key][field] += 1
                self.right[key][field] += is_right(field, getattr(letter, field), want)

    def print(self) -> None:
        formats = sorted(k for k in self.letters if k != "all") + ["all"]
        print("extracted: letters that carry the field; right: right of those checked against a known truth")
        header = f"{'field':<12}" + "".join(f"{f + ' (' + str(self.letters[f]) + ')':>22}" for f in formats)
        print(header)
        for field in FIELDS:
            cells = []
            for fmt in formats:
                have = self.have[fmt][field]
                pct = f"{100 * have / self.letters[fmt]:.0f}%" if self.letters[fmt] else "-"
                checked = self.checked[fmt][field]
                right = f"{self.right[fmt][field]}/{checked}" if checked else "-"
                cells.append(f"{pct:>5} {right:>8}")
            print(f"{field:<12}" + "".join(f"{c:>22}" for c in cells))


def _is_document(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.stem.lower().startswith(DOCUMENTATION)


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv[1:]] or [SHARED / "corpus-real", SHARED / "ob-holdout"]
    tally, outcome, failures, ministries = Tally(), Counter(), [], Counter()
    for root in roots:
        known = truths_from_sources(root / "SOURCES.md")
        for path in sorted(p for p in root.rglob("*") if _is_document(p)):
            try:
                letter = parse_file(path)
            except NotALetter:
                outcome["not a letter"] += 1
                continue
            except ParseError as exc:
                outcome["failed"] += 1
                failures.append(f"{path.relative_to(root.parent)}: {exc}")
                continue
            outcome["letters"] += 1
            ministries[letter.ministry] += 1
            tally.add(letter, {**truths_from_companions(path), **known.get(path.name, {})})
    print(f"files: {dict(outcome)}")
    tally.print()
    print(f"distinct ministry values: {len([m for m in ministries if m])}; letters without: {ministries[None]}")
    for line in failures:
        print("failed:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
