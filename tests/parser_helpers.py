"""Shared helpers for the parser tests: where the real corpus and the made files are."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus-real"
MADE = Path(__file__).resolve().parent / "data" / "letters"
FIXTURES = Path(__file__).resolve().parent / "data" / "bad"
DATA = Path(__file__).resolve().parent / "data" / "parsing"  # made samples of layouts and formats
PLOOI = CORPUS / "MinBZK+woo-besluit-broncode-PLOOI"
OTHER_PLOOI = CORPUS / "other-documents" / "MinBZK+woo-besluit-broncode-PLOOI"
SGD = CORPUS / "KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper"
WOB = CORPUS / "other-documents" / "julianvenhuizen+wob-letter-extraction"


def real(path: Path) -> Path:
    """A real file from ../shared. Only tests marked ``real_documents`` read them, and those
    run only where ../shared is present, so a missing file is a failure, not a skip."""
    if not SHARED.is_dir():
        pytest.fail("../shared is not present: mark this test real_documents, so it is deselected then")
    if not path.exists():
        pytest.fail(f"missing from ../shared: {path.relative_to(SHARED) if SHARED in path.parents else path}")
    return path
