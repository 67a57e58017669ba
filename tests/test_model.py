"""The Letter model is the one list of letter fields: its JSON, the OpenAPI schema, a search
hit's fields and the CLI's printout all follow it."""
import datetime as dt

import pytest

from indexer.cli import LETTER_LABELS, main
from indexer.model import Footnote, Letter, Passage, Reference, Signer, Source
from web.openapi import LETTER, SEARCH_RESULT

FULL = Letter(
    id="jenv-2021-11-17-1",
    kenmerk="1",
    kamerstuk="12345-6",
    date=dt.date(2021, 11, 17),
    directorate="DGPenV",
    ministry="Ministerie van Justitie en Veiligheid",
    subject="Onderwerp",
    signer=Signer("D. Yeşilgöz", "minister"),
    addressee="Voorzitter",
    doc_type="brief",
    source=Source("a.md", "markdown", "0" * 64, "https://example.org/a"),
    passages=[Passage("p-1", None, "Eerste."), Passage("p-2", "Kop", "Tweede.")],
    footnotes=[Footnote("1", "Kamerstuk 12345, nr. 6")],
    references=[Reference("kamerstuk", "Kamerstuk 12345, nr. 6", "12345-6")],
)


def test_a_letter_reads_back_from_its_json():
    assert Letter.from_dict(FULL.to_dict()) == FULL
    assert Letter.from_dict(Letter(id="x", source=FULL.source).to_dict()).signer is None


def test_a_stored_letter_with_other_fields_than_this_version_knows_is_read_by_the_model():
    stored = FULL.to_dict()
    del stored["source"]["url"]
    read = Letter.from_dict(stored)  # stored before the field was added: its default
    assert read.source.url is None and read.passages == FULL.passages

    for unknown in (("signer",), ("passages", 0), ("footnotes", 0)):
        stored = FULL.to_dict()
        part = stored
        for key in unknown:
            part = part[key]
        part["later"] = "a field this version does not know"
        with pytest.raises(TypeError):  # said, not taken silently
            Letter.from_dict(stored)

    stored = FULL.to_dict()
    del stored["references"][0]["target"]
    with pytest.raises(TypeError):  # missing, without a default: said, not guessed
        Letter.from_dict(stored)


def test_the_json_keys_are_the_model_fields_in_order_and_the_schema_requires_them():
    data = FULL.to_dict()
    assert list(data) == LETTER["required"] == list(LETTER["properties"])
    assert list(data["source"]) == LETTER["properties"]["source"]["required"]
    assert list(data["passages"][0]) == LETTER["properties"]["passages"]["items"]["required"]
    assert LETTER["properties"]["date"] == {"type": ["string", "null"], "format": "date"}


def test_a_hit_carries_the_fields_the_model_marks_for_hits():
    hit = SEARCH_RESULT["properties"]["hits"]["items"]
    assert Letter.hit_fields() == ("id", "kenmerk", "kamerstuk", "date", "directorate", "ministry", "subject", "source")
    assert hit["required"][: len(Letter.hit_fields())] == list(Letter.hit_fields())


def test_the_cli_shows_every_metadata_field(capsys, tmp_path):
    letter = tmp_path / "a.md"
    letter.write_text("Datum 17 november 2021\nOnderwerp Een brief\n\nDe tekst van de brief.\n", encoding="utf-8")
    assert main(["check", str(letter)]) == 0
    shown = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line and not line.startswith(" ")]
    assert {LETTER_LABELS.get(key, key) for key in Letter.metadata_fields()} <= set(shown)  # in Dutch
