"""Where a harvested letter came from: the harvest record beside it (``<stem>.harvest.json``).

``kamerzoek harvest`` stores each letter as its source published it, with this record beside
it: the official address, the publication identifier the letter is filed under, and the
metadata each source gave (KOOP's SRU record, the Tweede Kamer's Document entity). After a
parser has read the letter itself, the record

- gives ``source.url`` (a letter without a record, a local file, keeps it null);
- gives the id: the publication identifier, so the letter keeps its id when KOOP's XML
  later replaces TK's PDF;
- fills what the text does not say, and only that: the kenmerk from TK's
  ``KenmerkAfzender``, the ministry from ``Organisatie`` or the sender's function (only when
  it names a ministry; "Tweede Kamer" does not), subject, date and Kamerstuk number.

A letter's content hash covers its companion files too, so a changed metadata file or
record re-indexes the letter although the document itself is unchanged.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from pathlib import Path

from ..ministries import canonical_ministry, ministry_from_role
from ..model import Letter
from . import slug
from .companions import companion_paths, is_companion_name

RECORD_SUFFIX = ".harvest.json"
_KAMERSTUK = re.compile(r"^kst-(.+)$")


def record_path(path: Path) -> Path:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + RECORD_SUFFIX)


def is_companion(path: Path | str) -> bool:
    """A file (a path, or a file's name) that describes a document beside it, not a letter
    of its own."""
    name = path if isinstance(path, str) else path.name
    return is_companion_name(name) or name.lower().endswith(RECORD_SUFFIX)


def companion_files(path: Path) -> list[Path]:
    record = record_path(path)
    return companion_paths(path) + ([record] if record.is_file() and record != path else [])


def source_digest(path: Path, file_sha256: str) -> str:
    """The letter's content hash: the file's own when nothing accompanies it, else one over
    the file and each companion."""
    companions = companion_files(path)
    if not companions:
        return file_sha256
    digest = hashlib.sha256(file_sha256.encode("ascii"))
    for companion in sorted(companions):
        try:
            data = companion.read_bytes()
        except OSError:
            continue
        digest.update(companion.name.encode("utf-8") + b"\0" + hashlib.sha256(data).hexdigest().encode("ascii"))
    return digest.hexdigest()


def read_record(path: Path) -> dict | None:
    try:
        record = json.loads(record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def complete(path: Path, letter: Letter) -> Letter:
    """The letter with what its harvest record adds (see the module docstring)."""
    letter.source.sha256 = source_digest(path, letter.source.sha256)
    record = read_record(path)
    if record is None:
        return letter
    url = record.get("url")
    letter.source.url = url if isinstance(url, str) and url.startswith(("https://", "http://")) else None
    key = record.get("key")
    if isinstance(key, str) and key:
        letter.id = slug(key)
        match = _KAMERSTUK.match(key)
        if match and not letter.kamerstuk:
            letter.kamerstuk = match.group(1)
    _fill(letter, _fields_of(record))
    return letter


def _fields_of(record: dict) -> dict:
    """Letter fields from the sources' metadata: TK's first (it is about the letter as sent),
    then KOOP's."""
    tk = _source_record(record, "tk")
    koop = _source_record(record, "koop")
    return {
        "kenmerk": _text(tk.get("KenmerkAfzender")),
        "ministry": _ministry(tk),
        "subject": _text(tk.get("Onderwerp")) or _text(koop.get("documenttitel")),
        "date": _date(tk.get("Datum")) or _date(koop.get("date")) or _date(koop.get("issued")),
        "doc_type": "brief" if tk.get("Soort") == "Brief regering" or koop.get("subrubriek") == "Brief" else None,
    }


def _ministry(tk: dict) -> str | None:
    organisation = _text(tk.get("Organisatie"))
    if organisation and canonical_ministry(organisation):
        return canonical_ministry(organisation)
    for actor in tk.get("DocumentActor") or []:
        ministry = ministry_from_role(_text(actor.get("Functie")) or "") if isinstance(actor, dict) else None
        if ministry:
            return ministry
    return None


def _fill(letter: Letter, fields: dict) -> None:
    for name, value in fields.items():
        if value and not getattr(letter, name):
            setattr(letter, name, value)


def _source_record(record: dict, source: str) -> dict:
    entry = record.get(source)
    inner = entry.get("record") if isinstance(entry, dict) else None
    return inner if isinstance(inner, dict) else {}


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _date(value) -> _dt.date | None:
    """'2025-07-04T00:00:00+02:00' -> the date as written, the sender's local date."""
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
