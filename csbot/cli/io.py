"""Reading what the user hands the CLI: an argument, a file or standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from csbot.errors import InputError

MAX_INPUT_BYTES = 8 * 1024 * 1024


def decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:65536]:
        raise InputError(f"{where} looks like binary data, not a text message")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"{where} is not UTF-8 or GBK text") from None


def read_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"standard input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return decode(data, "standard input")


def read_text_argument(value: str | None) -> str:
    """TEXT given on the command line, or standard input for '-' or nothing."""
    if value is None or value == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("no message given: pass it as an argument or pipe it in")
        return read_stdin()
    return value


def read_file_argument(value: str | None) -> str:
    """A FILE argument, or standard input for '-' or nothing."""
    if value is None or value == "-":
        return read_stdin()
    path = Path(value)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{path} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
        return decode(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
