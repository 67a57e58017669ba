"""Is a downloaded file whole? A cut-off transfer is fetched again rather than stored."""
from __future__ import annotations

import io
import zipfile

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .http import Response, Unusable


def check_file(suffix: str):
    """A check for ``Client.get`` that raises ``Unusable`` for a body that is not a whole file
    of the kind its name promises."""

    def check(response: Response) -> None:
        body = response.body
        if not body.strip():
            raise Unusable("leeg bestand")
        if suffix.endswith(".xml"):
            _check_xml(body)
        elif suffix == ".pdf":
            if not body.lstrip()[:1024].startswith(b"%PDF-") or b"%%EOF" not in body[-2048:]:
                raise Unusable("geen volledige PDF (begin of einde ontbreekt)")
        elif suffix == ".docx":
            _check_docx(body)

    return check


def _check_xml(body: bytes) -> None:
    try:
        SafeET.fromstring(body, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise Unusable(f"geen geldige XML ({exc})") from exc


def _check_docx(body: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise Unusable("DOCX zonder word/document.xml")
    except zipfile.BadZipFile as exc:
        raise Unusable(f"geen volledige DOCX ({exc})") from exc
