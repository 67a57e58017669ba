"""How complete and how right is the extracted metadata on the real corpus?

Parses every file under ../shared/corpus-real (or the folder given), counts per field how
many letters have it, and checks it where the truth is knowable: the SOURCES.md
descriptions ("dated 21 juni 1983", "Ons kenmerk 5687928/11", "Onze referentie 1400405",
"Kamerstuk 17649 nr. 34") and DCTERMS.issued in OB metadata files beside a document.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.dates import find_date  # noqa: E402
from indexer.parsers import NotALetter, ParseError, parse_file  # noqa: E402
from indexer.parsers.companions import first, read_companions  # noqa: E402

FIELDS = ("kenmerk", "kamerstuk", "date", "directorate", "subject", "ministry", "signer")


def truths(sources: Path) -> dict[str, dict]:
    """file name -> known values, from the rows of SOURCES.md."""
    known: dict[str, dict] = {}
    for row in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) < 6 or not cells[1].startswith("`"):
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
        if truth:
            known[name] = truth
    return known


def check(letter, truth: dict, path: Path) -> dict[str, bool]:
    record = read_companions(path)
    issued = first(record, "dcterms.issued")
    if issued and "date" not in truth:
        truth = {**truth, "date": find_date(issued.replace("-", " ")) or _iso(issued)}
    result = {}
    for field, want in truth.items():
        got = getattr(letter, field)
        result[field] = got is not None and (got == want if field == "date" else str(got).replace(" ", "") == str(want).replace(" ", ""))
    return result


def _iso(text: str):
    import datetime as dt
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus-real"
    known = truths(root / "SOURCES.md") if (root / "SOURCES.md").exists() else {}
    have, checked, right, outcome = Counter(), Counter(), Counter(), Counter()
    failures: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".xml", ".json", ".html", ".md", ".txt")):
        try:
            letter = parse_file(path)
        except NotALetter:
            outcome["not a letter"] += 1
            continue
        except ParseError as exc:
            outcome["failed"] += 1
            failures.append(f"{path.relative_to(root)}: {exc}")
            continue
        outcome["letters"] += 1
        for field in FIELDS:
            have[field] += getattr(letter, field) is not None
        for field, ok in check(letter, known.get(path.name, {}), path).items():
            checked[field] += 1
            right[field] += ok
    print(f"files: {dict(outcome)}")
    print(f"{'field':<12}{'extracted':>12}{'checked':>10}{'right':>8}")
    for field in FIELDS:
        pct = f"{100 * have[field] / outcome['letters']:.0f}%" if outcome["letters"] else "-"
        print(f"{field:<12}{have[field]:>7} {pct:>4}{checked[field]:>10}{right[field]:>8}")
    for line in failures:
        print("failed:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
