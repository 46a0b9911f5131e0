"""The exceptions unmech raises on purpose; the CLI maps each to an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    """What the process exit status means (README, "Exit codes")."""

    OK = 0
    """Success."""
    NOTHING = 1
    """Nothing found (no hits, an unknown id), or problems reported by validate."""
    USAGE = 2
    """A usage error, unusable data, or output that cannot be written."""
    BUG = 3
    """An internal error: a bug."""
    INTERRUPTED = 130
    """Interrupted with Ctrl-C (or SIGTERM/SIGHUP)."""


class UnmechError(Exception):
    """An expected failure with a message for the user."""

    exit_code = ExitCode.USAGE


#: Where to see the valid values, by kind, when nothing close was found.
_LISTS = {
    "country": "Give an ISO 3166 alpha-3 code such as VNM, or a name such as Viet Nam; "
               "'unmech list countries' lists them.",
    "guide": "Run 'unmech list procedures' to see the guides.",
    "procedure": "Run 'unmech list procedures' to see the guides.",
    "theme": "Run 'unmech list themes' to see the themes.",
}


class NotFoundError(UnmechError):
    """No record has the id the user asked for."""

    exit_code = ExitCode.NOTHING

    def __init__(self, kind: str, ident: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.ident = ident
        self.suggestions = suggestions
        hint = (
            "Did you mean: " + ", ".join(suggestions) + "?"
            if suggestions
            else _LISTS.get(kind, "Run 'unmech list' to see the ids.")
        )
        what = (f"'{ident}' is not a country code or name unmech knows" if kind == "country"
                else f"No {kind} has the id '{ident}'")
        super().__init__(f"{what}. {hint}")


class DataError(UnmechError):
    """The knowledge base cannot be used: unreadable, malformed or invalid."""

    def __init__(self, problems: Sequence[object], message: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__(
            message
            or f"The data has {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
            "fix them, then check with 'unmech validate PATH'."
        )


class OutputExistsError(UnmechError):
    """The export target exists and --force was not given."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} already exists. Use --force to overwrite it, or choose another -o path.")


class NotRegularFileError(UnmechError):
    """The output path is a device, pipe, socket or other special file, not a regular file."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} is not a regular file (it is a device, pipe or socket); unmech "
                         "writes only to regular files. Choose a file name instead.")


class UsageError(UnmechError):
    """The command line asks for something that cannot be done."""


class OutputError(UnmechError):
    """Standard output (or the terminal) cannot take what unmech writes: closed, full or broken."""
