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
            else "Run 'unmech list' to see the ids."
        )
        super().__init__(f"No {kind} has the id '{ident}'. {hint}")


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
