"""The feed's cursor: a position in commit order (data version, table, history id) as an opaque text."""

import base64
import binascii
import re
from dataclasses import dataclass

# ---------------------------------------------------------------- positions and cursors


@dataclass(frozen=True)
class Position:
    """A place in the feed: after the change at (version, table, history id). `table` None: after every change of
    `version`, whatever its table (where a download's file leaves off)."""

    version: int
    table: int | None
    history_id: int

    @property
    def cursor(self) -> str:
        """The opaque text a client sends back as `since`."""
        text = f"{self.version}.{'' if self.table is None else self.table}.{self.history_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


START = Position(-1, None, 0)  # before every change (their versions are 0 or more)
_CURSOR = re.compile(r"[A-Za-z0-9_-]{1,64}")
_POSITION = re.compile(rb"(-1|0|[1-9][0-9]{0,18})\.(|0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,18})")


def after_version(version: int) -> Position:
    """The position after every change the data held at `version`: where a client that has that data goes on."""
    return Position(version, None, 0)


def position_of(cursor: str) -> Position:
    """The position a cursor names; ValueError if it is not one this feed gave."""
    if not _CURSOR.fullmatch(cursor):
        raise ValueError(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(cursor) from exc
    match = _POSITION.fullmatch(raw)
    if match is None:
        raise ValueError(cursor)
    version, table, history_id = match.groups()
    return Position(int(version), int(table) if table else None, int(history_id))
