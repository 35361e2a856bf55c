"""Saving a shop owner's files without ever leaving one half-written or silently clobbered.

* Atomic: the new text goes to a temporary file in the same folder, is flushed to disk and
  then renamed over the old one, so a crash or a full disk leaves the old file intact.
* A ``.bak`` beside the file keeps the previous version (one level of "undo" outside csbot).
* Conflicts: a :class:`FileStamp` taken when the file was opened is compared with the file on
  disk before writing; if someone (another csbot, a text editor, a sync tool) changed it in
  between, the save is refused with :class:`FileConflictError` instead of overwriting.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from csbot.errors import CsbotError

BACKUP_SUFFIX = ".bak"


class FileConflictError(CsbotError):
    """The file changed on disk since it was opened; saving would lose the other change."""


class SaveError(CsbotError):
    """The file could not be written (permissions, full disk, a folder in the way)."""


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was read: ``exists`` False for a file not yet created."""

    exists: bool
    mtime_ns: int = 0
    digest: str = ""

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        try:
            data = path.read_bytes()
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            return cls(exists=False)
        except OSError as exc:
            raise SaveError(f"{path}: cannot read ({exc.strerror or exc})") from None
        return cls(exists=True, mtime_ns=mtime, digest=_digest(data))

    def same_content(self, other: FileStamp) -> bool:
        # The hash decides: a `touch` or a sync that rewrote identical bytes is no conflict.
        return self.exists == other.exists and self.digest == other.digest


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_text(path: Path) -> tuple[str, FileStamp]:
    """The file's text ('' when missing) and the stamp to save against later."""
    stamp = FileStamp.of(path)
    if not stamp.exists:
        return "", stamp
    try:
        return path.read_bytes().decode("utf-8-sig"), stamp
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not UTF-8 text; convert it to UTF-8 before editing") from None


def check_unchanged(path: Path, opened: FileStamp) -> None:
    """Raise FileConflictError when ``path`` no longer matches what was opened."""
    now = FileStamp.of(path)
    if now.same_content(opened):
        return
    if not opened.exists:
        change = "was created by someone else"
    elif not now.exists:
        change = "was deleted"
    else:
        change = "was changed by someone else"
    raise FileConflictError(
        f"{path} {change} since you opened it; not saved (your text is kept). "
        "Reload the file and apply your change again.",
        title="文件已被修改",
    )


def atomic_write(path: Path, text: str, *, opened: FileStamp | None = None, backup: bool = True) -> FileStamp:
    """Write ``text`` to ``path`` atomically, keeping the old version as ``<name>.bak``.

    With ``opened``, refuse (FileConflictError) when the file changed since that stamp.
    Returns the new stamp, to save against next time."""
    if opened is not None:
        check_unchanged(path, opened)
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup and path.is_file():
            _copy_atomic(path, path.with_name(path.name + BACKUP_SUFFIX))
        _replace_with(path, data)
    except OSError as exc:
        raise SaveError(f"{path}: cannot save ({exc.strerror or exc})") from None
    return FileStamp(exists=True, mtime_ns=path.stat().st_mtime_ns, digest=_digest(data))


def remove(path: Path, *, opened: FileStamp | None = None, backup: bool = True) -> None:
    """Delete ``path`` (keeping a .bak), refusing when it changed since ``opened``."""
    if opened is not None:
        check_unchanged(path, opened)
    if not path.exists():
        return
    try:
        if backup:
            _copy_atomic(path, path.with_name(path.name + BACKUP_SUFFIX))
        path.unlink()
    except OSError as exc:
        raise SaveError(f"{path}: cannot delete ({exc.strerror or exc})") from None


def _replace_with(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    # The temp name starts with "." and ends in ".tmp": never mistaken for a template.
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _copy_atomic(source: Path, target: Path) -> None:
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(temp_name)
    try:
        shutil.copy2(source, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; the rename is still atomic there
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on folders; durability is best effort
    finally:
        os.close(descriptor)
