"""What a source says about one letter, in the terms both sources share."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, field

# A publication identifier of officielebekendmakingen: kst-22112-3185, kst-36600-X-55,
# ah-tk-20202021-3235, blg-998035. Kept whole: the parts tell chapters and series apart.
OFFICIAL_ID = re.compile(r"^(?:kst|ah-tk|ah-ek|blg|h-tk|h-ek|kv-tk|kv-ek|stb|stcrt)-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")
# What a key may look like before it becomes a file name: no path separators, no leading dot.
_SAFE_KEY = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,150}$")


@dataclass
class RemoteFile:
    role: str  # "document" | "metadata" | "pdf"
    url: str
    suffix: str  # ".xml", ".metadata.xml", ".pdf", ".docx"


@dataclass
class Publication:
    """One letter as one source lists it."""

    source: str  # "koop" | "tk"
    source_id: str  # the source's own id: the KOOP identifier or the TK Document Id (a GUID)
    key: str  # the letter's key in the corpus: the publication identifier, else the TK document number
    version: str  # the source's change stamp; a new stamp means the files are fetched again
    date: _dt.date | None
    url: str | None  # the official address of the publication
    files: list[RemoteFile] = field(default_factory=list)
    record: dict = field(default_factory=dict)  # the source's metadata, kept in the harvest record
    problem: str | None = None  # why this record cannot be harvested (no usable file, ...)

    def to_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Publication":
        data = dict(data)
        data["date"] = _dt.date.fromisoformat(data["date"]) if data.get("date") else None
        data["files"] = [RemoteFile(**f) for f in data.get("files", [])]
        return cls(**data)


def safe_key(key: str | None) -> str | None:
    """The key if it can be a file name as it is, else None."""
    return key if key and _SAFE_KEY.match(key) and ".." not in key else None


def iso_date(value: str | None) -> _dt.date | None:
    """'2021-09-17', '2025-07-04T00:00:00+02:00' -> the date as written (the local date)."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
