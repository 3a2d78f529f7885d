"""Reading a table from a file row by row, so that memory does not grow with the file: CSV, JSON (a list of objects)
and XLSX (its first sheet).

- CSV is decoded and parsed as it is read, one buffer (64 KiB) at a time.
- JSON is decoded the same way and each object of the list is parsed as soon as it is complete; the whole document
  is never held.
- XLSX is a zip of XML parts: openpyxl's read-only mode parses the sheet as it goes, but a workbook's shared-string
  table (every distinct text of the file) is read whole first, so memory grows with the file's distinct texts.

Text files are read in the encoding given, else the one their byte-order mark names, else UTF-8; a file that is not
in it stops the reading with the position of its first bad byte. Rows are dicts keyed by the header's cells,
numbered from 1 after the header; blank rows are skipped and not counted (as tablib, which the admin's import
uses, does).
"""

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FORMATS = (".csv", ".json", ".xlsx")
CHUNK = 1 << 16

# Byte-order marks that name their encoding (UTF-32's first: its little-endian mark begins like UTF-16's).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class TableError(ValueError):
    """The file cannot be read as a table; the message says where and why."""


class TextEncodingError(TableError):
    """The file is not text in `encoding`: `byte` at `position` (from 0) is the first that does not decode."""

    def __init__(self, path: Path, encoding: str, position: int, byte: int):
        self.encoding, self.position, self.byte = encoding, position, byte
        super().__init__(f"{path} is not {encoding} text: byte 0x{byte:02x} at position {position}.")


class Table:
    """An open table file: `rows()` yields (number, {column: cell}); `fraction_read()` is how far the reading got."""

    def __init__(self, path: Path, binary, encoding: str | None):
        self.path = path
        self.binary = binary
        self.size = max(path.stat().st_size, 1)
        self.encoding = encoding or next(
            (name for mark, name in BYTE_ORDER_MARKS if binary.peek(4)[:4].startswith(mark)), "utf-8"
        )
        self._sheet_rows = None  # XLSX: the sheet's declared number of rows, if it declares one
        self._read = 0

    def fraction_read(self) -> float:
        if self.path.suffix.lower() == ".xlsx":
            return min(self._read / self._sheet_rows, 1.0) if self._sheet_rows else 0.0
        return min(self.binary.tell() / self.size, 1.0)

    def rows(self) -> Iterator[tuple[int, dict]]:
        reader = {".csv": self._csv_rows, ".json": self._json_rows, ".xlsx": self._xlsx_rows}
        number = 0
        for row in reader[self.path.suffix.lower()]():
            number += 1
            self._read = number
            yield number, row

    def _text(self):
        """The file as text, decoded as it is read (newlines kept as they are, as the csv module needs). Kept on
        the table: a text stream that is garbage-collected closes the file under it, whose position tells progress."""
        self._text_stream = io.TextIOWrapper(self.binary, encoding=self.encoding, errors="strict", newline="")
        return self._text_stream

    @contextmanager
    def _decoding(self):
        try:
            yield
        except UnicodeDecodeError:
            raise _first_bad_byte(self.path, self.encoding) from None

    def _csv_rows(self) -> Iterator[dict]:
        with self._decoding():
            reader = csv.reader(self._text())
            try:
                header = next(reader, None)
                if header is None:
                    return
                header = _header(header)
                number = 0
                for line in reader:
                    if not any(cell.strip() for cell in line):
                        continue
                    number += 1
                    if len(line) > len(header):
                        raise TableError(
                            f"row {number} (line {reader.line_num}) has {len(line)} cells, the header {len(header)}: "
                            "a cell that holds a comma needs double quotes."
                        )
                    yield _row(header, line)
            except csv.Error as exc:
                raise TableError(f"{self.path} is not valid CSV: line {reader.line_num}: {exc}") from None

    def _json_rows(self) -> Iterator[dict]:
        with self._decoding():
            for item in _json_list(self._text(), self.path):
                if not isinstance(item, dict):
                    raise TableError(f"{self.path}: each item of the list must be an object, not {_json_type(item)}.")
                yield item

    def _xlsx_rows(self) -> Iterator[dict]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.binary, read_only=True, data_only=True)
        except Exception as exc:  # a zip, XML or openpyxl error: the file is not a workbook
            raise TableError(f"{self.path} is not a valid XLSX workbook: {exc}") from None
        try:
            sheet = workbook.worksheets[0]
            self._sheet_rows = max((sheet.max_row or 1) - 1, 0)
            lines = sheet.iter_rows(values_only=True)
            header = next(lines, None)
            if header is None:
                return
            header = _header(["" if cell is None else str(cell) for cell in header])
            for line in lines:
                if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in line):
                    continue
                yield _row(header, ["" if cell is None else cell for cell in line])
        finally:
            workbook.close()


@contextmanager
def open_table(path: Path, *, encoding: str | None = None) -> Iterator[Table]:
    """The table in `path` (its format by its suffix, one of FORMATS), to read row by row inside the block."""
    if path.suffix.lower() not in FORMATS:
        raise TableError(f"The file must end in {', '.join(FORMATS[:-1])} or {FORMATS[-1]}.")
    try:
        binary = path.open("rb")
    except OSError as exc:
        raise TableError(f"Cannot read {path}: {exc}") from exc
    with binary:
        yield Table(path, binary, encoding)


def _header(cells: list[str]) -> list[str]:
    """Column names; a byte-order mark left by a misnamed encoding is not part of the first."""
    names = [str(cell).strip() for cell in cells]
    if names:
        names[0] = names[0].removeprefix("\ufeff")
    return names


def _row(header: list[str], cells: list) -> dict:
    """The row as {column: cell}; a short row's missing cells are empty; columns without a name are left out."""
    cells = [*cells, *([""] * (len(header) - len(cells)))]
    return {name: cell for name, cell in zip(header, cells) if name}


def _first_bad_byte(path: Path, encoding: str) -> TextEncodingError:
    """Where decoding `path` fails, found by decoding it again chunk by chunk (the text reader does not say)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    consumed = 0
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # exc.object is what the decoder saw: bytes it held from the last chunk, then this chunk (or, for a
                # byte-order mark it strips, this chunk without it), so its offsets count from there.
                position = consumed + len(chunk) - len(exc.object) + exc.start
                return TextEncodingError(path, encoding, position, exc.object[exc.start])
            if not chunk:
                break
            consumed += len(chunk)
    return TextEncodingError(path, encoding, consumed, 0)  # not reached: the reader failed, so must this


_SPACE = re.compile(r"\s*")


def _json_list(text, path: Path) -> Iterator:
    """The items of the JSON list in the text stream `text`, each parsed as soon as the stream holds all of it."""
    decoder = json.JSONDecoder()
    buffer, position, done, offset = "", 0, False, 0  # offset: characters dropped from the buffer's front

    def fill() -> bool:
        nonlocal buffer, position, done, offset
        if done:
            return False
        chunk = text.read(CHUNK)
        done = not chunk
        offset += position
        buffer, position = buffer[position:] + chunk, 0
        return bool(chunk)

    def skip_space() -> str:
        """The next character that is not white space ('' at the end of the file)."""
        nonlocal position
        while True:
            position = _SPACE.match(buffer, position).end()
            if position < len(buffer) or not fill():
                return buffer[position : position + 1]

    def invalid(reason: str, at: int | None = None) -> TableError:
        """`at`: the character where parsing failed, counted from the start of the file."""
        return TableError(f"{path} is not valid JSON: {reason} at character {offset + position if at is None else at}.")

    if skip_space() != "[":
        raise TableError(f"{path} must hold a JSON list of objects, one per row.")
    position += 1
    if skip_space() == "]":
        position += 1
    else:
        while True:
            while True:  # an object may end past the buffer: read more until it parses or the file ends
                try:
                    item, end = decoder.raw_decode(buffer, position)
                    break
                except json.JSONDecodeError as exc:
                    failed_at = offset + exc.pos  # before fill() moves the buffer
                    if not fill():
                        raise invalid(exc.msg, failed_at) from None
            if not isinstance(item, (dict, list, str)) and end == len(buffer) and fill():
                continue  # a number or a word cut by the buffer's end: parse it again whole
            yield item
            position = end
            separator = skip_space()
            position += 1
            if separator == "]":
                break
            if separator != ",":
                position -= 1
                raise invalid("expected ',' or ']'")
            skip_space()
    if skip_space():
        raise invalid("extra data after the list")


def _json_type(value) -> str:
    return {list: "a list", str: "a text", bool: "true or false", type(None): "null"}.get(type(value), "a number")
