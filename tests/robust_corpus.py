"""Hand-made corpora for the robustness tests and scripts/robustness.py.

``make_variants`` copies the bundled example letter under other kenmerken and dates, so each
copy is a letter of its own (its id is ministry-date-kenmerk) with real Dutch text.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = next((ROOT / "corpus").glob("2021-11-17-jenv-*.md"))
EXAMPLE_KENMERK = "3627733"
EXAMPLE_DATE = "17 november 2021"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def variant_id(n: int) -> str:
    day = _dt.date(2015, 1, 1) + _dt.timedelta(days=n)
    return f"jenv-{day.isoformat()}-{5000000 + n}"


def variant_text(n: int, template: str | None = None) -> str:
    template = template if template is not None else EXAMPLE.read_text(encoding="utf-8")
    day = _dt.date(2015, 1, 1) + _dt.timedelta(days=n)
    text = template.replace(EXAMPLE_KENMERK, str(5000000 + n))
    return text.replace(EXAMPLE_DATE, f"{day.day} {MONTHS[day.month - 1]} {day.year}", 1)


def make_variants(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` distinct letters in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    template = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for n in range(start, start + count):
        path = folder / f"brief-{n:04d}.md"
        path.write_text(variant_text(n, template), encoding="utf-8")
        paths.append(path)
    return paths
