"""The one exception family csbot raises for problems a person can fix.

    CsbotError                 base: ``str(err)`` is one readable line
    ├── ShopError              a shop folder is missing or unreadable
    │   └── ShopDataError      the SQLite store or an import file is bad
    ├── IntentsFileError       the intents file does not parse or is inconsistent
    ├── TemplateError          a reply template fails to compile or render
    ├── RulesError             a compliance rules file is malformed
    └── InputError             a buyer message or CLI argument cannot be used

The CLI prints ``csbot: <message>`` and exits non-zero; the TUI shows a notification.
"""

from __future__ import annotations

from pathlib import Path


class CsbotError(Exception):
    """A problem the user can understand and act on."""

    exit_code = 2

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        self.title = title or "csbot"

    def __str__(self) -> str:
        return self.message


class ShopError(CsbotError):
    """A shop folder is missing, incomplete or unreadable."""


class ShopDataError(ShopError):
    """The shop's SQLite store or an import file cannot be used."""


class IntentsFileError(CsbotError):
    """The intents file (or a phrasings file beside it) does not parse or is inconsistent."""

    def __init__(self, message: str, *, title: str | None = None, path: Path | None = None) -> None:
        super().__init__(message, title=title)
        self.path = path
        """The file at fault when it is not the intents file itself."""


class TemplateError(CsbotError):
    """A reply template fails to compile or render."""


class RulesError(CsbotError):
    """A compliance rules file is malformed."""


class InputError(CsbotError):
    """A buyer message or command-line argument cannot be used."""
