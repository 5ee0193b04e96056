"""Reading a file that must be a regular file of bounded size, without blocking on anything else; writing one
whole or not at all."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 22
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileRefused(Exception):
    """The file cannot be read; the message says why in a few words."""


class OutsideFolder(FileRefused):
    """A path that would lead outside its folder; ``absolute`` when it is an absolute path."""

    def __init__(self, reason: str, *, absolute: bool = False) -> None:
        super().__init__(reason)
        self.absolute = absolute


def inside_folder(folder: Path, file: str) -> Path:
    """Where the relative path ``file`` leads inside ``folder`` now, links followed (both resolved).

    Raises :class:`OutsideFolder` with a short reason for a path with a NUL character, an absolute
    path, one that cannot be followed (a link loop, a name too long) and one that leaves the folder.
    """
    if "\0" in file:
        raise OutsideFolder("contains a NUL character; refused")
    if Path(file).is_absolute() or file.startswith(("/", "\\")):
        raise OutsideFolder("is an absolute path; refused", absolute=True)
    try:
        base = folder.resolve()
        full = (base / file).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long for the system
        raise OutsideFolder(f"cannot be followed: {getattr(exc, 'strerror', None) or 'symlink loop'}") from None
    if not full.is_relative_to(base):
        raise OutsideFolder("leaves the record's folder; refused")
    return full


@contextmanager
def _open_regular(path: Path, limit: int) -> Iterator[tuple[int, int]]:
    """The open descriptor of ``path`` and its size, once checked to be a regular file within ``limit``."""
    name = str(path)
    if "\0" in name:
        raise FileRefused("the path contains a NUL character")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused("file not found") from None
    except OSError as exc:
        raise FileRefused(f"cannot be opened: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("is not a regular file")
        if info.st_size > limit:
            raise FileRefused(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        yield fd, info.st_size
    except OSError as exc:
        raise FileRefused(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    Opened without blocking (a FIFO or device never stalls the reader), checked on the open
    descriptor (what is read is what was checked), and read no further than ``limit`` + 1 bytes.
    Raises :class:`FileRefused` with a short reason.
    """
    with _open_regular(path, limit) as (fd, size):
        chunks = []
        left = limit + 1
        want = size + 1  # all of it in one read (one buffer, no copy to join), as the file stands
        while left > 0:
            chunk = os.read(fd, min(left, max(want, CHUNK)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileRefused(f"grew past the limit of {limit:,} bytes while being read")
        return data


@dataclass(frozen=True)
class Digest:
    """What :func:`digest_regular` found: the SHA-256 (hex) and size of a file's bytes; for a text, how many
    characters (code points, were it decoded as UTF-8) and line breaks it holds."""

    sha256: str
    size: int
    chars: int | None = None
    newlines: int | None = None


_CONTINUATION = bytes(range(0x80, 0xC0))
"""The bytes that continue a UTF-8 character: every other byte starts one."""


def digest_regular(path: Path, limit: int, *, text: bool = False) -> Digest:
    """The :class:`Digest` of ``path``, checked as :func:`read_regular` checks it, read piece by piece.

    With ``text``, also counts its characters and line breaks as it goes.
    """
    with _open_regular(path, limit) as (fd, _):
        h = hashlib.sha256()
        seen = chars = newlines = 0
        while chunk := os.read(fd, CHUNK):
            seen += len(chunk)
            if seen > limit:
                raise FileRefused(f"grew past the limit of {limit:,} bytes while being read")
            h.update(chunk)
            if text:
                chars += len(chunk.translate(None, _CONTINUATION))
                newlines += chunk.count(b"\n")
        if text:
            return Digest(h.hexdigest(), seen, chars, newlines)
        return Digest(h.hexdigest(), seen)


def new_temp(prefix: str, *, folder: str | Path = "", mode: int = 0o666, dir_fd: int | None = None) -> tuple[int, str]:
    """A new temporary file ``PREFIX`` + 16 random hex digits + ``.tmp`` in ``folder`` (or in the open folder
    ``dir_fd``): its descriptor, open for writing, and its path.

    Made with ``mode`` less the umask, and only if nothing (not even a link) is at that name.
    """
    name = os.path.join(folder, f"{prefix}{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    return os.open(name, flags, mode, dir_fd=dir_fd), name


def write_atomically(
    path: str | Path,
    write: Callable[[BinaryIO], None],
    *,
    temp_prefix: str,
    mode: int = 0o666,
    dir_fd: int | None = None,
) -> None:
    """Write the file ``path`` whole: a reader sees what was there before or all of the new file, never a part.

    ``write(out)`` writes it to a temporary file in the same folder (:func:`new_temp`, ``temp_prefix``
    and ``mode``), which is flushed to disk and renamed to ``path``, replacing what is there. ``path``
    is relative to the open folder ``dir_fd`` when one is given. On any failure the temporary file
    is removed and the exception raised again.
    """
    fd, temp = new_temp(temp_prefix, folder=os.path.dirname(path), mode=mode, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        if dir_fd is None:
            os.replace(temp, path)
        else:
            os.replace(temp, path, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise
