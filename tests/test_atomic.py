"""Outputs: one line naming the path and the cause for every failure to write; a set of files
(a render) is all or nothing under SIGINT, SIGTERM and SIGKILL; a symbolic link is followed."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import territory
from territory._atomic import (
    STAGING_PREFIX,
    recover_staging,
    write_bytes_atomic,
    write_files_atomic,
)
from territory.errors import OutputError

OLD = {"a.html": b"old a", "b.html": b"old b", "index.html": b"old index"}
NEW = {"a.html": b"new a", "b.html": b"new b", "c.html": b"new c", "index.html": b"new index"}
JUNE = "1920-06-20-chicherin"

# A child process writes NEW over OLD and is signalled, by itself, at one point: while the
# set is being staged ("staging": the second file) or while it is moved into place ("commit":
# the second move). The command line's SIGTERM handler is installed, as `territory` does.
CHILD = textwrap.dedent("""\
    import os, signal, sys, time
    from pathlib import Path
    import territory._atomic as atomic
    from territory.cli import _exit_on_sigterm

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    out, phase, signum = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    write_bytes, replace = Path.write_bytes, os.replace

    def slow_write(self, data):
        if phase == "staging" and self.name == "b.html":
            os.kill(os.getpid(), signum)
            time.sleep(5)
        return write_bytes(self, data)

    def slow_replace(source, target):
        if phase == "commit" and Path(target).name == "b.html":
            os.kill(os.getpid(), signum)
            time.sleep(0.3)
        return replace(source, target)

    Path.write_bytes = slow_write
    os.replace = slow_replace
    atomic.write_files_atomic(out, {NEW!r})
    print("finished")
""").replace("{NEW!r}", repr(NEW))


def _contents(folder: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir())}


@pytest.fixture
def old_set(tmp_path: Path) -> Path:
    """A folder holding the previous render, OLD."""
    out = tmp_path / "maps"
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return out


def _child(out: Path, phase: str, signum: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(out), phase, str(signum)],
                          capture_output=True, text=True, timeout=60)


def test_a_set_replaces_the_previous_one(old_set: Path) -> None:
    written = write_files_atomic(old_set, NEW)
    assert written == [old_set / name for name in NEW]
    assert _contents(old_set) == NEW


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_staging_leaves_the_previous_set(old_set: Path, signum: int) -> None:
    result = _child(old_set, "staging", signum)
    assert result.returncode != 0 and "finished" not in result.stdout
    assert _contents(old_set) == OLD  # no staging folder, no temporary file, nothing new


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_moving_into_place_waits_for_the_complete_set(old_set: Path, signum: int) -> None:
    result = _child(old_set, "commit", signum)
    assert result.returncode != 0 and "finished" not in result.stdout  # it stops, afterwards
    assert _contents(old_set) == {**OLD, **NEW}


def test_sigterm_exits_with_143(old_set: Path) -> None:
    assert _child(old_set, "staging", signal.SIGTERM).returncode == 128 + signal.SIGTERM


def _dead_staging(out: Path, files: dict[str, bytes], committing: bool) -> Path:
    """The staging folder a run killed with SIGKILL leaves: its lock held by no one."""
    staging = out / f"{STAGING_PREFIX}killed"
    staging.mkdir()
    (staging / ".lock").touch()
    for name, data in files.items():
        (staging / name).write_bytes(data)
    if committing:
        (staging / ".commit").touch()
    return staging


def test_after_sigkill_while_staging_the_next_run_removes_the_folder(old_set: Path) -> None:
    staging = _dead_staging(old_set, NEW, committing=False)
    assert recover_staging(old_set) == [staging]
    assert _contents(old_set) == OLD


def test_after_sigkill_while_moving_the_next_run_finishes_the_move(old_set: Path) -> None:
    staging = _dead_staging(old_set, {"c.html": b"new c", "index.html": b"new index"}, committing=True)
    (old_set / "a.html").write_bytes(b"new a")  # moved before the kill
    assert recover_staging(old_set) == [staging]
    assert _contents(old_set) == {"a.html": b"new a", "b.html": b"old b", "c.html": b"new c",
                                  "index.html": b"new index"}


def test_a_render_begins_by_recovering(old_set: Path) -> None:
    _dead_staging(old_set, NEW, committing=False)
    write_files_atomic(old_set, {"d.html": b"d"})
    assert _contents(old_set) == {**OLD, "d.html": b"d"}


def test_the_staging_folder_of_a_live_run_is_left_alone(old_set: Path) -> None:
    staging = _dead_staging(old_set, NEW, committing=False)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; d = os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(d, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
         str(staging / ".lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert recover_staging(old_set) == [] and staging.is_dir()
    finally:
        holder.kill()
        holder.wait()
    assert recover_staging(old_set) == [staging]


def test_a_killed_render_is_cleaned_by_the_next(tmp_path: Path, cli) -> None:
    out = tmp_path / "maps"
    render = subprocess.Popen([sys.executable, "-m", "territory", "render", "--out", str(out),
                               "--only", f"version-{JUNE}", "--no-progress"])
    render.wait(timeout=120)
    assert render.returncode == 0
    first = _contents(out)
    _dead_staging(out, {f"version-{JUNE}.html": b"half"}, committing=False)
    result = cli.run("render", "--out", str(out), "--only", f"version-{JUNE}", "--no-progress")
    assert result.code == 0 and _contents(out) == first


# ---- one line naming the path and the cause

def test_render_into_a_path_under_a_file_is_one_line(tmp_path: Path, cli) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli.run("render", "--out", str(blocker / "maps"), "--no-progress")
    assert result.code == 1 and result.output == (
        f"Error: {blocker / 'maps'}: path: expected a folder to write into ({blocker} is not a "
        "folder), got 'a file'\n"
    )


def test_render_into_a_device_is_one_line(cli) -> None:
    result = cli.run("render", "--out", "/dev/null", "--no-progress")
    assert result.code != 0 and "Traceback" not in result.output
    assert "/dev/null" in result.output and result.output.count("\n") == 1


def test_render_into_a_read_only_folder_is_one_line(tmp_path: Path, cli, monkeypatch) -> None:
    # root ignores file modes: the refusal of the file system is simulated
    out = tmp_path / "read-only"
    out.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(out))

    monkeypatch.setattr("territory._atomic._make_staging", refuse)
    result = cli.run("render", "--out", str(out), "--only", f"version-{JUNE}", "--no-progress")
    assert result.code == 1 and result.output == (
        f"Error: {out}: path: expected a location that can be written ({out}), got 'permission denied'\n"
    )
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("verb", [("render",), ("export", JUNE)])
def test_an_empty_out_is_refused(verb: tuple[str, ...], cli) -> None:
    result = cli.run(*verb, "--out", "")
    assert result.code == 2 and "got an empty one" in result.output


def test_export_into_a_read_only_folder_is_one_line(tmp_path: Path, cli, monkeypatch) -> None:
    out = tmp_path / "layer.geojson"

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = cli.run("export", JUNE, "--out", str(out))
    assert result.code == 1 and result.output == (
        f"Error: {out}: path: expected a location that can be written ({tmp_path}), got 'permission denied'\n"
    )


@pytest.mark.parametrize("suffix", ["geojson", "gpkg"])
def test_export_onto_a_symlink_replaces_its_target_and_keeps_the_link(
    tmp_path: Path, cli, suffix: str
) -> None:
    target = tmp_path / "store" / f"layer.{suffix}"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / f"link.{suffix}"
    link.symlink_to(target)
    result = cli.run("export", JUNE, "--out", str(link))
    assert result.code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() != b"old" and sorted(os.listdir(target.parent)) == [target.name]


def test_a_path_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(territory.ArgumentError, match=r"out: type: expected a path"):
        write_bytes_atomic(5, b"x")  # type: ignore[arg-type]
    with pytest.raises(OutputError, match="an empty one would mean the current folder"):
        write_files_atomic("", {})


def test_no_staging_lock_is_left_in_the_target(old_set: Path) -> None:
    write_files_atomic(old_set, NEW)
    assert not list(old_set.glob(f"{STAGING_PREFIX}*")) and not list(old_set.glob(".*"))
    descriptor = os.open(old_set, os.O_RDONLY)
    try:  # the target's lock was released
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(descriptor)
