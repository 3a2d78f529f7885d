"""Mirror one regionapi resource into a SQLite file from the bulk download and the change feed; run again to catch up.
Usage: python mirror.py http://127.0.0.1:8000/api/v1 zones zones.sqlite3"""

import csv
import io
import json
import sqlite3
import sys
from urllib.error import HTTPError
from urllib.parse import unquote
from urllib.request import urlopen


def store(csv_bytes):  # each CSV row as JSON, under its key: the last part of the record's URL
    for row in csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        key = unquote(row["url"].rstrip("/").rsplit("/", 1)[1])
        db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, json.dumps(row, ensure_ascii=False)))


api, resource, path = sys.argv[1:4]
db = sqlite3.connect(path)
db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, row TEXT NOT NULL)")
db.execute("CREATE TABLE IF NOT EXISTS feed (next TEXT NOT NULL)")
if db.execute("SELECT next FROM feed").fetchone() is None:  # a new mirror: the file, then the feed from its end
    listing = json.load(urlopen(f"{api}/download/"))
    with urlopen(next(file["url"] for file in listing["results"] if file["resource"] == resource)) as answer:
        store(answer.read())
        db.execute("INSERT INTO feed VALUES (?)", (answer.headers["Link"].split(">")[0][1:] + "&resource=" + resource,))
    db.commit()
while True:
    url = db.execute("SELECT next FROM feed").fetchone()[0]
    page = json.load(urlopen(url))
    for change in page["results"]:  # store the record as it is now: the feed lists any later change too
        db.execute("DELETE FROM records WHERE key IN (?, ?)", (change["key"], change["previous_key"]))
        if change["type"] == "-":
            continue
        try:
            store(urlopen(change["url"] + "?format=csv").read())
        except HTTPError as error:  # 404: deleted or re-keyed since, which a later change says
            if error.code != 404:
                raise
    db.execute("UPDATE feed SET next = ?", (page["next"],))
    db.commit()  # with the position: a mirror stopped anywhere goes on from its last page
    if page["next"] == url:
        break
