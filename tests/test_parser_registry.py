"""Parser modules declare their formats; the registry, suffixes and sniffing derive from that."""
import sys
from pathlib import Path

import pytest

import indexer.parsers as parsers
from indexer.parsers import FORMATS, ParserImportError, sniff_format, supported_suffixes


def test_each_parser_module_declares_its_formats():
    assert set(FORMATS) == {"markdown", "text", "pdf", "xml", "html", "sgd-json", "docx"}
    for fmt in FORMATS.values():
        assert fmt.suffixes and all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)


def test_supported_suffixes_are_those_the_formats_declare():
    assert supported_suffixes() == {s for fmt in FORMATS.values() for s in fmt.suffixes}


@pytest.mark.parametrize("name, head, expected", [
    ("brief.pdf", b"%PDF-1.7 ...", "pdf"),
    ("brief.txt", b"%PDF-1.4 ...", "pdf"),  # a PDF renamed .txt is still a PDF
    ("kst.xml", b"<?xml version='1.0'?><officiele-publicatie/>", "xml"),
    ("kst.xml", b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML"><html>', "html"),
    ("kst.xml", b"<officiele-publicatie/>", "xml"),  # no declaration: the suffix decides
    ("pagina", b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
    ("record.txt", b'{"URL": "x", "Content": "BRIEF VAN DE MINISTER"}', "sgd-json"),
    ("tk.json", b'[{"Id": "x"}]', "sgd-json"),  # other JSON is told apart by that parser
    ("brief.md", b"Datum 17 november 2021", "markdown"),
    ("brief.txt", b"Datum 17 november 2021", "text"),
    ("brief.docx", b"PK\x03\x04 ...", "docx"),
    ("stuk.odt", b"PK\x03\x04 ...", "odt"),  # a container no parser reads, named for the error
])
def test_content_first_then_the_suffix(name, head, expected):
    assert sniff_format(Path(name), head) == expected


@pytest.fixture()
def extra_module(tmp_path, monkeypatch):
    """Write a module into the parser package's search path; it is gone again afterwards."""
    monkeypatch.setattr(parsers, "__path__", [*parsers.__path__, str(tmp_path)])
    names = []

    def write(name: str, source: str) -> None:
        (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
        names.append(name)

    yield write
    for name in names:
        sys.modules.pop(f"indexer.parsers.{name}", None)
        if hasattr(parsers, name):
            delattr(parsers, name)


def test_a_parser_module_that_fails_to_import_is_an_error_at_start_up(extra_module):
    extra_module("kapot", "import een_module_die_er_niet_is\n")
    with pytest.raises(ParserImportError, match="parser module 'kapot' cannot be imported"):
        parsers._discover()


def test_a_new_format_is_one_module(extra_module):
    extra_module("proef", (
        "from indexer.parsers import Format\n"
        "def parse(path, data):\n    raise NotImplementedError\n"
        "FORMATS = (Format('proef', ('.proef',), parse, sniff=lambda start: start.startswith(b'PROEF')),)\n"
    ))
    found = parsers._discover()
    assert found["proef"].suffixes == (".proef",)
    assert set(found) == set(FORMATS) | {"proef"}
