"""Shared fixtures: run the CLI in-process, point it at fixture data, keep caches in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest

from unmech.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
NETWORK = str(FIXTURES / "network.yaml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files in tests/golden/ from the current output")


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNMECH_DEBUG", "1")  # unexpected exceptions keep their traceback in tests
    monkeypatch.setenv("UNMECH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("UNMECH_DATA", raising=False)
    monkeypatch.delenv("UNMECH_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "80")


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.exit_code, self.stdout, self.stderr = code, out, err

    def __repr__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``unmech ARGS`` in-process and return its exit code, stdout and stderr."""

    def _run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""

    def _check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs; rerun with --update-golden if intended"

    return _check


@pytest.fixture(scope="session")
def test_kb():  # type: ignore[no-untyped-def]
    """The hand-written fixture records (tests/fixtures/network.yaml) over the shipped themes
    alone, so outputs compared with golden files do not move when the shipped data changes."""
    from unmech import index, loader
    from unmech.compiled import Compiled
    from unmech.kb import KnowledgeBase

    compiled = loader.load(NETWORK, use_cache=False).plain()
    ours = {"test-body", "test-guide", "test-finding"}
    records = {kind: rows if kind == "themes" or not isinstance(rows, list) else
               [r for r in rows if r["id"] in ours]
               for kind, rows in compiled["records"].items()}
    return KnowledgeBase(Compiled(records, index.build(records)))
