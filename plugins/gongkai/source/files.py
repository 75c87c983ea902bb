"""Reading files as raw bytes or cells: the 申请表 files' magic bytes and the files `gongkai import` reads.

Owns `head`, `read_all` and `xlsx_rows`; the callers decide what the bytes and cells mean (a format, an
encoding, a column) and word the messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def head(path: Path | str, size: int) -> bytes | None:
    """The first `size` bytes of a file (fewer when it is shorter); None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return None


def read_all(path: Path | str) -> bytes:
    """All bytes of a file; raises OSError as `Path.read_bytes` does (the caller words the message)."""
    return Path(path).read_bytes()


def xlsx_rows(path: Path | str) -> list[list[Any]]:
    """The cell values of the first worksheet of an .xlsx file, row by row; raises what openpyxl raises."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
