"""Shared helpers for the parser tests: where the real corpus lives, and skipping without it."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus-real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLOOI = CORPUS / "MinBZK+woo-besluit-broncode-PLOOI"
OTHER_PLOOI = CORPUS / "other-documents" / "MinBZK+woo-besluit-broncode-PLOOI"
SGD = CORPUS / "KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper"
WOB = CORPUS / "other-documents" / "julianvenhuizen+wob-letter-extraction"


def real(path: Path) -> Path:
    """The real file, or skip the test when the shared corpus is not beside the repo."""
    if not path.exists():
        pytest.skip(f"shared corpus file not available: {path.name}")
    return path
