"""An issue's output folder as a transaction: the press sees the last good build whole, or nothing new.

A build writes every file into a staging folder beside the issue's output
folder (`OUT/.NAME.staging-PID-XXXX`), then swaps the folders: the old one
renamed away (`OUT/.NAME.old-PID-XXXX`), the new one renamed in, the old
one removed. No file of an earlier build survives a rebuild (a page
dropped from the issue is gone), and a reader sees the old set or the new
set, never a mix (for the instant between the two renames, no folder).

A lock file beside the folder (`OUT/.NAME.lock`, holding the builder's
pid) makes a second build into the same folder fail at once, naming the
holder, instead of interleaving with it. The lock is an fcntl lock, so a
build killed with -9 holds it no longer; the next build removes what such
a build left (its staging and old folders, and the temporary files of its
preflight, which live inside the staging folder).

Every OSError on the way (an `--out` under a regular file, no permission,
a full disk) becomes a BuildError naming the path, with the previous
output intact.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
from pathlib import Path
from typing import Iterator

from ..errors import BuildError, Diagnostic, Loc
from ..atomic import fsync_dir


def output_error(err: OSError, what: str, where: Path | None = None) -> BuildError:
    """An OSError of writing output, as the one-line error a user reads (at `where`, else the path
    the OSError names)."""
    path = where or err.filename or ""
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.ENOTDIR: "a part of the path is a file, not a folder",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.EROFS: "the file system is read-only"}.get(err.errno, err.strerror or str(err))
    return BuildError(Diagnostic("error", f"cannot {what}: {reason}", Loc(Path(path)) if path else None,
                                 "free space or choose another --out folder; the previous output is untouched"))


def prepare_out(out_dir: Path) -> None:
    """Make sure the output folder can be made, before any work is done (fail in milliseconds, not
    after the layout)."""
    out_dir = Path(out_dir)
    for parent in [out_dir, *out_dir.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise BuildError(Diagnostic("error", f"the output folder {out_dir} cannot be made: {parent} is a "
                                            "file, not a folder", Loc(parent), "choose another --out folder"))
            break
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise output_error(err, f"make the output folder {out_dir}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise BuildError(Diagnostic("error", f"cannot write into the output folder {out_dir}: permission denied",
                                    Loc(out_dir), "choose another --out folder"))


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock of `target` (an issue's output folder) for a build, or fail naming its holder."""
    lock = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as err:
        raise output_error(err, f"lock {target}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise BuildError(Diagnostic(
                "error", f"another build (pid {holder}) is writing {target}", Loc(lock),
                "wait for it to finish; the lock goes with its process")) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        remove_abandoned(target)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race the next build)


def remove_abandoned(target: Path) -> None:
    """Staging and old folders beside `target` left by builds that were killed. Called with the lock
    held, so none of them belongs to a running build."""
    for folder in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in target.parent.glob(f".{target.name}.old-*"):
        shutil.rmtree(folder, ignore_errors=True)


def new_stage(target: Path) -> Path:
    stage = target.parent / f".{target.name}.staging-{os.getpid()}-{secrets.token_hex(3)}"
    try:
        stage.mkdir()
    except OSError as err:
        raise output_error(err, f"make a staging folder beside {target}") from None
    return stage


def swap_in(stage: Path, target: Path) -> None:
    """Put the staged build in place of `target`, whole: old folder away, new folder in, old removed."""
    old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(3)}"
    try:
        if target.exists() or target.is_symlink():
            os.rename(target, old)
        os.rename(stage, target)
    except OSError as err:
        if old.exists() and not target.exists():
            os.rename(old, target)  # put the previous build back
        raise output_error(err, f"put the new build in place at {target}") from None
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)
