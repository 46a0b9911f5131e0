"""JSON for scripts: plain dicts, written with the json module, never through rich."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """Pretty, UTF-8-preserving JSON text ending in a newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
