"""Logging filters for records that a client can cause at will, so that each costs one line of the log."""

import logging


class OneLineFilter(logging.Filter):
    """Drops the traceback of a record, keeping its message: for errors whose message says everything and whose
    traceback is always the same (a request with a `Host` that ALLOWED_HOSTS refuses is answered 400 by Django; its
    traceback shows only Django's own code), so a scan sending many bad hosts cannot fill the log with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
