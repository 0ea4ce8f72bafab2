"""Read the text of a data file that may come from anyone: the package's one way in.

A data file (a version, parties, units or places file, a geodata source) is read only if it
is a regular file (not a folder, a FIFO, a device or a symbolic link that loops), is
readable, is no larger than the limit of its kind and is UTF-8. Anything else is a
:class:`~territory.errors.DataFileError` (or the error type the caller names) that says
which file and what was expected, never an ``OSError`` and never a wait on a FIFO.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from territory.errors import DataFileError, TerritoryError

_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words (``"a file"``, ``"a FIFO (named pipe)"``)."""
    return next((name for test, name in _KINDS if test(mode)), "neither a file nor a folder")


def read_data_text(
    path: Path, max_bytes: int, error_type: type[TerritoryError] = DataFileError,
    what: str = "file",
) -> str:
    """The UTF-8 text of the data file ``path``.

    Parameters
    ----------
    path
        The file.
    max_bytes
        The largest size accepted; a larger file is refused before it is read.
    error_type
        The error to raise.
    what
        What the file should be, for the message (``"YAML file"``).

    Raises
    ------
    DataFileError
        (or ``error_type``) The file is missing, a symbolic link loop, not a regular file,
        unreadable, over ``max_bytes`` or not UTF-8.
    """
    try:
        status = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error_type(path, "file", f"an existing {what}", "a symbolic link loop") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise error_type(path, "file", f"an existing {what}") from None
        raise error_type(path, "file", f"a readable {what}", os_reason(exc)) from None
    if not stat.S_ISREG(status.st_mode):
        raise error_type(path, "file", f"a regular {what}", file_kind(status.st_mode))
    if status.st_size > max_bytes:
        raise error_type(path, "file", f"at most {max_bytes:,} bytes", f"{status.st_size:,} bytes")
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check above cannot block the read
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise error_type(path, "file", f"a readable {what}", os_reason(exc)) from None
    if len(data) > max_bytes:
        raise error_type(path, "file", f"at most {max_bytes:,} bytes", "a file that grew while read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error_type(path, "encoding", "UTF-8 text", f"invalid byte at offset {exc.start}") from None


def os_reason(exc: OSError) -> str:
    """The cause of an ``OSError`` in words, for a message (``"permission denied"``)."""
    return (exc.strerror or type(exc).__name__).lower()
