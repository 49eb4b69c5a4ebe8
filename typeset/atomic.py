"""Atomic file output: a failed build never leaves a half-written or clobbered file.

`atomic_write(path)` yields a binary file in the same directory (so the
final `os.replace` is a rename on one filesystem, atomic on POSIX); only when
the body finishes is the data flushed, fsynced and moved over `path`. On any
exception, KeyboardInterrupt included, the temporary file is removed and
`path` is left exactly as it was.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import BinaryIO, Iterator


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never write through someone else's file; 0o666 lets the umask
    # decide the final permissions, as for any ordinary output file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
