"""Write a file whole or not at all: a temp file in the same folder, fsync, rename.

A full disk (``ENOSPC``) or a file-size limit (``EFBIG``) while writing leaves no half
file behind: the temp file is removed and ``WriteFailed`` names the target and the cause.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_DISK_FULL = {
    errno.ENOSPC: "the disk is full",
    errno.EFBIG: "the file is larger than the allowed file size",
    errno.EDQUOT: "the disk quota is exceeded",
}


class WriteFailed(OSError):
    """A file could not be written; nothing was left at the target path."""

    def __str__(self) -> str:
        return str(self.strerror)


def describe_os_error(exc: OSError) -> str:
    """'the disk is full (ENOSPC)' or the system's own words."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"{_DISK_FULL.get(exc.errno or 0, exc.strerror or str(exc))}" + (f" ({name})" if name else "")


@contextmanager
def atomic_path(target: str | os.PathLike, mode: int | None = None) -> Iterator[Path]:
    """Yields a temp path beside ``target``; on a clean exit it is renamed onto ``target``
    (with permission bits ``mode`` when given: mkstemp makes 0600), on any error it is deleted
    (``OSError`` becomes ``WriteFailed``)."""
    target = Path(target)
    if not target.parent.is_dir():
        raise WriteFailed(errno.ENOENT, f"cannot write {target}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_path, mode)
        os.replace(tmp_path, target)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        if isinstance(exc, WriteFailed):
            raise
        raise WriteFailed(exc.errno, f"cannot write {target}: {describe_os_error(exc)}; nothing was written") from exc
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_atomic(target: str | os.PathLike, data: bytes | Callable[[Path], None], mode: int | None = None) -> Path:
    """Write ``data`` (bytes, or a function that writes the temp path it is given) to
    ``target`` whole or not at all. Returns ``target``."""
    with atomic_path(target, mode) as tmp:
        if callable(data):
            data(tmp)
        else:
            with open(tmp, "wb") as fh:
                fh.write(data)
    return Path(target)
