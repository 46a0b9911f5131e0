"""Text that is safe to show on a terminal: no control characters from the data or the user."""

from __future__ import annotations


def printable(text: str, keep: str = "", escape: bool = False) -> str:
    """``text`` without control characters (terminal escapes, bells, stray newlines), except
    those in ``keep``; with ``escape`` they are shown as ``\\x1b``-style escapes instead."""
    if text.isprintable():  # nearly always: nothing to look at character by character
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch in keep:
            out.append(ch)
        elif escape:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def one_line(text: str) -> str:
    """``text`` on one line: each run of white space (line breaks included) a single space, and
    no control characters."""
    return printable(" ".join(text.split()))
