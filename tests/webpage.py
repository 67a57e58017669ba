"""Reading pages in tests the way a person does: by what is on them, not by their markup."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node else ""
