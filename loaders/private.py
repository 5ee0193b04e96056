"""Files that only their user can have written: a folder of the user's own, files in it sealed with a key.

Trust follows ssh: a folder, key or file is used only when it is owned by the user running the
program and writable by nobody else (the key readable by nobody else either), and none of them is
reached through a symbolic link: each is opened relative to the folder holding it, with
``O_NOFOLLOW``, and checked on the open descriptor. Another user who could write the folder above
(a shared ``XDG_CACHE_HOME``, say) can neither plant a file here nor make one that is trusted.

A sealed file ends with a trailer of :data:`TRAILER` bytes: ``MEKTLMAC`` and the HMAC-SHA256 of
everything before it, keyed with 32 random bytes kept in the folder (``key``, mode 0600, made on
first use). Its size is checked against a limit and its trailer read (by seeking) before any of
its body is read; a file whose seal does not match is never parsed. A file is written to a
temporary file beside it (``.NAME-RANDOM.tmp``, mode 0600) and renamed into place; temporary
files older than :data:`STALE_TEMP_SECONDS`, left by a write that was killed, are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .files import new_temp, write_atomically

KEY_NAME = "key"
KEY_BYTES = 32
MAGIC = b"MEKTLMAC"
TRAILER = len(MAGIC) + hashlib.sha256().digest_size
STALE_TEMP_SECONDS = 600
"""A temporary file older than this was left by a write that did not finish (no write takes so long)."""

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class Untrusted(Exception):
    """A folder or key that is not the user's own; the message says why in one line."""


def _check_owner(info: os.stat_result, path: Path, *, private: bool = False) -> None:
    """Raise :class:`Untrusted` unless the user owns it and nobody else may write it (or, ``private``, read it)."""
    if info.st_uid != os.geteuid():
        raise Untrusted(f"{path} is owned by another user (uid {info.st_uid}); it is not used")
    mode = stat.S_IMODE(info.st_mode)
    if mode & (0o077 if private else 0o022):
        who = "readable or writable by others" if private else "writable by others"
        raise Untrusted(f"{path} is {who} (mode {mode:04o}); it is not used")


def _open_dir(parent: int, name: str, path: Path, *, create: bool) -> int:
    """The descriptor of the folder ``name`` (at ``path``) in ``parent``, made if asked; the user's own."""
    if create:
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
        except FileExistsError:
            pass
        except OSError as exc:
            raise Untrusted(f"{path}: {exc.strerror or exc}") from None
    try:
        fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except FileNotFoundError:
        if create:
            raise Untrusted(f"{path}: it vanished while it was made") from None
        raise
    except OSError as exc:
        if os.path.islink(path):
            raise Untrusted(f"{path} is a symbolic link; it is not used") from None
        raise Untrusted(f"{path}: {exc.strerror or exc}") from None
    try:
        _check_owner(os.fstat(fd), path)
    except Untrusted:
        os.close(fd)
        raise
    return fd


class PrivateFolder:
    """An open folder of the user's own (``root``, which holds the key) and its subfolder of sealed files.

    Opening raises :class:`Untrusted` (a folder or key not the user's own, or one that cannot
    be made) and :class:`FileNotFoundError` (without ``create``, when there is none yet).
    Use it as a context manager, which closes it.
    """

    def __init__(self, root: Path, sub: str, *, temp_prefix: str, create: bool) -> None:
        self.root, self.folder = root, root / sub
        self.temp_prefix = temp_prefix
        self._fds: list[int] = []
        try:
            if create:
                try:
                    root.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                except OSError as exc:
                    raise Untrusted(f"{root.parent}: {exc.strerror or exc}") from None
            try:
                base = os.open(root.parent, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
            except OSError as exc:
                if not create and isinstance(exc, FileNotFoundError):
                    raise
                raise Untrusted(f"{root.parent}: {exc.strerror or exc}") from None
            self._fds.append(base)
            self._root_fd = _open_dir(base, root.name, root, create=create)
            self._fds.append(self._root_fd)
            self.key = self._key(create=create)
            self.fd = _open_dir(self._root_fd, sub, self.folder, create=create)
            self._fds.append(self.fd)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        while self._fds:
            os.close(self._fds.pop())

    def __enter__(self) -> PrivateFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the key ---------------------------------------------------------------------------

    def _key(self, *, create: bool) -> bytes:
        try:
            return self._read_key()
        except FileNotFoundError:
            if not create:
                raise
        tmp = new_temp(".key-", mode=0o600, dir_fd=self._root_fd)
        try:
            os.write(tmp[0], secrets.token_bytes(KEY_BYTES))
            os.fsync(tmp[0])
            with contextlib.suppress(FileExistsError):  # another process made it first: theirs is used
                os.link(tmp[1], KEY_NAME, src_dir_fd=self._root_fd, dst_dir_fd=self._root_fd)
        except OSError as exc:
            raise Untrusted(f"{self.root / KEY_NAME}: {exc.strerror or exc}") from None
        finally:
            os.close(tmp[0])
            with contextlib.suppress(OSError):
                os.unlink(tmp[1], dir_fd=self._root_fd)
        return self._read_key()

    def _read_key(self) -> bytes:
        path = self.root / KEY_NAME
        try:
            fd = os.open(KEY_NAME, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=self._root_fd)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise Untrusted(f"{path}: {exc.strerror or exc}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise Untrusted(f"{path} is not a regular file; it is not used")
            _check_owner(info, path, private=True)
            key = os.pread(fd, KEY_BYTES + 1, 0)
        finally:
            os.close(fd)
        if len(key) != KEY_BYTES:
            raise Untrusted(f"{path} is not a key of {KEY_BYTES} bytes; delete it to make a new one")
        return key

    # --- sealed files ------------------------------------------------------------------------

    def read(self, name: str, limit: int) -> bytearray | None:
        """The body of the sealed file ``name``: None unless it is the user's own regular file, within
        ``limit`` bytes, whose seal matches (checked before its body is parsed by anyone)."""
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=self.fd)
        except OSError:  # missing, a symbolic link (not followed), unreadable
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not TRAILER < info.st_size <= limit:
                return None
            _check_owner(info, self.folder / name)
            size = info.st_size - TRAILER
            trailer = os.pread(fd, TRAILER, size)
            if len(trailer) != TRAILER or not trailer.startswith(MAGIC):
                return None
            body = bytearray(size)
            view = memoryview(body)
            got = 0
            while got < size:
                n = os.preadv(fd, [view[got:]], got)
                if n <= 0:
                    return None
                got += n
        except (OSError, Untrusted):
            return None
        finally:
            os.close(fd)
        seal = hmac.new(self.key, body, hashlib.sha256).digest()
        return body if hmac.compare_digest(seal, trailer[len(MAGIC) :]) else None

    def kind(self, name: str) -> str | None:
        """What is at ``name``, without following a link: ``file``, ``other`` or None for nothing."""
        try:
            info = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        return "file" if stat.S_ISREG(info.st_mode) else "other"

    def write(self, name: str, body: Callable[[BinaryIO], None], limit: int) -> None:
        """Write the sealed file ``name``: ``body(out)`` writes its body, at most ``limit`` bytes with the seal.

        Written to a temporary file and renamed into place; on any failure nothing is left behind
        and the exception is raised again (:class:`TooLarge` past the limit).
        """

        def sealed(raw: BinaryIO) -> None:
            out = _SealingWriter(raw, self.key, limit - TRAILER)
            body(out)
            raw.write(MAGIC + out.mac.digest())

        write_atomically(name, sealed, temp_prefix=f"{self.temp_prefix}-", mode=0o600, dir_fd=self.fd)

    def remove_stale(self, *, now: float | None = None) -> int:
        """Remove temporary files older than :data:`STALE_TEMP_SECONDS` (never read); how many went."""
        now = time.time() if now is None else now
        removed = 0
        for folder, prefix in ((self.fd, self.temp_prefix), (self._root_fd, ".key")):
            for name in _temps(folder, prefix):
                with contextlib.suppress(OSError):
                    info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
                        os.unlink(name, dir_fd=folder)
                        removed += 1
        return removed


def _temps(folder: int, prefix: str) -> Iterator[str]:
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries]
    except OSError:
        return
    yield from (n for n in names if n.startswith(prefix + "-") and n.endswith(".tmp"))


class TooLarge(Exception):
    """What was written grew past its limit."""


class _SealingWriter:
    """A binary file that seals (HMACs) what is written through it and stops it past a limit."""

    def __init__(self, out: BinaryIO, key: bytes, limit: int) -> None:
        self.out = out
        self.mac = hmac.new(key, digestmod=hashlib.sha256)
        self.limit = limit
        self.written = 0
        self.closed = False

    def write(self, data: object) -> int:
        view = memoryview(data)  # type: ignore[arg-type]
        self.written += view.nbytes
        if self.written > self.limit:
            raise TooLarge(f"larger than the limit of {self.limit:,} bytes")
        self.mac.update(view)
        return self.out.write(view)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.written
