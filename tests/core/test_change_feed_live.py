"""The change feed and the bulk download against a real server (gunicorn over a database of its own: a SQLite file in
the SQLite pass, a PostgreSQL database in the PostgreSQL pass; tests/support/live.py):

- the documentation's reference client, docs/mirror.py, mirrors the zones into a SQLite file from the download and the
  feed, through random creates, changes, re-keyings and deletes, writes landing while it pages (two changes a page),
  a restart of the server and a new mirror started at the end; after each stage the mirror equals the API's list,
  record for record;
- on PostgreSQL, readers page through the feed while several writers write at once: each reader reads every change
  exactly once, in the order a single read after the writers finished gives, and that read holds every write.
"""

import csv
import io
import itertools
import json
import random
import re
import sqlite3
import subprocess
import sys
import threading
from urllib.parse import unquote

import pytest
from django.db import connection

from tests.support.live import ARTICLE, ROOT, LiveServer, call

# django_db: the server's database is a copy of the worker's (tests/support/databases.py), which must be made.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MIRROR = ROOT / "docs" / "mirror.py"
ZONES = "/investments/zones/"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    live = LiveServer("feed", tmp_path_factory.mktemp("feed-live"))
    try:
        with django_db_blocker.unblock():
            live.make()
        live.start()
        yield live
    finally:
        live.drop()


def by_key(csv_bytes: bytes) -> dict[str, dict]:
    """CSV rows under their key (the last part of their URL), as the mirror keeps them."""
    rows = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")))
    return {unquote(row["url"].rstrip("/").rsplit("/", 1)[1]): row for row in rows}


def served(server) -> dict[str, dict]:
    status, body, _headers = call("GET", f"{server.api}{ZONES}?format=csv")
    assert status == 200
    return by_key(body)


def mirror(server, path) -> dict[str, dict]:
    """Run the reference client once (it catches up and stops), then read what it holds."""
    run = subprocess.run(
        [sys.executable, str(MIRROR), server.api, "zones", str(path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(path) as db:
        return {key: json.loads(row) for key, row in db.execute("SELECT key, row FROM records")}


class ZoneWriter:
    """Random creates, changes, re-keyings and deletes of zones through the API, every one a real change."""

    def __init__(self, server, seed: int):
        # Numbers unique across writers, so that every change really changes something (and is in the history).
        self.server, self.rng, self.numbers = server, random.Random(seed), itertools.count(seed * 10_000)
        self.mine: list[str] = []  # zones this writer made and has not deleted: the only ones it re-keys or deletes
        self.done = 0

    def step(self) -> None:
        number = next(self.numbers)
        seeded = ["sez-saryarka", "saran-industrial-park"]
        kind = self.rng.choice(["create", "create", "change", "change", "rekey", "delete"] if self.mine else ["create"])
        if kind == "create":
            slug = f"mirror-{self.rng.randrange(10**9)}-{number}"
            body = {"slug": slug, "name": f"Zone {number}", "kind": "industrial-park", "status": "proposed"}
            status, answer = self.server.write("POST", ZONES, {**body, "region": "KZ-35", "source": ARTICLE})
            assert status == 201, answer
            self.mine.append(slug)
        elif kind == "change":
            slug = self.rng.choice(self.mine + seeded)
            change = self.rng.choice([{"participants": 1000 + number}, {"name": f"Renamed {number}"}])
            status, answer = self.server.write("PATCH", f"{ZONES}{slug}/", change)
            assert status == 200, answer
        elif kind == "rekey":
            old = self.mine.pop(self.rng.randrange(len(self.mine)))
            new = f"{old.rsplit('-', 1)[0]}-{number}"
            status, answer = self.server.write("PATCH", f"{ZONES}{old}/", {"slug": new})
            assert status == 200, answer
            self.mine.append(new)
        else:
            slug = self.mine.pop(self.rng.randrange(len(self.mine)))
            status, answer = self.server.write("DELETE", f"{ZONES}{slug}/")
            assert status == 204, answer
        self.done += 1


def test_the_readme_mirror_equals_the_api_through_writes_paging_and_a_restart(server, tmp_path):
    path = tmp_path / "zones.sqlite3"
    first = mirror(server, path)  # from the download
    assert first == served(server) and len(first) > 1

    with sqlite3.connect(path) as db:  # two changes a page from here on, so writes land between pages
        db.execute("UPDATE feed SET next = next || '&page_size=2'")

    writer = ZoneWriter(server, seed=16)
    for _ in range(25):
        writer.step()
    assert mirror(server, path) == served(server)

    # Writes while the mirror pages: a writer thread, and the mirror run again and again until it is done.
    failures = []

    def write_on():
        try:
            for _ in range(40):
                writer.step()
        except Exception as exc:  # surfaced below
            failures.append(exc)

    thread = threading.Thread(target=write_on)
    thread.start()
    runs = 0
    while thread.is_alive():
        mirror(server, path)
        runs += 1
    thread.join()
    assert not failures, failures
    assert runs >= 2, "the mirror never ran while the writer wrote"
    assert mirror(server, path) == served(server)

    server.stop()  # a restart: the feed's cursors and the download's files outlive it
    server.start()
    for _ in range(10):
        writer.step()
    after_restart = mirror(server, path)
    assert after_restart == served(server)
    assert writer.done == 75

    fresh = mirror(server, tmp_path / "fresh.sqlite3")  # a new mirror after all that, from a new download
    assert fresh == after_restart


def test_readers_paging_while_writers_write_read_every_change_once_in_order(server):
    if connection.vendor != "postgresql":
        pytest.skip("several writers at once are tested on PostgreSQL (SQLite has one writer at a time)")
    status, body, _headers = call("GET", f"{server.api}/download/")
    assert status == 200
    start = json.loads(body)["changes"]  # after every change so far
    writers = [ZoneWriter(server, seed=100 + number) for number in range(3)]
    writing = threading.Event()
    writing.set()
    failures, pages_while_writing = [], [0]

    def write(writer):
        try:
            for _ in range(40):
                writer.step()
        except Exception as exc:
            failures.append(exc)

    def read(into: list, counted: bool):
        url = start + "&page_size=3"
        while True:
            # Whether every write had been answered (so committed) before this page was asked for: only then is an
            # end of the feed the end. Read after the page, a write answered meanwhile was missed (seen in CI).
            finished = not writing.is_set()
            status, payload, _headers = call("GET", url)
            assert status == 200, payload
            page = json.loads(payload)
            into.extend(page["results"])
            if counted and page["results"] and writing.is_set():
                pages_while_writing[0] += 1
            if page["next"] == url and finished:
                return
            url = page["next"]

    readings = [[], []]
    readers = [threading.Thread(target=read, args=(reading, number == 0)) for number, reading in enumerate(readings)]
    threads = [threading.Thread(target=write, args=(writer,)) for writer in writers]
    for thread in readers + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    writing.clear()
    for thread in readers:
        thread.join(timeout=600)
    assert not failures, failures

    status, payload, _headers = call("GET", start + "&page_size=1000")
    everything = json.loads(payload)["results"]
    assert len(everything) == sum(writer.done for writer in writers) == 120  # one change per write, none missing
    identity = [(change["data_version"], change["resource"], change["key"], change["type"]) for change in everything]
    assert len(set(identity)) == len(identity)
    for reading in readings:
        assert [
            (change["data_version"], change["resource"], change["key"], change["type"]) for change in reading
        ] == identity
    assert pages_while_writing[0] >= 10, "the reader hardly read while the writers wrote"


def test_the_docs_show_the_reference_client_as_it_is():
    page = (ROOT / "docs" / "sync.md").read_text("utf-8")
    blocks = [block for block in re.findall(r"```python\n(.*?)```", page, flags=re.S) if "mirror.py" in block]
    assert blocks == [MIRROR.read_text("utf-8")]
    assert len(blocks[0].splitlines()) <= 50
