"""The Letter model: the one structure every layer passes along.

Parsers produce it, the index stores it, the CLI and the web render it. Its JSON
form (``to_dict``) is the public letter JSON of the design; a field the letter
does not carry is ``None``, never a guess.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

# A letter id is part of every link to the letter: lower-case letters, digits and hyphens,
# bounded so a kenmerk of 400,000 characters cannot become an id no URL can carry.
MAX_ID_LENGTH = 128
LETTER_ID = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ID_LENGTH - 1}}}$")


@dataclass
class Passage:
    anchor: str  # "p-1", "p-2", ... in document order
    heading: str | None
    text: str


@dataclass
class Footnote:
    number: str
    text: str


@dataclass
class Reference:
    kind: str  # "kamerstuk" | "ecli" | "motie" | "handelingen" | "aanhangsel"
    text: str  # as written in the letter
    target: str  # normalised, e.g. "28638-184", "ECLI:NL:RBMNE:2021:4771"


@dataclass
class Signer:
    name: str | None = None
    role: str | None = None


@dataclass
class Source:
    path: str
    format: str  # "markdown" | "text" | "pdf" | "html" | "xml" | "sgd-json" ...
    sha256: str
    url: str | None = None  # the official publication's address, where known (harvested letters)


@dataclass
class Letter:
    id: str
    source: Source
    kenmerk: str | None = None  # the sender's own reference ("Ons kenmerk", "Onze referentie")
    kamerstuk: str | None = None  # the parliamentary paper this is, "<dossier>[-<suffix>]-<nr>"
    date: _dt.date | None = None
    directorate: str | None = None
    ministry: str | None = None
    subject: str | None = None
    signer: Signer | None = None
    addressee: str | None = None
    doc_type: str | None = None
    passages: list[Passage] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    def passage(self, anchor: str) -> Passage | None:
        return next((p for p in self.passages if p.anchor == anchor), None)

    def to_dict(self) -> dict:
        signer = self.signer
        return {
            "id": self.id,
            "kenmerk": self.kenmerk,
            "kamerstuk": self.kamerstuk,
            "date": self.date.isoformat() if self.date else None,
            "directorate": self.directorate,
            "ministry": self.ministry,
            "subject": self.subject,
            "signer": {"name": signer.name, "role": signer.role} if signer else None,
            "addressee": self.addressee,
            "doc_type": self.doc_type,
            "source": {
                "path": self.source.path,
                "format": self.source.format,
                "sha256": self.source.sha256,
                "url": self.source.url,
            },
            "passages": [
                {"anchor": p.anchor, "heading": p.heading, "text": p.text} for p in self.passages
            ],
            "footnotes": [{"number": f.number, "text": f.text} for f in self.footnotes],
            "references": [
                {"kind": r.kind, "text": r.text, "target": r.target} for r in self.references
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Letter":
        signer = data.get("signer")
        return cls(
            id=data["id"],
            source=Source(**data["source"]),
            kenmerk=data.get("kenmerk"),
            kamerstuk=data.get("kamerstuk"),
            date=_dt.date.fromisoformat(data["date"]) if data.get("date") else None,
            directorate=data.get("directorate"),
            ministry=data.get("ministry"),
            subject=data.get("subject"),
            signer=Signer(**signer) if signer else None,
            addressee=data.get("addressee"),
            doc_type=data.get("doc_type"),
            passages=[Passage(**p) for p in data.get("passages", [])],
            footnotes=[Footnote(**f) for f in data.get("footnotes", [])],
            references=[Reference(**r) for r in data.get("references", [])],
        )
