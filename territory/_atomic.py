"""Atomic outputs: a reader sees the old file (or set of files) or the new one, never a mix.

- :func:`write_bytes_atomic` writes one file through a temporary file in its directory and
  ``os.replace``; the temporary file is removed on any exception, ``KeyboardInterrupt`` and
  ``SystemExit`` included.
- :func:`write_files_atomic` writes a set of files (the maps and their gallery) into a
  staging folder inside the target, then moves them into place with SIGINT and SIGTERM held
  back, so that an interrupted run leaves the previous set or the complete new one. A run
  killed outright (SIGKILL, a power cut) leaves its staging folder; the next run into the
  same target finishes the move that had begun, or removes a folder that never got that far.
- A symbolic link at an output path is followed: the file it points to is replaced, the
  link is kept.
- Every failure to write is an :class:`~territory.errors.OutputError` naming the path and the
  cause, never an ``OSError``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from territory._files import file_kind, os_reason
from territory.errors import OutputError, expect_path

STAGING_PREFIX = ".territory-staging-"
"""The name of a staging folder begins so; such folders in a target belong to the toolkit."""
_LOCK = ".lock"
_COMMIT = ".commit"
_HELD_BACK = (signal.SIGINT, signal.SIGTERM)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_path(path: str | Path, where: str = "out") -> Path:
    """The path a file is written to: ``path``, or the file a symbolic link there points to.

    Raises
    ------
    OutputError
        ``path`` is empty (which would silently mean the current folder), is a folder or
        not a regular file, or its folder is not a folder.
    """
    expect_path(path, where)
    if not str(path).strip():
        raise OutputError(where, "path", "a file name (an empty one would mean the current folder)",
                          str(path))
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise OutputError(path, "path", "a file that can be written", os_reason(exc)) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise OutputError(path, "path", "a regular file to write", file_kind(status.st_mode))
    return target


def output_folder(directory: str | Path, where: str = "out") -> Path:
    """The folder a set of files is written into, checked before any work is done.

    Raises
    ------
    OutputError
        ``directory`` is empty (which would silently mean the current folder), or it, or a
        folder above it, is something other than a folder.
    """
    expect_path(directory, where)
    if not str(directory).strip():
        raise OutputError(where, "path", "a folder name (an empty one would mean the current "
                          "folder)", str(directory))
    out = Path(directory)
    for folder in (out, *out.parents):
        try:
            status = folder.stat()
        except OSError:
            continue
        if not stat.S_ISDIR(status.st_mode):
            raise OutputError(out, "path", "a folder to write into" if folder == out else
                              f"a folder to write into ({folder} is not a folder)",
                              file_kind(status.st_mode))
        break
    return out


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an ``OSError`` while writing ``path`` into an :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else path
        raise OutputError(path, "path", f"a location that can be written ({where})",
                          os_reason(exc)) from None


def write_bytes_atomic(path: str | Path, data: bytes, where: str = "out") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    Returns
    -------
    Path
        ``path`` (when it is a symbolic link, the file it points to was replaced).

    Raises
    ------
    OutputError
        See :func:`output_path`; or the folder cannot be made or written.
    """
    import tempfile  # not at the top: the command line starts faster without it

    target = output_path(path, where)
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_current_umask())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return Path(path)


def write_text_atomic(path: str | Path, text: str, where: str = "out") -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    return write_bytes_atomic(path, text.encode("utf-8"), where)


def write_files_atomic(directory: str | Path, files: Mapping[str, bytes],
                       where: str = "out") -> list[Path]:
    """Write ``files`` (name -> bytes) into ``directory`` as one set.

    The files are written into a staging folder inside ``directory`` and moved into place
    with SIGINT and SIGTERM held back, so an interruption leaves the files of ``directory``
    as they were or all of ``files`` in place, never some of them. Staging folders left by a
    killed run are finished or removed first (see the module docstring). Concurrent runs
    into one folder move their sets in one at a time.

    Returns
    -------
    list of Path
        The files written, in the order of ``files``.

    Raises
    ------
    OutputError
        ``directory`` is empty, is a file, or cannot be made or written; nothing is changed.
    """
    out = output_folder(directory, where)
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
        recover_staging(out)
        staging = Path(_make_staging(out))
    try:
        with _writing(out), _locked(staging / _LOCK):
            for name, data in files.items():
                (staging / name).write_bytes(data)
                os.chmod(staging / name, 0o666 & ~_current_umask())
            with _held_back(), _locked(out):
                (staging / _COMMIT).touch()
                _move_staged(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in files]


def _make_staging(out: Path) -> str:
    import tempfile

    return tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out)


def _move_staged(staging: Path, out: Path) -> None:
    for item in sorted(staging.iterdir()):
        if item.name not in (_LOCK, _COMMIT):
            os.replace(item, out / item.name)


def recover_staging(out: Path) -> list[Path]:
    """Finish or remove the staging folders that dead runs left in ``out``.

    A staging folder whose lock no live process holds belongs to a run that died: if it had
    begun to move its files into place (its commit mark is there), the move is finished, so
    the set is complete; otherwise the folder is removed. A folder whose run is alive is left.

    Returns
    -------
    list of Path
        The staging folders finished or removed.
    """
    import fcntl

    handled = []
    for staging in sorted(out.glob(f"{STAGING_PREFIX}*")):
        if not staging.is_dir() or staging.is_symlink():
            continue
        lock = staging / _LOCK
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue  # its run is alive
        try:
            if (staging / _COMMIT).exists():
                with _locked(out):
                    _move_staged(staging, out)
            shutil.rmtree(staging, ignore_errors=True)
            handled.append(staging)
        finally:
            os.close(descriptor)
    return handled


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (a file, created if missing, or a folder)."""
    import fcntl

    flags = os.O_RDONLY if path.is_dir() else os.O_RDWR | os.O_CREAT
    descriptor = os.open(path, flags, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _held_back() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block: a signal that arrives is recorded and
    raised again, to the handler it had, when the block ends. (Masking the signals would not
    do: a process-directed signal goes to any thread that does not mask it, such as a
    numerical library's worker thread.) In the main thread only, where Python handles
    signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def record(signum: int, _frame: object) -> None:
        if signum not in arrived:
            arrived.append(signum)

    previous = {signum: signal.signal(signum, record) for signum in _HELD_BACK}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in arrived:
            signal.raise_signal(signum)
