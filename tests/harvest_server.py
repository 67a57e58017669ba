"""A local stand-in for the two open-data services, on 127.0.0.1, for the harvest tests.

It speaks HTTP exactly as the harvester meets the real services: KOOP's SRU at ``/sru``
(``startRecord``/``maximumRecords`` paging, ``nextRecordPosition``, the CQL conditions the
harvester sends on dates and change dates), the Tweede Kamer's OData at ``/OData/v4/2.0``
(``$filter`` on Soort, Datum, ApiGewijzigdOp and Verwijderd, ``$orderby``, ``$skip``,
``$top`` at most 250, ``$count``, ``@odata.nextLink``, ``Document(<Id>)/resource``), and
files at any other path. What it serves comes from the test: records (made ones, or recorded
ones read from ../shared), whole recorded pages, files. Faults are scripted per path (an
HTTP status with headers, a hang until the client gives up, a body cut short, a wait for
the test), and every request is logged with whether its answer was sent whole.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from indexer.harvest.http import Client, Politeness

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
ODATA = "/OData/v4/2.0"
TK_PAGE_LIMIT = 250
REAL_FILE_HOSTS = ("https://repository.overheid.nl/", "http://__MOCK_SERVICE__/")


@dataclass
class Fault:
    status: int | None = None  # answer with this status instead
    headers: dict = field(default_factory=dict)
    hang: bool = False  # answer nothing until the client has given up
    cut_to: int | None = None  # send the real body cut to this many bytes (as if it were whole)
    reached: threading.Event | None = None  # set when the request arrives ...
    release: threading.Event | None = None  # ... and answer only when this is set


@dataclass
class Logged:
    path: str
    query: dict
    status: int
    completed: bool = False
    user_agent: str = ""


class FakeSources:
    def __init__(self):
        self.sru_records: list[str] = []  # <sru:record> elements as text, in result order
        self.sru_pages: dict[int, bytes] = {}  # whole recorded pages by startRecord, served as they are
        self.documents: list[dict] = []  # TK Document entities
        self.files: dict[str, bytes] = {}  # path -> body
        self.faults: dict[str, list[Fault]] = {}  # path -> faults, used in turn
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self.sent = threading.Condition(self.lock)  # notified when an answer has been written
        self.writing = 0  # answers being written: the client may have them before they are logged as sent
        self.closing = threading.Event()  # ends every hang when the test is done
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> "FakeSources":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        for faults in self.faults.values():
            for fault in faults:
                if fault.release:
                    fault.release.set()
        self.server.shutdown()
        self.server.server_close()

    # --- what tests ask ---
    def requests_for(self, path_part: str, completed_only: bool = True) -> list[Logged]:
        with self.sent:
            self.sent.wait_for(lambda: self.writing == 0, timeout=30)
            return [r for r in self.log if path_part in r.path and (r.completed or not completed_only)]

    def fault(self, path: str, *faults: Fault) -> None:
        self.faults.setdefault(path, []).extend(faults)

    def rewrite(self, body: bytes) -> bytes:
        """Recorded answers point at the real file server; here they point at this one."""
        for host in REAL_FILE_HOSTS:
            body = body.replace(host.encode(), f"{self.base}/".encode())
        return body

    # --- SRU ---
    def sru(self, query: dict) -> bytes:
        start = int(query.get("startRecord", "1"))
        size = int(query.get("maximumRecords", "10"))
        if self.sru_pages:
            return self.rewrite(self.sru_pages.get(start) or self.sru_pages[min(self.sru_pages)])
        records = [r for r in self.sru_records if _sru_match(query.get("query", ""), r)]
        page = records[start - 1:start - 1 + size]
        following = start + size if start - 1 + size < len(records) else None
        body = "".join(
            re.sub(r"<sru:recordPosition>\d*</sru:recordPosition>", f"<sru:recordPosition>{start + i}</sru:recordPosition>", r)
            for i, r in enumerate(page)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><sru:searchRetrieveResponse xmlns:sru="{SRU_NS}">'
            f"<sru:version>2.0</sru:version><sru:numberOfRecords>{len(records)}</sru:numberOfRecords>"
            f"<sru:records>{body}</sru:records>"
            + (f"<sru:nextRecordPosition>{following}</sru:nextRecordPosition>" if following else "")
            + "</sru:searchRetrieveResponse>"
        )
        return self.rewrite(xml.encode("utf-8"))

    # --- OData ---
    def odata(self, query: dict) -> bytes:
        condition = query.get("$filter", "")
        chosen = [d for d in self.documents if _odata_match(condition, d)]
        chosen.sort(key=lambda d: (_stamp(d.get("ApiGewijzigdOp")), d["Id"]))
        skip, top = int(query.get("$skip", "0")), min(int(query.get("$top", TK_PAGE_LIMIT)), TK_PAGE_LIMIT)
        page = chosen[skip:skip + top]
        answer = {"@odata.context": f"{self.base}{ODATA}/$metadata#Document", "value": page}
        if query.get("$count") == "true":
            answer["@odata.count"] = len(chosen)
        if skip + top < len(chosen):
            following = dict(query, **{"$skip": str(skip + top)})
            answer["@odata.nextLink"] = f"{self.base}{ODATA}/Document?{urllib.parse.urlencode(following)}"
        return json.dumps(answer).encode("utf-8")


def _handler(fake: FakeSources):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):  # the test log is ``fake.log``
            pass

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            entry = Logged(parts.path, query, 200, user_agent=self.headers.get("User-Agent", ""))
            with fake.lock:
                fake.log.append(entry)
                faults = fake.faults.get(parts.path)
                fault = faults.pop(0) if faults else None
            status, body, headers = self._answer(parts.path, query)
            if fault and fault.reached:
                fault.reached.set()
            if fault and fault.release:
                fault.release.wait(30)
            if fault and fault.hang:
                fake.closing.wait(30)
                return
            if fault and fault.status:
                status, body, headers = fault.status, b"storing", {**fault.headers}
            if fault and fault.cut_to is not None:
                body = body[:fault.cut_to]
            entry.status = status
            with fake.sent:
                fake.writing += 1
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                entry.completed = True
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with fake.sent:
                    fake.writing -= 1
                    fake.sent.notify_all()

        def _answer(self, path: str, query: dict) -> tuple[int, bytes, dict]:
            if path == "/sru":
                return 200, fake.sru(query), {"Content-Type": "text/xml; charset=utf-8"}
            if path == f"{ODATA}/Document":
                return 200, fake.odata(query), {"Content-Type": "application/json; odata.metadata=minimal"}
            resource = re.fullmatch(rf"{ODATA}/Document\(([0-9a-f-]+)\)/resource", path)
            key = f"tk:{resource.group(1)}" if resource else path
            if key in fake.files:
                return 200, fake.files[key], {"Content-Type": "application/octet-stream"}
            return 404, b"niet gevonden", {"Content-Type": "text/plain"}

    return Handler


# --- the conditions the harvester sends, as the services read them ---------------------------

def _sru_match(cql: str, record: str) -> bool:
    def field_of(name: str) -> str | None:
        match = re.search(rf"<dcterms:{name}>([^<]+)</dcterms:{name}>", record)
        return match.group(1)[:10] if match else None

    for index, op, value in re.findall(r'dt\.(date|modified)\s*(>=|<=|>|==)\s*"?(\d{4}-\d\d-\d\d)"?', cql):
        actual = field_of(index)
        if actual is None or not _compare(actual, op, value):
            return False
    return True


def _odata_match(condition: str, document: dict) -> bool:
    after = re.search(r"ApiGewijzigdOp ge (\S+?)(?:\)| and|$)", condition)
    if after and _stamp(document.get("ApiGewijzigdOp")) < _stamp(after.group(1)):
        return False
    if "Verwijderd eq true" in condition:
        return document.get("Verwijderd") is True
    kinds = re.findall(r"Soort eq '((?:[^']|'')*)'", condition)
    if kinds and document.get("Soort") not in [k.replace("''", "'") for k in kinds]:
        return False
    day = _stamp(document.get("Datum")) if document.get("Datum") else None
    for op, value in re.findall(r"Datum (ge|lt) (\S+?)(?:\)| and|$)", condition):
        if day is None or not _compare(day, {"ge": ">=", "lt": "<"}[op], _stamp(value)):
            return False
    return True


def _compare(actual, op: str, value) -> bool:
    return {">=": actual >= value, "<=": actual <= value, ">": actual > value, "==": actual == value,
            "<": actual < value}[op]


def _stamp(value: str | None) -> _dt.datetime:
    """An OData DateTimeOffset (any number of fraction digits) as an aware datetime."""
    if not value:
        return _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", value)
    if not match:
        raise ValueError(f"not a DateTimeOffset: {value!r}")
    base, fraction, zone = match.groups()
    micro = (fraction or "0")[:6].ljust(6, "0")
    return _dt.datetime.fromisoformat(f"{base}.{micro}{'+00:00' if zone == 'Z' else zone}")


# --- a client for these servers: only 127.0.0.1, waits recorded instead of slept ------------

class LocalOnly(urllib.request.BaseHandler):
    """Refuses any request that would leave this machine."""

    def http_request(self, request):
        assert request.host.startswith("127.0.0.1:"), f"a test tried to reach {request.host}"
        return request

    https_request = http_request


class Clock:
    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def local_client(clock: Clock | None = None, **politeness) -> Client:
    clock = clock or Clock()
    settings = {"rate": 0, "timeout": 2.0, "retries": 3, "backoff": 1.0, **politeness}
    return Client(Politeness(**settings), clock=clock, sleep=clock.sleep, opener=urllib.request.build_opener(LocalOnly()))
