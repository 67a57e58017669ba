"""Metadata records published beside a document: metadata.xml, metadata_owms.xml, manifest.xml.

officielebekendmakingen publishes ``metadata.xml`` (``<metadata name=... content=...>``
pairs) and ``metadata_owms.xml`` (owmskern/owmsmantel elements); rijksoverheid.nl archives
carry a ``manifest.xml`` with ``dcterms.*`` elements. All of them read here into one flat
``dict[str, list[str]]`` keyed by the lower-case local name ("dcterms.issued",
"overheidop.indiener", "identifier", ...), so parsers ask for fields, not for schemas.
Companion files are found by name beside the document; nothing else is read.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

COMPANION_SUFFIXES = (".metadata.xml", ".metadata_owms.xml", ".manifest.xml")
# root elements of files that only describe another document (an SRU answer, or one record
# of it as it is stored on its own)
METADATA_ROOTS = {"metadata_gegevens", "owms-metadata", "work", "searchretrieveresponse", "record", "metadata"}

Record = dict[str, list[str]]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def is_companion_name(path: Path | str) -> bool:
    """Whether a file (a path, or a file's name) is named as a companion file is."""
    name = (path if isinstance(path, str) else path.name).lower()
    return name.endswith(COMPANION_SUFFIXES) or name in {"metadata.xml", "metadata_owms.xml", "manifest.xml"}


# the FRBR layout of repository.overheid.nl: <id>/<expression>/<manifestation>/<file>, the
# metadata records as manifestations of their own beside the document's
_MANIFESTATIONS = {"xml", "html", "pdf", "odt"}
_RECORD_MANIFESTATIONS = (("metadata", "metadata.xml"), ("metadataowms", "metadata_owms.xml"))


def companion_paths(path: Path) -> list[Path]:
    """Companion files beside ``path``: ``<stem>.metadata.xml`` etc., then the plain names;
    in the FRBR layout the record manifestations of the same expression."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    names = [stem + suffix for suffix in COMPANION_SUFFIXES] + ["metadata.xml", "metadata_owms.xml"]
    found = [path.parent / n for n in names if (path.parent / n).is_file() and (path.parent / n) != path]
    if _in_frbr_layout(path):
        expression = path.parent.parent
        found += [expression / folder / name for folder, name in _RECORD_MANIFESTATIONS
                  if (expression / folder / name).is_file()]
    return found


def companion_folders(path: Path) -> list[Path]:
    """The folders ``companion_paths`` looks in: a companion can appear only where one of
    them changes."""
    folders = [path.parent]
    if _in_frbr_layout(path):
        folders += [path.parent.parent / folder for folder, _ in _RECORD_MANIFESTATIONS]
    return folders


def _in_frbr_layout(path: Path) -> bool:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.parent.name.lower() in _MANIFESTATIONS and path.parent.parent.parent.name == stem


def record_from_root(root: Element) -> Record:
    """Flatten a metadata tree: name/content pairs and leaf elements with text."""
    record: Record = {}
    for el in root.iter():
        name, content = el.get("name"), el.get("content")
        if name and content is not None:
            record.setdefault(name.lower(), []).append(content.strip())
        elif len(el) == 0 and el.text and el.text.strip():
            record.setdefault(local(el.tag), []).append(el.text.strip())
    return record


def read_companions(path: Path) -> Record:
    """All companion metadata of ``path`` merged; a companion that fails to parse is skipped."""
    merged: Record = {}
    for companion in companion_paths(path):
        try:
            if companion.stat().st_size > 5 * 1024 * 1024:
                continue
            root = SafeET.fromstring(companion.read_bytes(), forbid_dtd=True)
        except (OSError, SafeET.ParseError, DefusedXmlException, ValueError):
            continue
        for key, values in record_from_root(root).items():
            merged.setdefault(key, []).extend(values)
    return merged


def first(record: Record, *keys: str) -> str | None:
    for key in keys:
        for value in record.get(key.lower(), []):
            if value and value.strip():
                return re.sub(r"\s+", " ", value).strip()
    return None


def all_values(record: Record, key: str) -> list[str]:
    return [v for v in record.get(key.lower(), []) if v]
