"""Django's SQLite backend whose request transactions take the write lock at once when the request writes, and
only then (regionapi/core/waits.py): writers queue for their turn (busy timeout), readers never do (WAL)."""

from django.db.backends.sqlite3 import base

from regionapi.core import waits


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        writing = waits.writing()
        if writing is None:  # outside a request: as configured (a command that loads data writes)
            return super()._start_transaction_under_autocommit()
        self.cursor().execute("BEGIN IMMEDIATE" if writing else "BEGIN DEFERRED")
