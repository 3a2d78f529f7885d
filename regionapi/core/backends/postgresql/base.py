"""Django's PostgreSQL backend whose waits for the server end within the request's bound (regionapi/core/waits.py)."""

import math

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors
from psycopg.connection import _WAIT_INTERVAL

from regionapi.core import waits

# How long a cancel of a query that ran past the bound may take; a server that does not answer it hangs. psycopg's
# `_WaitTimeout` and `_WAIT_INTERVAL` are private names: the frozen-database test (tests/core/test_real_replica.py) fails
# if a psycopg upgrade moves them.
CANCEL_SECONDS = 1.0


def _unanswered(server: tuple[str, str]) -> psycopg.OperationalError:
    return psycopg.OperationalError(f"the database at {server[0]}:{server[1]} did not answer in time")


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server (a query's round trip) ends within the request's bound.
    A wait that runs out leaves the connection in an unknown state: it is closed, never used again."""

    def wait(self, gen, interval: float = _WAIT_INTERVAL, timeout: float | None = None):
        limit = waits.limit()
        if limit is None or timeout is not None:
            return super().wait(gen, interval, timeout)
        server = (self.pgconn.host.decode(), self.pgconn.port.decode())
        if limit == 0 or waits.resting(server):
            self.pgconn.finish()
            raise _unanswered(server)
        try:
            return super().wait(gen, interval, limit)
        except errors._WaitTimeout:
            try:  # a live server stops the query (it was only slow); a hung one does not answer the cancel either
                self.cancel_safe(timeout=CANCEL_SECONDS)
            except psycopg.Error:
                waits.hung(server)
            else:
                waits.gave_up()
            self.pgconn.finish()
            raise _unanswered(server) from None


class _Psycopg:
    """The psycopg module as Django's backend uses it, except that its connections are BoundedConnections."""

    connect = BoundedConnection.connect

    def __getattr__(self, name):
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()

    def get_new_connection(self, conn_params):
        limit = waits.limit()
        if limit is None or self.pool:
            return super().get_new_connection(conn_params)
        server = (str(conn_params.get("host") or ""), str(conn_params.get("port") or "5432"))
        if limit == 0 or waits.resting(server):
            raise _unanswered(server)
        try:
            # libpq counts whole seconds, at least 2.
            return super().get_new_connection({**conn_params, "connect_timeout": max(2, math.ceil(limit))})
        except errors.ConnectionTimeout:
            waits.hung(server)
            raise
