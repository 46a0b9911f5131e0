"""Start-up benchmark: unmech commands against `python -c pass`, in interleaved pairs.

Run it with the interpreter of a virtual environment where unmech is installed non-editably:

    python -m venv /tmp/bench && /tmp/bench/bin/pip install . && /tmp/bench/bin/python bench/startup.py

Each row runs the command and the floor alternately (A B A B ...) and reports the medians and
the median of the per-pair ratios. "terminal" rows run under a pseudo-terminal so that the rich
output path is measured. The last table shows how a cached search and show grow in time and peak
memory with overlays of 1x (no records of its own), 10x and 100x the shipped data (renamed
copies of every record). ``--only TEXT`` runs only the rows whose name has TEXT, and those
three. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.dirname(sys.executable)
UNMECH = os.path.join(BIN, "unmech")
FLOOR = [sys.executable, "-c", "pass"]


PEAK_KIB: list[int] = []  # peak resident memory of the last command run, in KiB


class CommandFailed(Exception):
    """A measured command did not succeed, so its time says nothing about the budget."""


def wall_ms(argv: list[str], env: dict[str, str], terminal: bool = False) -> float:
    start = time.perf_counter_ns()
    if terminal:
        pid, fd = pty.fork()
        if pid == 0:  # child: run the command with the pty as its terminal
            os.execve(argv[0], argv, env)
        while True:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
        code = os.waitstatus_to_exitcode(status)
    else:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env)
        proc.communicate()
        usage = _LAST_USAGE.pop() if _LAST_USAGE else None
        code = proc.returncode
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if usage is not None:
        PEAK_KIB[:] = [usage.ru_maxrss]
    if code != 0:
        raise CommandFailed(f"{' '.join(argv[1:])} exited with {code}")
    return elapsed


_LAST_USAGE: list[os.struct_rusage] = []  # type: ignore[name-defined]


class _Popen(subprocess.Popen):  # type: ignore[type-arg]
    """Popen that keeps the child's resource usage (for its peak memory)."""

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid:
            _LAST_USAGE[:] = [usage]
        return pid, status


subprocess.Popen = _Popen  # type: ignore[misc]


def make_big_kb(folder: str, factor: int = 10, shared: bool = True) -> str:
    """An overlay that adds (factor - 1) renamed copies of every shipped record. With ``shared``,
    the copies' lists that are the same object are written once, as YAML anchors and aliases
    (half the size; the cached rows never parse it); without, every record is written out in
    full, as people write their files."""
    from unmech import loader

    kb = loader.load(use_cache=False)["records"]
    out: dict[str, list[object]] = {"mechanisms": [], "procedures": [], "findings": []}
    for n in range(1, factor):
        suffix = f"-copy{n}"
        for m in kb["mechanisms"]:
            out["mechanisms"].append({**m, "id": m["id"] + suffix, "parent": None,
                                      "procedures": [p + suffix for p in m.get("procedures") or ()]})
        for p in kb["procedures"]:
            out["procedures"].append({**p, "id": p["id"] + suffix,
                                      "mechanisms": [x + suffix for x in p["mechanisms"]]})
        for f in kb["findings"]:
            out["findings"].append({**f, "id": f["id"] + suffix, "mechanism": f["mechanism"] + suffix})
    for kind in out:
        for record in out[kind]:
            for field in [k for k, v in record.items() if v is None]:
                del record[field]
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        """Unless ``shared``, writes every record out in full: the copies share lists, which
        would otherwise come out as anchors and aliases across records."""

        def ignore_aliases(self, data: object) -> bool:
            return not shared or super().ignore_aliases(data)

    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "big.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(out, handle, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    return path


class Row:
    """What one measured row gave."""

    def __init__(self, ms: float, floor_ms: float, ratio: float, peak_mib: float, ok: bool) -> None:
        self.ms, self.floor_ms, self.ratio, self.peak_mib, self.ok = ms, floor_ms, ratio, peak_mib, ok


def measure(name: str, argv: list[str], budget: float | None, env: dict[str, str], pairs: int,
            terminal: bool = False, before: object = None, memory_mib: float | None = None) -> Row:
    try:
        a, b, peaks = _pairs(argv, env, pairs, terminal, before)
    except CommandFailed as failure:  # a failing command's time says nothing about its budget
        print(f"{name:44} FAILED: {failure}", flush=True)
        return Row(float("nan"), float("nan"), float("nan"), 0.0, False)
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    peak = max(peaks)
    ok = (budget is None or ratio <= budget) and (memory_mib is None or peak <= memory_mib)
    verdict = "(no budget)" if budget is None else f"budget {budget:>4}x  {'ok' if ok else 'OVER'}"
    memory = f"{peak:6.1f} MiB" + (f" (≤{memory_mib:.0f})" if memory_mib else "")
    print(f"{name:44} {statistics.median(a):7.1f} ms  floor {statistics.median(b):5.1f} ms  "
          f"{ratio:6.2f}x  {memory:16} {verdict}", flush=True)
    return Row(statistics.median(a), statistics.median(b), ratio, peak, ok)


def _pairs(argv: list[str], env: dict[str, str], pairs: int, terminal: bool,
           before: object) -> tuple[list[float], list[float], list[float]]:
    """Two warm-up runs, then ``pairs`` interleaved runs of the command and of the floor."""
    for _ in range(2):
        if before:
            before()  # type: ignore[operator]
        wall_ms(argv, env, terminal)
        wall_ms(FLOOR, env)
    a, b, peaks = [], [], []
    for _ in range(pairs):
        if before:
            before()  # type: ignore[operator]
        a.append(wall_ms(argv, env, terminal))
        peaks.append(PEAK_KIB[0] / 1024 if PEAK_KIB else 0.0)
        b.append(wall_ms(FLOOR, env))
    return a, b, peaks


def _make_in_child(folder: str, factor: int, shared: bool = True) -> str:
    """Generate an overlay in another process, so that this one stays small: a child's peak
    memory counts the memory of the process it was forked from."""
    out = subprocess.run([sys.executable, __file__, "--make-kb", folder, str(factor),
                          "shared" if shared else "full"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _growth(results: dict[str, Row], some_id: str) -> None:
    """How time and peak memory grow with the data: the cached rows at 1x, 10x and 100x."""
    print("\ngrowth with the data (overlay cached; x = ratio to python -c pass):")
    print(f"{'data':6} {'search torture':>24} {'show ' + some_id:>24}")
    for factor in (1, 10, 100):
        cells = []
        for command in ("search torture", f"show {some_id}"):
            row = results[f"{command}, {factor}x overlay, cached"]
            cells.append(f"{row.ms:6.0f} ms {row.ratio:5.1f}x {row.peak_mib:4.0f} MiB")
        print(f"{str(factor) + 'x':6} {cells[0]:>24} {cells[1]:>24}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=21)
    parser.add_argument("--make-kb", nargs=3, metavar=("FOLDER", "FACTOR", "SHARED"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--only", metavar="TEXT", default="",
                        help="run only the rows whose name contains TEXT (and the growth rows)")
    args = parser.parse_args()
    if args.make_kb:
        print(make_big_kb(args.make_kb[0], int(args.make_kb[1]), args.make_kb[2] == "shared"))
        return 0
    if not os.path.exists(UNMECH):
        print(f"no unmech next to {sys.executable}; install it in this environment first")
        return 2
    tmp = tempfile.mkdtemp(prefix="unmech-bench-")
    env = {**os.environ, "UNMECH_CACHE_DIR": os.path.join(tmp, "cache"), "COLUMNS": "100"}
    env.pop("UNMECH_DATA", None)
    one = _make_in_child(os.path.join(tmp, "one"), 1)
    big = _make_in_child(tmp, 10)
    huge = _make_in_child(os.path.join(tmp, "huge"), 100)
    some_id, some_guide = "wgad", "wgad-petition"
    cold = _make_in_child(os.path.join(tmp, "cold"), 10, shared=False)
    small = os.path.join(tmp, "network.yaml")
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "network.yaml"),
                small)

    # a copy of the installed package whose YAML no longer matches its compiled form
    import unmech

    edited = os.path.join(tmp, "edited")
    shutil.copytree(os.path.dirname(unmech.__file__), os.path.join(edited, "unmech"))
    edited_yaml = os.path.join(edited, "unmech", "data", "mechanisms.yaml")
    with open(edited_yaml, "a", encoding="utf-8") as handle:
        handle.write("\n# edited after it was compiled\n")
    edited_env = {**env, "PYTHONPATH": edited}

    def edit(path: str) -> object:
        def _edit() -> None:  # new content: the cache (keyed by content) no longer matches
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"# edit {time.time_ns()}\n")
        return _edit

    def edit_record(path: str, section: str) -> object:
        def _edit() -> None:  # one record's summary changes, in the second half of the section
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            start = re.compile(rf"^{section}:", re.MULTILINE).search(text).start()  # type: ignore[union-attr]
            end = re.compile(r"^\w", re.MULTILINE).search(text, start + 2)
            stop = end.start() if end else len(text)
            # a summary that is a plain scalar: words put before it keep it one
            plain = re.compile(r"^ +summary: (?=[A-Za-z])", re.MULTILINE)
            found = plain.search(text, (start + stop) // 2, stop) or plain.search(text, start, stop)
            assert found, f"{path} has no plain summary to edit in {section}"
            at = found.end()
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(f"{text[:at]}edited {time.time_ns()} {text[at:]}")
        return _edit

    def add_finding(path: str) -> object:
        def _add() -> None:  # a new finding at the end of the file's findings
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            at = text.index("\nfindings:\n") + len("\nfindings:\n")
            stamp = time.time_ns()
            record = (f"- id: added-{stamp}\n  mechanism: wgad\n  kind: study\n  title: Added {stamp}\n"
                      f"  date: '2024'\n  themes: [torture]\n  summary: A finding a network added, long "
                      f"enough to pass the check on summaries, number {stamp}.\n"
                      f"  url: https://example.org/{stamp}\n  sources:\n"
                      f"  - title: Notes\n    url: https://example.org/{stamp}\n"
                      f"  last_reviewed: '2026-01-01'\n")
            end = re.compile(r"^\w", re.MULTILINE).search(text, at)
            stop = end.start() if end else len(text)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text[:stop] + record + text[stop:])
        return _add

    complete_env = {**env, "_UNMECH_COMPLETE": "complete_bash", "COMP_WORDS": "unmech show wgad-p",
                    "COMP_CWORD": "2"}
    # name, argv, budget (x floor), on a terminal, before each run, environment, peak MiB budget
    rows: list[tuple] = [  # type: ignore[type-arg]
        ("search torture (piped)", [UNMECH, "search", "torture"], 9, False, None),
        (f"show {some_id} (piped)", [UNMECH, "show", some_id], 9, False, None),
        (f"guide {some_guide} (piped)", [UNMECH, "guide", some_guide], 9, False, None),
        ("--help (piped)", [UNMECH, "--help"], 9, False, None),
        ("--version (piped)", [UNMECH, "--version"], 9, False, None),
        ("completion of a record id", [UNMECH], 8, False, None, complete_env),
        ("search torture (terminal, rich)", [UNMECH, "search", "torture"], 12, True, None),
        (f"show {some_id} (terminal, rich)", [UNMECH, "show", some_id], 12, True, None),
        (f"guide {some_guide} (terminal, rich)", [UNMECH, "guide", some_guide], 12, True, None),
        ("--help (terminal, rich)", [UNMECH, "--help"], 14, True, None),
        ("search torture, 1x overlay, cached", [UNMECH, "search", "torture", "--data", one], None,
         False, None),
        ("search torture, 10x overlay, cached", [UNMECH, "search", "torture", "--data", big], 10,
         False, None),
        ("search torture, 100x overlay, cached", [UNMECH, "search", "torture", "--data", huge], 15,
         False, None, env, 100),
        (f"show {some_id}, 1x overlay, cached", [UNMECH, "show", some_id, "--data", one], None,
         False, None),
        (f"show {some_id}, 10x overlay, cached", [UNMECH, "show", some_id, "--data", big], None,
         False, None),
        (f"show {some_id}, 100x overlay, cached", [UNMECH, "show", some_id, "--data", huge], None,
         False, None, env, 100),
        # the first run after a 10x overlay changed: its text and not its records, then a record
        ("search torture, 10x overlay, comment added", [UNMECH, "search", "torture", "--data", cold],
         20, False, edit(cold)),
        ("search torture, 10x overlay, finding edited", [UNMECH, "search", "torture", "--data", cold],
         20, False, edit_record(cold, "findings")),
        ("search torture, 10x overlay, guide edited", [UNMECH, "search", "torture", "--data", cold],
         20, False, edit_record(cold, "procedures")),
        ("search torture, 10x overlay, finding added", [UNMECH, "search", "torture", "--data", cold],
         20, False, add_finding(cold)),
        ("search torture, 10x overlay, mechanism edited",
         [UNMECH, "search", "torture", "--data", cold], 20, False, edit_record(cold, "mechanisms")),
        # a checkout whose data was edited without `python -m unmech.loader`: a developer's path
        ("search torture, shipped YAML changed", [sys.executable, "-m", "unmech", "search", "torture"],
         None, False, edit(edited_yaml), edited_env),
        ("search torture, network file, guide edited", [UNMECH, "search", "torture", "--data",
                                                        small], 20, False, edit_record(small, "procedures")),
    ]
    print(f"python {sys.version.split()[0]}, {args.pairs} pairs a row, overlays of "
          f"{os.path.getsize(big) // 1024} KiB (10x) and {os.path.getsize(huge) // 1024} KiB (100x)")
    rows = [row for row in rows if args.only in row[0] or "x overlay, cached" in row[0]]
    results = {row[0]: measure(row[0], row[1], row[2], row[5] if len(row) > 5 else env, args.pairs,
                               row[3], row[4], row[6] if len(row) > 6 else None)
               for row in rows}  # every row runs, even after one is over budget
    _growth(results, some_id)
    ok = all(r.ok for r in results.values())
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
